import fc from 'fast-check';
import cron from 'node-cron';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  answerMissed,
  DEFAULT_GRACE_MS,
  deferredJob,
  formatInZone,
  instantFromLocal,
  missedDecision,
  nextCronOccurrence,
  nextCronOccurrences,
  parseSendTime,
  previousCronOccurrence,
  recurringJob,
  stepDeferred,
  stepRecurring,
  validateCron,
  type DeferredJob,
  type RecurringJob,
  type ScheduleAction,
} from '../../../shared/domain/schedule';

const utc = (iso: string) => new Date(iso);
const MIN = 60_000;
const HOUR = 60 * MIN;

/** A restart: the job goes to the database and comes back. */
const restart = <T>(job: T): T => JSON.parse(JSON.stringify(job)) as T;

describe('missed sends (grace period)', () => {
  const due = utc('2026-12-01T07:00:00Z');

  it('wait before the due time, send within the grace period, ask beyond it (1 hour by default)', () => {
    expect(DEFAULT_GRACE_MS).toBe(HOUR);
    expect(missedDecision(due, new Date(due.getTime() - 1))).toBe('wait');
    expect(missedDecision(due, due)).toBe('send');
    expect(missedDecision(due, new Date(due.getTime() + 30 * MIN))).toBe('send');
    expect(missedDecision(due, new Date(due.getTime() + HOUR))).toBe('send');
    expect(missedDecision(due, new Date(due.getTime() + HOUR + 1))).toBe('ask');
    expect(missedDecision(due, new Date(due.getTime() + 3 * HOUR), 4 * HOUR)).toBe('send');
    expect(missedDecision(due, new Date(due.getTime() + 1), 0)).toBe('ask');
    expect(() => missedDecision(due, due, -1)).toThrow(RangeError);
    expect(() => missedDecision(due, due, Number.NaN)).toThrow(RangeError);
  });
});

/** Drives a deferred job with a fake clock: every tick is one look by the scheduler. */
function run(job: DeferredJob, ticks: number[], graceMs = DEFAULT_GRACE_MS, restarts: boolean[] = []) {
  const actions: ScheduleAction[] = [];
  let current = job;
  ticks.forEach((t, i) => {
    if (restarts[i]) current = restart(current);
    const step = stepDeferred(current, new Date(t), graceMs);
    current = step.job;
    if (step.action.type !== 'none') actions.push(step.action);
  });
  return { job: current, actions };
}

describe('deferred send with a fake clock', () => {
  const due = utc('2026-12-01T07:00:00Z').getTime();

  it('fires once: a timer that ticks every minute from an hour before to a day after', () => {
    const ticks = Array.from({ length: 25 * 60 }, (_, i) => due - HOUR + i * MIN);
    const { job, actions } = run(deferredJob(new Date(due)), ticks);
    expect(actions).toEqual([{ type: 'send', dueAt: due }]);
    expect(job.status).toBe('sent');
  });

  it('missed within the grace period (the laptop woke 40 minutes late): sends on wake-up', () => {
    const { actions } = run(deferredJob(new Date(due)), [due - 2 * HOUR, due + 40 * MIN, due + 41 * MIN]);
    expect(actions).toEqual([{ type: 'send', dueAt: due }]);
  });

  it('missed beyond the grace period: asks once; "send now" sends once, "discard" never sends', () => {
    const { job, actions } = run(deferredJob(new Date(due)), [due + 3 * HOUR, due + 4 * HOUR]);
    expect(actions).toEqual([{ type: 'ask', dueAt: due }]);
    expect(job.status).toBe('asking');
    const sendNow = answerMissed(job, 'send-now');
    expect(sendNow.action).toEqual({ type: 'send', dueAt: due });
    expect(answerMissed(sendNow.job, 'send-now').action).toEqual({ type: 'none' });
    const discard = answerMissed(job, 'discard');
    expect(discard).toEqual({ job: { dueAt: due, status: 'discarded' }, action: { type: 'none' } });
    expect(run(discard.job, [due + 5 * HOUR]).actions).toEqual([]);
  });

  it('a restart before the due time fires once', () => {
    const ticks = [due - 30 * MIN, due - 10 * MIN, due + 1000, due + 2 * MIN, due + 10 * HOUR];
    const restarts = [false, true, false, true, true];
    const { actions } = run(deferredJob(new Date(due)), ticks, DEFAULT_GRACE_MS, restarts);
    expect(actions).toEqual([{ type: 'send', dueAt: due }]);
  });

  it('property: any ticks (clock set back, restarts anywhere) — at most one action, sent iff first late tick is within grace', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -3 * HOUR, max: 6 * HOUR }), fc.boolean()), { maxLength: 40 }),
        fc.integer({ min: 0, max: 3 * HOUR }),
        (raw, grace) => {
          const ticks = raw.map(([d]) => due + d);
          const { actions } = run(
            deferredJob(new Date(due)),
            ticks,
            grace,
            raw.map(([, r]) => r),
          );
          const firstLate = ticks.find((t) => t >= due);
          expect(actions.length).toBe(firstLate === undefined ? 0 : 1);
          if (firstLate !== undefined) {
            expect(actions[0]).toEqual({ type: firstLate - due <= grace ? 'send' : 'ask', dueAt: due });
          }
        },
      ),
    );
  });
});

describe('recurring sends', () => {
  const zone = 'Europe/Moscow';
  const start = utc('2026-11-30T00:00:00Z'); // a Monday, 03:00 in Moscow

  it('every Monday at 10:00 Moscow time: one send per Monday from a timer ticking every 5 minutes', () => {
    let job: RecurringJob = recurringJob('0 10 * * 1', zone, start);
    expect(job.nextDueAt).toBe(utc('2026-11-30T07:00:00Z').getTime());
    const sends: string[] = [];
    for (let t = start.getTime(); t < start.getTime() + 21 * 24 * HOUR; t += 5 * MIN) {
      const step = stepRecurring(job, new Date(t));
      job = step.job;
      if (step.action.type === 'send') sends.push(new Date(step.action.dueAt).toISOString());
      expect(step.action.type).not.toBe('ask');
    }
    expect(sends).toEqual(['2026-11-30T07:00:00.000Z', '2026-12-07T07:00:00.000Z', '2026-12-14T07:00:00.000Z']);
  });

  it('slept through three Mondays: one action for the latest, the others counted as skipped', () => {
    const job = recurringJob('0 10 * * 1', zone, start);
    const woke = stepRecurring(job, utc('2026-12-14T07:20:00Z'));
    expect(woke.action).toEqual({ type: 'send', dueAt: utc('2026-12-14T07:00:00Z').getTime() });
    expect(woke.skipped).toBe(2);
    expect(woke.job.nextDueAt).toBe(utc('2026-12-21T07:00:00Z').getTime());
    const late = stepRecurring(job, utc('2026-12-16T12:00:00Z'));
    expect(late.action).toEqual({ type: 'ask', dueAt: utc('2026-12-14T07:00:00Z').getTime() });
    expect(stepRecurring(late.job, utc('2026-12-16T12:05:00Z')).action).toEqual({ type: 'none' });
  });

  it('a restart before the run fires it once', () => {
    let job = recurringJob('30 9 * * *', 'Asia/Kamchatka', utc('2026-12-01T00:00:00Z'));
    const actions: ScheduleAction[] = [];
    for (const t of ['2026-12-01T21:00:00Z', '2026-12-01T21:29:00Z', '2026-12-01T21:30:00Z', '2026-12-01T21:31:00Z']) {
      job = restart(job);
      const step = stepRecurring(job, utc(t));
      job = step.job;
      if (step.action.type !== 'none') actions.push(step.action);
    }
    expect(actions).toEqual([{ type: 'send', dueAt: utc('2026-12-01T21:30:00Z').getTime() }]);
  });

  it('property: each run gets at most one action, in order, never before it is due', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('*/20 * * * *', '0 9-18 * * 1-5', '15 10 * * *', '0 0 1 * *'),
        fc.array(fc.integer({ min: 1, max: 6 * HOUR }), { minLength: 1, maxLength: 60 }),
        fc.boolean(),
        (expr, gaps, backwards) => {
          let job = recurringJob(expr, zone, start);
          let t = start.getTime();
          const dues: number[] = [];
          for (const [i, gap] of gaps.entries()) {
            // Now and then the clock is set back by an hour.
            t += backwards && i % 7 === 6 ? -HOUR : gap;
            const step = stepRecurring(restart(job), new Date(t));
            job = step.job;
            if (step.action.type !== 'none') {
              expect(step.action.dueAt).toBeLessThanOrEqual(t);
              dues.push(step.action.dueAt);
              // After acting, the job points past now: the same run cannot come round again.
              if (job.nextDueAt !== null) expect(job.nextDueAt).toBeGreaterThan(t);
            }
          }
          for (let i = 1; i < dues.length; i++) expect(dues[i]!).toBeGreaterThan(dues[i - 1]!);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('cron expressions', () => {
  it('validates with clear Russian and English errors', () => {
    expect(validateCron('0 10 * * 1-5').ok).toBe(true);
    expect(validateCron('@daily').ok).toBe(true);
    expect(validateCron('*/15 9-18 * * mon-fri').ok).toBe(true);
    expect(validateCron('0 0 30 2 *')).toMatchObject({ ok: false, error: { code: 'cron-never', field: 'dayOfMonth' } });

    const cases: [string, string, RegExp, RegExp][] = [
      ['', 'cron-empty', /не задано/, /empty/],
      ['0 10 * *', 'cron-field-count', /5 полей.*их 4/, /5 fields.*has 4/],
      ['0 25 * * *', 'cron-range', /«часы»: 25 вне допустимых значений 0–23/, /"hour": 25 is outside 0–23/],
      ['0 10 * * 8', 'cron-range', /«день недели»: 8/, /"day of week": 8/],
      ['0 10 * * foo', 'cron-syntax', /не понимаю «foo»/, /cannot read "foo"/],
      ['0 18-9 * * *', 'cron-range', /начало больше конца/, /starts after it ends/],
      ['*/0 * * * *', 'cron-step', /шаг/, /step/],
      ['5/15 * * * *', 'cron-syntax', /шаг пишется после \*/, /a step follows \*/],
      ['0 10 1W * *', 'cron-syntax', /«день месяца»/, /"day of month"/],
    ];
    for (const [expr, code, ru, en] of cases) {
      const v = validateCron(expr);
      expect(v.ok, expr).toBe(false);
      if (!v.ok) {
        expect(v.error.code, expr).toBe(code);
        expect(v.error.ru, expr).toMatch(ru);
        expect(v.error.en, expr).toMatch(en);
      }
    }
  });

  it('next runs in a zone: workdays, last day of month, first Monday, across the date line', () => {
    const after = utc('2026-11-30T23:59:30Z');
    expect(nextCronOccurrence('0 9 * * 1-5', 'Europe/Moscow', after)).toEqual(utc('2026-12-01T06:00:00Z'));
    expect(nextCronOccurrence('0 9 * * 1-5', 'Asia/Kamchatka', after)).toEqual(utc('2026-12-01T21:00:00Z'));
    expect(nextCronOccurrence('30 21 L * *', 'Europe/Kaliningrad', after)).toEqual(utc('2026-12-31T19:30:00Z'));
    expect(nextCronOccurrence('0 9 1-7 * 1', 'Asia/Novosibirsk', after)).toEqual(utc('2026-12-07T02:00:00Z'));
    expect(nextCronOccurrence('0 0 29 2 *', 'UTC', after)).toEqual(utc('2028-02-29T00:00:00Z'));
    // Strictly after: a run exactly at `after` is not the next one.
    expect(nextCronOccurrence('0 9 * * *', 'Europe/Moscow', utc('2026-12-01T06:00:00Z'))).toEqual(
      utc('2026-12-02T06:00:00Z'),
    );
    expect(previousCronOccurrence('0 9 * * *', 'Europe/Moscow', utc('2026-12-01T06:00:00Z'))).toEqual(
      utc('2026-12-01T06:00:00Z'),
    );
    expect(() => nextCronOccurrence('nope', 'Europe/Moscow', after)).toThrow(RangeError);
  });

  it('DST zones: a run inside a spring-forward gap is skipped, one inside a repeated hour runs once', () => {
    const berlin = 'Europe/Berlin';
    expect(nextCronOccurrences('30 2 * * *', berlin, utc('2026-03-28T12:00:00Z'), 2)).toEqual([
      utc('2026-03-30T00:30:00Z'),
      utc('2026-03-31T00:30:00Z'),
    ]);
    expect(nextCronOccurrences('30 2 * * *', berlin, utc('2026-10-24T12:00:00Z'), 2)).toEqual([
      utc('2026-10-25T00:30:00Z'),
      utc('2026-10-26T01:30:00Z'),
    ]);
  });

  describe('agrees with node-cron', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    const field = (min: number, max: number) =>
      fc.oneof(
        fc.constant('*'),
        fc.integer({ min, max }).map(String),
        fc
          .tuple(fc.integer({ min, max }), fc.integer({ min, max }))
          .map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`),
        fc.integer({ min: 1, max: max - min + 1 }).map((s) => `*/${s}`),
        fc
          .tuple(fc.integer({ min, max }), fc.integer({ min, max }), fc.integer({ min: 1, max: 5 }))
          .map(([a, b, s]) => `${Math.min(a, b)}-${Math.max(a, b)}/${s}`),
        fc.uniqueArray(fc.integer({ min, max }), { minLength: 2, maxLength: 4 }).map((xs) => xs.join(',')),
      );
    const expression = fc
      .tuple(field(0, 59), field(0, 23), field(1, 28), field(1, 12), field(0, 6), fc.option(field(0, 59)))
      .map(([mi, h, dom, mo, dow, sec]) => [sec, mi, h, dom, mo, dow].filter((f) => f !== null).join(' '));

    it('property: whatever validateCron accepts, node-cron accepts, and the next three runs are the same', () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      fc.assert(
        fc.property(
          expression,
          fc.constantFrom('Europe/Kaliningrad', 'Europe/Moscow', 'Asia/Novosibirsk', 'Asia/Kamchatka', 'UTC'),
          fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2030, 0, 1) }),
          (expr, zone, t) => {
            expect(validateCron(expr).ok, expr).toBe(true);
            expect(cron.validate(expr), expr).toBe(true);
            vi.setSystemTime(t);
            const task = cron.createTask(expr, () => undefined, { timezone: zone });
            const theirs = task.getNextRuns(3).map((d) => d.getTime());
            void task.destroy();
            const ours = nextCronOccurrences(expr, zone, new Date(t), 3).map((d) => d.getTime());
            expect(ours, `${expr} in ${zone} after ${new Date(t).toISOString()}`).toEqual(theirs);
          },
        ),
        { numRuns: 150 },
      );
    });

    it('property: a random string validateCron accepts is valid for node-cron too', () => {
      const token = fc.constantFrom(
        '*',
        '0',
        '5',
        '12',
        '1-5',
        '*/10',
        'mon',
        'jan',
        'L',
        '7',
        '?',
        ',',
        '-',
        '/',
        'x',
      );
      fc.assert(
        fc.property(fc.array(fc.array(token, { minLength: 1, maxLength: 3 }), { minLength: 4, maxLength: 7 }), (fs) => {
          const expr = fs.map((f) => f.join('')).join(' ');
          if (validateCron(expr).ok) expect(cron.validate(expr), expr).toBe(true);
        }),
        { numRuns: 500 },
      );
    });
  });
});

describe('showing and reading date-times with their zone', () => {
  it('formats "1 декабря 2026, 10:00 (Europe/Moscow, UTC+3)"', () => {
    const at = utc('2026-12-01T07:00:00Z');
    expect(formatInZone(at, 'Europe/Moscow')).toBe('1 декабря 2026, 10:00 (Europe/Moscow, UTC+3)');
    expect(formatInZone(at, 'Europe/Kaliningrad')).toBe('1 декабря 2026, 09:00 (Europe/Kaliningrad, UTC+2)');
    expect(formatInZone(at, 'Asia/Novosibirsk')).toBe('1 декабря 2026, 14:00 (Asia/Novosibirsk, UTC+7)');
    expect(formatInZone(utc('2026-12-31T13:05:00Z'), 'Asia/Kamchatka')).toBe(
      '1 января 2027, 01:05 (Asia/Kamchatka, UTC+12)',
    );
    expect(formatInZone(at, 'Europe/Moscow', 'en')).toBe('1 December 2026, 10:00 (Europe/Moscow, UTC+3)');
    expect(formatInZone(at, 'Asia/Kolkata', 'en')).toBe('1 December 2026, 12:30 (Asia/Kolkata, UTC+5:30)');
    expect(formatInZone(at, 'America/St_Johns', 'en')).toBe('1 December 2026, 03:30 (America/St_Johns, UTC-3:30)');
    expect(formatInZone(at, 'UTC', 'en')).toBe('1 December 2026, 07:00 (UTC, UTC)');
  });

  it('reads a per-row send time from a campaign sheet', () => {
    const moscow = 'Europe/Moscow';
    expect(parseSendTime('01.12.2026 10:00', moscow)).toEqual({ ok: true, at: utc('2026-12-01T07:00:00Z') });
    expect(parseSendTime(' 1.12.2026 9:05 ', 'Asia/Kamchatka')).toEqual({ ok: true, at: utc('2026-11-30T21:05:00Z') });
    expect(parseSendTime('2026-12-01 10:00', moscow)).toEqual({ ok: true, at: utc('2026-12-01T07:00:00Z') });
    expect(parseSendTime('2026-12-01T10:00:00+05:00', moscow)).toEqual({ ok: true, at: utc('2026-12-01T05:00:00Z') });
    expect(parseSendTime('2026-12-01T07:00Z', moscow)).toEqual({ ok: true, at: utc('2026-12-01T07:00:00Z') });
    expect(parseSendTime('01.12.2026', moscow)).toEqual({ ok: true, at: utc('2026-11-30T21:00:00Z') });
    expect(parseSendTime('31.02.2026 10:00', moscow)).toMatchObject({
      ok: false,
      error: { code: 'send-time-invalid' },
    });
    expect(parseSendTime('завтра', moscow)).toMatchObject({
      ok: false,
      error: { code: 'send-time-format', ru: expect.stringContaining('01.12.2026 10:00') as string },
    });
  });

  it('a wall time picked in a DST gap or overlap means one definite instant', () => {
    const berlin = 'Europe/Berlin';
    const wall = (day: number, month: number, hour: number, minute: number) => ({
      year: 2026,
      month,
      day,
      hour,
      minute,
      second: 0,
    });
    expect(instantFromLocal(wall(29, 3, 2, 30), berlin)).toEqual(utc('2026-03-29T01:30:00Z')); // 03:30 CEST
    expect(instantFromLocal(wall(25, 10, 2, 30), berlin)).toEqual(utc('2026-10-25T00:30:00Z')); // the first 02:30
    expect(instantFromLocal(wall(1, 12, 10, 0), 'Europe/Moscow')).toEqual(utc('2026-12-01T07:00:00Z'));
  });
});
