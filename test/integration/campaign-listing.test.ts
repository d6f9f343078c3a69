// Who a campaign is for, one by one: before launch, who the cost preview leaves out on each channel and why
// (opted out, no address, a repeat) — the counts it shows, listable; after launch, the per-recipient record of
// every message with its state, filterable by state and by number, page by page.
import { afterEach, describe, expect, it } from 'vitest';
import { saveRecipientList } from '../../electron/core/repos/recipient-lists';
import type { Audience } from '../../shared/domain/campaigns';
import { closeAll, phones, run, worker, world } from '../helpers/dispatch-world';

afterEach(closeAll);

const spec = (accountId: number, audience: Audience) => ({
  channels: [{ channel: 'sms' as const, accountId }],
  mode: 'priority' as const,
  audience,
  text: 'Здравствуйте, {first_name|клиент}!',
  marketing: false,
  quietHours: { from: '09:00', to: '21:00' },
});

describe('campaign recipients, listable', () => {
  it('before launch: the opted-out, those without a number and repeated sheet rows, as the preview counts them', async () => {
    const w = await world('2026-03-02T10:00:00.000Z', phones(3));
    const h = w.core.handlers;
    const [first] = h['contacts:list']({ offset: 0, limit: 10 }).rows;
    h['contacts:update']({ id: first!.id, patch: { lastName: 'Отказов', firstName: 'Пётр' } });
    h['contacts:set-opt-out']({ id: first!.id, channel: 'sms', optedOut: true, reason: 'просил не писать' });
    const mailOnly = h['contacts:create']({ email: 'only@mail.ru', firstName: 'Почта' });
    const c = h['campaigns:create']({ name: 'Все', spec: spec(w.accountId, { kind: 'all' }) });
    const preview = await h['campaigns:preview']({ id: c.id });
    expect(preview.channels[0]).toMatchObject({ sendable: 2, suppressed: 1, skipped: 1, duplicates: 0 });
    expect(h['campaigns:excluded']({ id: c.id, channel: 0, kind: 'suppressed', offset: 0, limit: 10 })).toEqual({
      total: 1,
      rows: [{ contactId: first!.id, row: null, name: 'Отказов Пётр', address: first!.phone }],
    });
    expect(h['campaigns:excluded']({ id: c.id, channel: 0, kind: 'skipped', offset: 0, limit: 10 })).toEqual({
      total: 1,
      rows: [{ contactId: mailOnly.id, row: null, name: 'Почта', address: null }],
    });
    expect(() => h['campaigns:excluded']({ id: c.id, channel: 1, kind: 'skipped', offset: 0, limit: 10 })).toThrow(
      /1 channel/,
    );

    // A campaign sheet with a number twice: the repeat is listed by its row.
    const listId = saveRecipientList(
      w.core.db,
      'Лист',
      'sheet:test',
      [2, 3, 4].map((row) => ({
        row,
        phone: row === 4 ? '+79160000002' : `+7916000000${row}`,
        sendAt: '2026-03-02T10:00:00.000Z',
        sendAtLocal: '2026-03-02 13:00:00',
        vars: [],
      })),
      '2026-03-02T10:00:00.000Z',
    );
    const s = h['campaigns:create']({ name: 'Лист', spec: spec(w.accountId, { kind: 'sheet', listId }) });
    expect(h['campaigns:excluded']({ id: s.id, channel: 0, kind: 'duplicates', offset: 0, limit: 10 })).toEqual({
      total: 1,
      rows: [{ contactId: null, row: 4, name: '', address: '+79160000002' }],
    });
  });

  it('after launch: every message with its state and the provider words, by state, by number, page by page', async () => {
    const w = await world('2026-03-02T10:00:00.000Z', phones(30));
    const h = w.core.handlers;
    const c = h['campaigns:create']({ name: 'Все', spec: spec(w.accountId, { kind: 'all' }) });
    h['campaigns:launch']({ id: c.id });
    await run(worker(w), w);
    const all = h['campaigns:messages']({ id: c.id, offset: 0, limit: 500 });
    expect(all.total).toBe(30);
    expect(all.rows.map((r) => r.address)).toEqual(phones(30));
    expect(all.rows[0]).toMatchObject({
      channel: 'sms',
      state: 'sent',
      name: 'Анна',
      attempts: 1,
      parts: 1,
      sentAt: '2026-03-02T10:00:00.000Z',
    });
    const page = h['campaigns:messages']({ id: c.id, state: 'sent', offset: 10, limit: 5 });
    expect(page).toMatchObject({ total: 30 });
    expect(page.rows.map((r) => r.address)).toEqual(phones(30).slice(10, 15));
    expect(h['campaigns:messages']({ id: c.id, state: 'failed', offset: 0, limit: 5 })).toEqual({ total: 0, rows: [] });
    // A number as people type it.
    const found = h['campaigns:messages']({ id: c.id, search: '8 916 000-00-12', offset: 0, limit: 5 });
    expect(found.rows.map((r) => r.address)).toEqual(['+79160000012']);
  });
});
