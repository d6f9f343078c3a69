/**
 * Cron expressions in node-cron 4's syntax and meaning (common subset, see `validateCron`), evaluated in an
 * IANA zone without reading the clock. node-cron itself cannot be used in shared/: it imports Node built-ins
 * and computes next runs only from the real clock; the tests cross-check against it.
 */
import { instantsOfLocal, localDateTime, utcMs, utcOffsetMinutes, weekday } from './zoned-time';
import type { ScheduleError } from './schedule';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

export type CronField = 'second' | 'minute' | 'hour' | 'dayOfMonth' | 'month' | 'dayOfWeek';

/** A parsed, valid cron expression: the allowed values of each field, ascending. */
export interface CronSchedule {
  /** The expression as given, trimmed. */
  readonly source: string;
  readonly seconds: readonly number[];
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  /** Days 1–31; `lastDayOfMonth` adds "L". */
  readonly daysOfMonth: readonly number[];
  readonly lastDayOfMonth: boolean;
  readonly months: readonly number[];
  /** 0 = Sunday … 6 = Saturday (7 in the expression means Sunday too). */
  readonly daysOfWeek: readonly number[];
}

export interface CronError extends ScheduleError {
  code: 'cron-empty' | 'cron-field-count' | 'cron-syntax' | 'cron-range' | 'cron-step' | 'cron-never';
  field?: CronField;
}

export type CronValidation = { ok: true; schedule: CronSchedule } | { ok: false; error: CronError };

interface FieldSpec {
  field: CronField;
  ru: string;
  en: string;
  min: number;
  max: number;
  names?: readonly string[];
}

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const FIELDS: readonly FieldSpec[] = [
  { field: 'second', ru: 'секунды', en: 'second', min: 0, max: 59 },
  { field: 'minute', ru: 'минуты', en: 'minute', min: 0, max: 59 },
  { field: 'hour', ru: 'часы', en: 'hour', min: 0, max: 23 },
  { field: 'dayOfMonth', ru: 'день месяца', en: 'day of month', min: 1, max: 31 },
  { field: 'month', ru: 'месяц', en: 'month', min: 1, max: 12, names: MONTH_NAMES },
  { field: 'dayOfWeek', ru: 'день недели', en: 'day of week', min: 0, max: 7, names: DAY_NAMES },
];

const NICKNAMES: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const DAYS_IN_MONTH_MAX = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

class CronParseError extends Error {
  constructor(readonly detail: CronError) {
    super(detail.en);
  }
}

function fieldError(spec: FieldSpec, code: CronError['code'], ru: string, en: string): CronParseError {
  return new CronParseError({
    code,
    field: spec.field,
    ru: `Поле «${spec.ru}»: ${ru}`,
    en: `Field "${spec.en}": ${en}`,
  });
}

function parseValue(spec: FieldSpec, text: string, token: string): number {
  let v: number;
  if (/^\d{1,2}$/.test(text)) v = Number(text);
  else {
    const i = spec.names?.indexOf(text.toLowerCase()) ?? -1;
    if (i < 0) {
      throw fieldError(
        spec,
        'cron-syntax',
        `не понимаю «${token}». Допустимо: число, диапазон 1-5, список 1,3,5, шаг */15 или *.`,
        `cannot read "${token}". Use a number, a range 1-5, a list 1,3,5, a step */15, or *.`,
      );
    }
    v = spec.field === 'month' ? i + 1 : i;
  }
  if (v < spec.min || v > spec.max) {
    throw fieldError(
      spec,
      'cron-range',
      `${v} вне допустимых значений ${spec.min}–${spec.max}.`,
      `${v} is outside ${spec.min}–${spec.max}.`,
    );
  }
  return v;
}

function parseField(spec: FieldSpec, text: string): { values: number[]; last: boolean } {
  const values = new Set<number>();
  let last = false;
  if (text === '?' && (spec.field === 'dayOfMonth' || spec.field === 'dayOfWeek')) text = '*';
  for (const token of text.split(',')) {
    if (token === 'L' && spec.field === 'dayOfMonth') {
      last = true;
      continue;
    }
    const m = /^(\*|([a-z0-9]+)(?:-([a-z0-9]+))?)(?:\/(\d+))?$/i.exec(token);
    if (!m) {
      throw fieldError(
        spec,
        'cron-syntax',
        `не понимаю «${token}». Допустимо: число, диапазон 1-5, список 1,3,5, шаг */15 или *.`,
        `cannot read "${token}". Use a number, a range 1-5, a list 1,3,5, a step */15, or *.`,
      );
    }
    const [, whole, fromText, toText, stepText] = m;
    // `7/2`-style "start/step" (Quartz) is not node-cron syntax: a step needs * or a range.
    if (stepText !== undefined && whole !== '*' && toText === undefined) {
      throw fieldError(
        spec,
        'cron-syntax',
        `шаг пишется после * или диапазона: «*/${stepText}» или «${fromText}-${spec.max}/${stepText}», а не «${token}».`,
        `a step follows * or a range: "*/${stepText}" or "${fromText}-${spec.max}/${stepText}", not "${token}".`,
      );
    }
    const max = spec.field === 'dayOfWeek' ? 6 : spec.max;
    const from = whole === '*' ? spec.min : parseValue(spec, fromText ?? '', token);
    const to = whole === '*' ? max : toText !== undefined ? parseValue(spec, toText, token) : from;
    if (from > to) {
      throw fieldError(
        spec,
        'cron-range',
        `в диапазоне «${token}» начало больше конца.`,
        `the range "${token}" starts after it ends.`,
      );
    }
    const step = stepText === undefined ? 1 : Number(stepText);
    const span = max - spec.min + 1;
    if (!(step >= 1 && step <= span)) {
      throw fieldError(
        spec,
        'cron-step',
        `шаг в «${token}» должен быть от 1 до ${span}.`,
        `the step in "${token}" must be 1 to ${span}.`,
      );
    }
    for (let v = from; v <= to; v += step) values.add(spec.field === 'dayOfWeek' && v === 7 ? 0 : v);
  }
  return { values: [...values].sort((a, b) => a - b), last };
}

/**
 * Checks a cron expression and parses it. Accepted (all of it runs the same in node-cron 4):
 * 5 fields "minute hour day-of-month month day-of-week" or 6 with seconds first; `*`, numbers, ranges `1-5`,
 * lists `1,3,5`, steps `*\/15` and `8-18/2`, month and weekday names (`jan`, `mon-fri`), 7 for Sunday, `?` for
 * a whole day field, `L` (last day of the month) in day-of-month, and @yearly @monthly @weekly @daily @hourly.
 * Not accepted: node-cron's W, `#` and `nL` modifiers and wrap-around ranges (`22-2`).
 * As in node-cron (unlike Vixie cron), a day must match BOTH day-of-month and day-of-week: "0 9 1-7 * 1" is the
 * first Monday of the month.
 */
export function validateCron(expr: string): CronValidation {
  const source = typeof expr === 'string' ? expr.trim() : '';
  if (source === '') {
    return {
      ok: false,
      error: { code: 'cron-empty', ru: 'Расписание не задано.', en: 'The schedule is empty.' },
    };
  }
  const resolved = NICKNAMES[source.toLowerCase()] ?? source;
  const parts = resolved.split(/\s+/);
  if (parts.length !== 5 && parts.length !== 6) {
    return {
      ok: false,
      error: {
        code: 'cron-field-count',
        ru: `Ожидается 5 полей («минуты часы день-месяца месяц день-недели») или 6 (первыми — секунды), а в «${source}» их ${parts.length}.`,
        en: `Expected 5 fields ("minute hour day-of-month month day-of-week") or 6 (seconds first), but "${source}" has ${parts.length}.`,
      },
    };
  }
  const texts = parts.length === 5 ? ['0', ...parts] : parts;
  try {
    const parsed = FIELDS.map((spec, i) => parseField(spec, texts[i] ?? ''));
    const [seconds, minutes, hours, dom, months, dow] = parsed as [
      (typeof parsed)[0],
      (typeof parsed)[0],
      (typeof parsed)[0],
      (typeof parsed)[0],
      (typeof parsed)[0],
      (typeof parsed)[0],
    ];
    const possible =
      dom.last || months.values.some((mo) => dom.values.some((d) => d <= (DAYS_IN_MONTH_MAX[mo - 1] ?? 31)));
    if (!possible) {
      return {
        ok: false,
        error: {
          code: 'cron-never',
          field: 'dayOfMonth',
          ru: `День месяца «${texts[3]}» не бывает в выбранных месяцах («${texts[4]}»): рассылка не сработает никогда.`,
          en: `Day of month "${texts[3]}" never occurs in the chosen months ("${texts[4]}"), so the schedule would never run.`,
        },
      };
    }
    return {
      ok: true,
      schedule: {
        source,
        seconds: seconds.values,
        minutes: minutes.values,
        hours: hours.values,
        daysOfMonth: dom.values,
        lastDayOfMonth: dom.last,
        months: months.values,
        daysOfWeek: dow.values,
      },
    };
  } catch (e) {
    if (e instanceof CronParseError) return { ok: false, error: e.detail };
    throw e;
  }
}

export function scheduleOf(expr: string | CronSchedule): CronSchedule {
  if (typeof expr !== 'string') return expr;
  const v = validateCron(expr);
  if (!v.ok) throw new RangeError(v.error.en);
  return v.schedule;
}

function daysInMonth(year: number, month: number): number {
  return new Date(utcMs(year, month + 1, 0)).getUTCDate();
}

function dayMatches(s: CronSchedule, year: number, month: number, day: number): boolean {
  if (!s.months.includes(month)) return false;
  const domOk = s.daysOfMonth.includes(day) || (s.lastDayOfMonth && day === daysInMonth(year, month));
  return domOk && s.daysOfWeek.includes(weekday(year, month, day));
}

/** How far the search looks: node-cron's horizon (100 years; "29 Feb on a Monday" recurs every 28). */
const SEARCH_DAYS = 366 * 100;

/**
 * The occurrences of a schedule in a zone are the first instants of each matching, existing wall time.
 * dir = 1: the earliest occurrence strictly after `bound`; dir = -1: the latest at or before `bound`.
 */
export function searchOccurrence(s: CronSchedule, zone: string, bound: number, dir: 1 | -1): number | null {
  const offset0 = utcOffsetMinutes(bound, zone) * MINUTE_MS;
  const start = localDateTime(bound, zone);
  // Start a day early (late) so that a wall date repeated by an offset change at midnight is not skipped.
  let dayUtc = utcMs(start.year, start.month, start.day) - dir * DAY_MS;
  const times: number[] = [];
  for (const h of s.hours)
    for (const m of s.minutes) for (const sec of s.seconds) times.push((h * 3600 + m * 60 + sec) * 1000);
  if (dir === -1) times.reverse();
  for (let i = 0; i < SEARCH_DAYS; i++, dayUtc += dir * DAY_MS) {
    const d = new Date(dayUtc);
    const year = d.getUTCFullYear();
    const month = d.getUTCMonth() + 1;
    const day = d.getUTCDate();
    if (!dayMatches(s, year, month, day)) continue;
    // The zone's offsets around this local day: equal on all but transition days (a few a year, if any).
    const offA = utcOffsetMinutes(dayUtc - offset0 - DAY_MS, zone) * MINUTE_MS;
    const offB = utcOffsetMinutes(dayUtc - offset0 + 2 * DAY_MS, zone) * MINUTE_MS;
    const lo = Math.min(offA, offB);
    const hi = Math.max(offA, offB);
    for (const time of times) {
      const wall = dayUtc + time;
      // Every instant of this wall time lies in [wall - hi, wall - lo]: skip the ones that cannot qualify.
      if (dir === 1 ? wall - lo <= bound : wall - hi > bound) continue;
      let t: number | undefined = wall - offA;
      if (offA !== offB) {
        const sec = time / 1000;
        const local = {
          year,
          month,
          day,
          hour: Math.floor(sec / 3600),
          minute: Math.floor(sec / 60) % 60,
          second: sec % 60,
        };
        t = instantsOfLocal(local, zone)[0];
        if (t === undefined) continue; // a DST gap: this wall time does not exist that day
      }
      if (dir === 1 ? t > bound : t <= bound) return t;
    }
  }
  return null;
}

/**
 * The first run of a cron schedule strictly after `after`, in time zone `zone`, or null if it never runs again
 * within 100 years. Throws a RangeError for an invalid expression (check with `validateCron` first) or zone.
 */
export function nextCronOccurrence(expr: string | CronSchedule, zone: string, after: Date): Date | null {
  const t = searchOccurrence(scheduleOf(expr), zone, after.getTime(), 1);
  return t === null ? null : new Date(t);
}

/** The latest run of a cron schedule at or before `atOrBefore`, in `zone`, or null (none within 100 years). */
export function previousCronOccurrence(expr: string | CronSchedule, zone: string, atOrBefore: Date): Date | null {
  const t = searchOccurrence(scheduleOf(expr), zone, atOrBefore.getTime(), -1);
  return t === null ? null : new Date(t);
}

/** The next `count` runs after `after` (a preview for the schedule editor). */
export function nextCronOccurrences(expr: string | CronSchedule, zone: string, after: Date, count: number): Date[] {
  const s = scheduleOf(expr);
  const out: Date[] = [];
  let cursor = after;
  while (out.length < count) {
    const next = nextCronOccurrence(s, zone, cursor);
    if (!next) break;
    out.push(next);
    cursor = next;
  }
  return out;
}
