import { describe, expect, it } from 'vitest';
import { CAMPAIGN_STATES, OUTBOX_STATES, type OutboxState } from '../../../shared/domain/campaigns';
import {
  actionsFor,
  countBars,
  countsSummary,
  noticeFor,
  progress,
  reasonText,
  stateText,
  stateTone,
} from '../../../renderer/src/features/campaigns/campaign-view';
import { makeTranslate } from '../../../renderer/src/i18n/translate';

const ru = makeTranslate('ru');
const en = makeTranslate('en');
const zero = (): Record<OutboxState, number> =>
  Object.fromEntries(OUTBOX_STATES.map((s) => [s, 0])) as Record<OutboxState, number>;

describe('campaign states in words', () => {
  it('names every state in both languages', () => {
    expect(CAMPAIGN_STATES.map((s) => stateText(ru, s))).toEqual([
      'Черновик',
      'Запланирована',
      'Готовится',
      'Идёт отправка',
      'Приостановлена',
      'Завершена',
      'Отменена',
      'Время пропущено',
    ]);
    expect(CAMPAIGN_STATES.map((s) => stateText(en, s))).toEqual([
      'Draft',
      'Scheduled',
      'Preparing',
      'Sending',
      'Paused',
      'Finished',
      'Cancelled',
      'Time missed',
    ]);
  });

  it('colours what needs the user red and what is done green', () => {
    expect(stateTone('running')).toBe('progress');
    expect(stateTone('paused')).toBe('bad');
    expect(stateTone('missed')).toBe('bad');
    expect(stateTone('finished')).toBe('ok');
    expect(stateTone('draft')).toBe('unknown');
  });

  it('words the core reasons and keeps the provider’s own words verbatim', () => {
    expect(reasonText(ru, 'paused by the user (was running)')).toBe('Приостановлена вами.');
    expect(reasonText(ru, 'cancelled by the user')).toBe('Отменена вами.');
    expect(reasonText(ru, 'missed: the computer was off at the scheduled time')).toContain('Компьютер был выключен');
    expect(reasonText(ru, 'account: Песочница: недостаточно средств (адрес оканчивается на 9999)')).toBe(
      'Провайдер отказал по учётной записи (проверьте баланс, логин и пароль): Песочница: недостаточно средств (адрес оканчивается на 9999)',
    );
    expect(reasonText(en, 'outage: connect ECONNREFUSED')).toBe(
      'The provider does not answer; the campaign resumes by itself once it does: connect ECONNREFUSED',
    );
    expect(reasonText(ru, 'Something else entirely')).toBe('Something else entirely');
    expect(reasonText(ru, null)).toBeNull();
    expect(reasonText(ru, '  ')).toBeNull();
  });
});

describe('campaign counts', () => {
  const counts = { ...zero(), delivered: 6, sent: 2, queued: 1, failed: 1 };

  it('charts every state with its share, zeros included', () => {
    const bars = countBars(ru, counts);
    expect(bars.map((b) => b.state)).toEqual([
      'delivered',
      'sent',
      'sending',
      'queued',
      'failed',
      'unknown',
      'suppressed',
      'skipped',
    ]);
    expect(bars[0]).toMatchObject({ label: 'доставлено', count: 6, fraction: 0.6, tone: 'ok' });
    expect(bars.reduce((n, b) => n + b.fraction, 0)).toBeCloseTo(1);
    expect(countBars(ru, zero()).every((b) => b.fraction === 0)).toBe(true);
  });

  it('counts what left the queue', () => {
    expect(progress({ ...counts, sending: 2 })).toEqual({ done: 9, total: 12 });
  });

  it('summarises the non-zero counts for the list', () => {
    expect(countsSummary(ru, 'ru', { ...zero(), delivered: 1200, suppressed: 1 })).toBe(
      'доставлено 1\u00a0200 · отписались 1',
    );
    expect(countsSummary(en, 'en', zero())).toBe('No messages yet');
  });
});

describe('campaign actions and notices', () => {
  it('offers what the state allows', () => {
    expect(actionsFor({ state: 'draft', counts: zero() })).toMatchObject({ launch: true, pause: false, cancel: true });
    expect(actionsFor({ state: 'running', counts: { ...zero(), failed: 2 } })).toMatchObject({
      pause: true,
      resume: false,
      resendFailed: true,
      resendUnknown: false,
    });
    expect(actionsFor({ state: 'paused', counts: { ...zero(), unknown: 1 } })).toMatchObject({
      pause: false,
      resume: true,
      resendUnknown: true,
    });
    expect(actionsFor({ state: 'missed', counts: zero() })).toMatchObject({ sendNow: true, resume: false });
    expect(actionsFor({ state: 'finished', counts: zero() })).toMatchObject({ cancel: false, pause: false });
    expect(actionsFor({ state: 'cancelled', counts: { ...zero(), failed: 3 } })).toMatchObject({
      cancel: false,
      resendFailed: false,
    });
  });

  it('tells of finishing, stopping by itself and a missed time — not of the user’s own pause', () => {
    expect(noticeFor({ state: 'running' }, { state: 'finished', reason: null })).toBe('finished');
    expect(noticeFor({ state: 'running' }, { state: 'paused', reason: 'account: no credits' })).toBe('paused');
    expect(noticeFor({ state: 'running' }, { state: 'paused', reason: 'paused by the user (was running)' })).toBeNull();
    expect(noticeFor({ state: 'scheduled' }, { state: 'missed', reason: 'missed: …' })).toBe('missed');
    expect(noticeFor(undefined, { state: 'finished', reason: null })).toBeNull();
    expect(noticeFor({ state: 'finished' }, { state: 'finished', reason: null })).toBeNull();
  });
});
