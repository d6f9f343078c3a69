import { describe, expect, it } from 'vitest';
import type { ConsentRecord, OptOutRecord } from '../../../shared/domain/contact';
import { consentEntries, displayAddress, historyEntries } from '../../../renderer/src/features/contacts/ledger';

const optOut = (over: Partial<OptOutRecord>): OptOutRecord => ({
  channel: 'sms',
  address: '+79161234567',
  optedOut: true,
  reason: '',
  source: 'web:manual',
  at: '2025-03-01T10:00:00.000Z',
  ...over,
});

const consent = (over: Partial<ConsentRecord>): ConsentRecord => ({
  id: 1,
  channel: 'telegram',
  address: '+79161234567',
  source: 'Анкета в магазине',
  evidence: '',
  at: '2025-03-01T10:00:00.000Z',
  ...over,
});

describe('card ledgers', () => {
  it('shows the opt-out history newest first, one entry per action with all its addresses', () => {
    const entries = historyEntries([
      optOut({ at: '2025-01-01T00:00:00.000Z' }),
      optOut({ channel: 'telegram', at: '2025-02-01T00:00:00.000Z' }),
      optOut({ channel: 'telegram', address: 'tg:123', at: '2025-02-01T00:00:00.000Z' }),
    ]);
    expect(entries.map((e) => [e.channel, e.addresses])).toEqual([
      ['telegram', ['+79161234567', 'tg:123']],
      ['sms', ['+79161234567']],
    ]);
  });

  it('keeps separate actions apart even at the same second', () => {
    const entries = historyEntries([optOut({ reason: 'a' }), optOut({ reason: 'b' })]);
    expect(entries).toHaveLength(2);
  });

  it('merges a Telegram consent recorded for the phone and the chat id into one entry', () => {
    const entries = consentEntries([
      consent({ id: 3, channel: 'sms', source: 'Сайт' }),
      consent({ id: 2, address: 'tg:123' }),
      consent({ id: 1 }),
    ]);
    expect(entries.map((e) => [e.channel, e.source, e.addresses])).toEqual([
      ['sms', 'Сайт', ['+79161234567']],
      ['telegram', 'Анкета в магазине', ['tg:123', '+79161234567']],
    ]);
  });

  it('groups phone digits and leaves other addresses as they are', () => {
    expect(displayAddress('+79161234567')).toBe('+7 916 123 45 67');
    expect(displayAddress('tg:123')).toBe('tg:123');
    expect(displayAddress('a@b.ru')).toBe('a@b.ru');
  });
});
