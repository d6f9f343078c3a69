/**
 * Pure scheduling logic for campaigns (рассылки): deferred sends, missed sends after sleep or shutdown,
 * recurring (cron) schedules, time-zone arithmetic and how a date-time is shown with its zone.
 *
 * Nothing here reads the clock or starts a timer: every decision takes `now`, so the core's scheduler can be
 * driven by a fake clock in tests and the same code runs in the renderer (next-run previews) and the core.
 *
 * Time zones are IANA names evaluated with `Intl.DateTimeFormat` (full ICU in Node 20 and Electron). Russian
 * zones have had fixed offsets since 2014–2020, but nothing below assumes that: DST gaps and overlaps of other
 * zones are handled (a wall time in a gap does not exist; a wall time in an overlap means its first instant).
 *
 * Wall-clock arithmetic and display live in ./zoned-time.ts, cron expressions in ./cron.ts (both re-exported
 * here).
 */

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** How late a missed scheduled send may still go out on its own (the default: one hour). */
export const DEFAULT_GRACE_MS = HOUR_MS;

import { nextCronOccurrence, scheduleOf, searchOccurrence } from './cron';
import { instantFromLocal, utcMs } from './zoned-time';

export * from './zoned-time';
export * from './cron';

// ---------------------------------------------------------------------------------------------------------
// A send time typed by a person or read from a campaign sheet
// ---------------------------------------------------------------------------------------------------------

export interface ScheduleError {
  code: string;
  ru: string;
  en: string;
}

export type SendTimeResult = { ok: true; at: Date } | { ok: false; error: ScheduleError };

const DMY = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const YMD = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Reads a send time as people write it in a sheet or a form: "01.12.2026 10:00", "1.12.2026", "2026-12-01
 * 10:00", "2026-12-01T10:00:00+03:00", "2026-12-01T07:00Z". Without an explicit offset the wall time is taken in
 * `zone` (the caller decides whose: the sender's or the recipient's). A date without a time means 00:00.
 */
export function parseSendTime(text: string, zone: string): SendTimeResult {
  const s = text.trim();
  const bad: SendTimeResult = {
    ok: false,
    error: {
      code: 'send-time-format',
      ru: `Не удалось прочитать время отправки «${s}»: ожидается, например, «01.12.2026 10:00» или «2026-12-01 10:00».`,
      en: `Cannot read the send time "${s}": expected e.g. "01.12.2026 10:00" or "2026-12-01 10:00".`,
    },
  };
  let y: number, mo: number, d: number, h: number, mi: number, sec: number;
  let offset: string | undefined;
  const dmy = DMY.exec(s);
  const ymd = dmy ? null : YMD.exec(s);
  if (dmy) {
    [d, mo, y, h, mi, sec] = [dmy[1], dmy[2], dmy[3], dmy[4], dmy[5], dmy[6]].map((v) => Number(v ?? 0)) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
  } else if (ymd) {
    [y, mo, d, h, mi, sec] = [ymd[1], ymd[2], ymd[3], ymd[4], ymd[5], ymd[6]].map((v) => Number(v ?? 0)) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    offset = ymd[7];
  } else {
    return bad;
  }
  const check = new Date(utcMs(y, mo, d));
  if (
    mo < 1 ||
    mo > 12 ||
    check.getUTCDate() !== d ||
    check.getUTCMonth() !== mo - 1 ||
    h > 23 ||
    mi > 59 ||
    sec > 59
  ) {
    return {
      ok: false,
      error: {
        code: 'send-time-invalid',
        ru: `Время отправки «${s}» не существует в календаре.`,
        en: `The send time "${s}" is not a real date and time.`,
      },
    };
  }
  if (offset !== undefined) {
    const m = /^([+-])(\d{2}):?(\d{2})$/.exec(offset);
    const minutes = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
    return { ok: true, at: new Date(utcMs(y, mo, d, h, mi, sec) - minutes * MINUTE_MS) };
  }
  return { ok: true, at: instantFromLocal({ year: y, month: mo, day: d, hour: h, minute: mi, second: sec }, zone) };
}

// ---------------------------------------------------------------------------------------------------------
// Deferred (one-off) sends and sends missed while the computer was off or asleep
// ---------------------------------------------------------------------------------------------------------

export type MissedDecision = 'send' | 'ask' | 'wait';

function checkGrace(graceMs: number): void {
  if (!Number.isFinite(graceMs) || graceMs < 0) throw new RangeError(`grace period must be ≥ 0 ms, got ${graceMs}`);
}

/**
 * What to do about a send due at `dueAt` when the scheduler looks at `now`:
 * - 'wait' — not due yet (`now` < `dueAt`);
 * - 'send' — due, and at most `graceMs` late (the timer fired on time, or the computer woke up soon enough);
 * - 'ask'  — more than `graceMs` late: the user chooses "send now" or "discard".
 * The boundaries are inclusive: exactly `graceMs` late still sends.
 */
export function missedDecision(dueAt: Date, now: Date, graceMs: number = DEFAULT_GRACE_MS): MissedDecision {
  checkGrace(graceMs);
  const late = now.getTime() - dueAt.getTime();
  if (late < 0) return 'wait';
  return late <= graceMs ? 'send' : 'ask';
}

/**
 * A deferred send as stored (plain data: it survives a restart as it is). `dueAt` is UTC ms.
 * 'pending' → 'sent' | 'asking'; 'asking' → 'sent' | 'discarded' by the user's answer.
 */
export interface DeferredJob {
  readonly dueAt: number;
  readonly status: 'pending' | 'sent' | 'asking' | 'discarded';
}

/** What the scheduler must do after a step: nothing, send the occurrence due at `dueAt`, or ask about it. */
export type ScheduleAction = { type: 'none' } | { type: 'send'; dueAt: number } | { type: 'ask'; dueAt: number };

export interface DeferredStep {
  job: DeferredJob;
  action: ScheduleAction;
}

const NONE: ScheduleAction = { type: 'none' };

export function deferredJob(dueAt: Date): DeferredJob {
  return { dueAt: dueAt.getTime(), status: 'pending' };
}

/**
 * One look at a deferred job at `now` (a timer firing, the app starting, the computer waking). The job leaves
 * 'pending' on its first step at or after `dueAt`, so however many steps follow — repeated timers, restarts
 * with the stored job, a clock set back — it is sent or asked about once. Persist the returned job before
 * acting on a 'send' to keep that promise across a crash.
 */
export function stepDeferred(job: DeferredJob, now: Date, graceMs: number = DEFAULT_GRACE_MS): DeferredStep {
  if (job.status !== 'pending') return { job, action: NONE };
  const decision = missedDecision(new Date(job.dueAt), now, graceMs);
  switch (decision) {
    case 'wait':
      return { job, action: NONE };
    case 'send':
      return { job: { ...job, status: 'sent' }, action: { type: 'send', dueAt: job.dueAt } };
    case 'ask':
      return { job: { ...job, status: 'asking' }, action: { type: 'ask', dueAt: job.dueAt } };
  }
}

/** The user's answer to "send now or discard" about a missed send; ignored unless the job is asking. */
export function answerMissed(job: DeferredJob, answer: 'send-now' | 'discard'): DeferredStep {
  if (job.status !== 'asking') return { job, action: NONE };
  if (answer === 'discard') return { job: { ...job, status: 'discarded' }, action: NONE };
  return { job: { ...job, status: 'sent' }, action: { type: 'send', dueAt: job.dueAt } };
}

// ---------------------------------------------------------------------------------------------------------
// Recurring sends
// ---------------------------------------------------------------------------------------------------------

/** A recurring send as stored (plain data). `nextDueAt` is UTC ms, null once the schedule has no more runs. */
export interface RecurringJob {
  readonly cron: string;
  readonly zone: string;
  readonly nextDueAt: number | null;
}

/** Starts a recurring job: its first run is the first occurrence strictly after `from`. */
export function recurringJob(cron: string, zone: string, from: Date): RecurringJob {
  const next = nextCronOccurrence(cron, zone, from);
  return { cron, zone, nextDueAt: next === null ? null : next.getTime() };
}

export interface RecurringStep {
  job: RecurringJob;
  action: ScheduleAction;
  /** Occurrences passed over without an action (the computer slept through several runs). */
  skipped: number;
}

/**
 * One look at a recurring job at `now`. When runs are due, only the latest one that has passed is acted on —
 * sent if it is within `graceMs`, asked about otherwise — and earlier missed runs are counted in `skipped`
 * (a laptop that slept through three Mondays does not send three campaigns). The job then points to the first
 * run after `now`, so each run produces at most one action whatever the sequence of steps.
 */
export function stepRecurring(job: RecurringJob, now: Date, graceMs: number = DEFAULT_GRACE_MS): RecurringStep {
  checkGrace(graceMs);
  if (job.nextDueAt === null || now.getTime() < job.nextDueAt) return { job, action: NONE, skipped: 0 };
  const s = scheduleOf(job.cron);
  const latest = searchOccurrence(s, job.zone, now.getTime(), -1) ?? job.nextDueAt;
  const next = searchOccurrence(s, job.zone, now.getTime(), 1);
  let skipped = 0;
  for (let t: number | null = job.nextDueAt; t !== null && t < latest && skipped < 1000; skipped++) {
    t = searchOccurrence(s, job.zone, t, 1);
  }
  const decision = missedDecision(new Date(latest), now, graceMs);
  return {
    job: { ...job, nextDueAt: next },
    action: decision === 'send' ? { type: 'send', dueAt: latest } : { type: 'ask', dueAt: latest },
    skipped,
  };
}
