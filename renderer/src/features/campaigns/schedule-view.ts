import {
  formatUtcOffset,
  formatZoneLabel,
  isValidTimeZone,
  localDateTime,
  nextCronOccurrences,
  utcOffsetMinutes,
  validateCron,
  type CronSchedule,
} from '../../../../shared/domain/schedule';
import type { Locale } from '../../../../shared/ipc/contract';
import type { MessageKey, Translate } from '../../i18n/translate';

/**
 * A recurring campaign's schedule in words: the presets the compose form offers, the check of a cron
 * expression with the next runs it gives, a plain-language hint for the common shapes ("каждый понедельник в
 * 10:00"), and the runs as dates in the schedule's zone. Pure (the clock comes in as `now`).
 */

/** The presets under the cron field; their labels are the expression's own hint. */
export const CRON_PRESETS: readonly string[] = ['0 10 * * 1', '0 9 * * *', '0 9 * * 1-5', '0 12 1 * *'];

/** The zones of Russia, west to east: offered first, before every other zone. */
export const RUSSIAN_ZONES: readonly string[] = [
  'Europe/Kaliningrad',
  'Europe/Moscow',
  'Europe/Samara',
  'Asia/Yekaterinburg',
  'Asia/Omsk',
  'Asia/Novosibirsk',
  'Asia/Krasnoyarsk',
  'Asia/Irkutsk',
  'Asia/Yakutsk',
  'Asia/Vladivostok',
  'Asia/Magadan',
  'Asia/Kamchatka',
];

/** Every IANA zone this runtime knows (Chromium and Node list ~420), or the Russian ones if it cannot say. */
export function allTimeZones(): string[] {
  const intl = Intl as { supportedValuesOf?: (key: 'timeZone') => string[] };
  try {
    return intl.supportedValuesOf ? intl.supportedValuesOf('timeZone') : [...RUSSIAN_ZONES];
  } catch {
    return [...RUSSIAN_ZONES];
  }
}

/** What is wrong with a schedule: a message of ours, or validateCron's own words in both languages. */
export type ScheduleProblem = { key: MessageKey } | { ru: string; en: string };

export type ScheduleCheck =
  { ok: true; schedule: CronSchedule; next: Date[] } | { ok: false; problem: ScheduleProblem };

/** Checks an expression in a zone and finds its next `count` runs after `now` (none at all is a problem too). */
export function checkSchedule(cron: string, zone: string, now: Date, count = 3): ScheduleCheck {
  const v = validateCron(cron);
  if (!v.ok) return { ok: false, problem: { ru: v.error.ru, en: v.error.en } };
  if (!isValidTimeZone(zone)) return { ok: false, problem: { key: 'campaigns.error.zone' } };
  const next = nextCronOccurrences(v.schedule, zone, now, Math.max(1, count));
  if (next.length === 0) return { ok: false, problem: { key: 'campaigns.error.cronNoRun' } };
  return { ok: true, schedule: v.schedule, next };
}

/** The run a schedule would start with if launched now; null if it has none (or is not valid any more). */
export function firstRun(repeat: { cron: string; timeZone: string }, now = new Date()): Date | null {
  const c = checkSchedule(repeat.cron, repeat.timeZone, now, 1);
  return c.ok ? (c.next[0] ?? null) : null;
}

export function problemText(t: Translate, locale: Locale, p: ScheduleProblem): string {
  return 'key' in p ? t(p.key) : p[locale];
}

const DOW_KEYS = [
  'campaigns.repeat.dow0',
  'campaigns.repeat.dow1',
  'campaigns.repeat.dow2',
  'campaigns.repeat.dow3',
  'campaigns.repeat.dow4',
  'campaigns.repeat.dow5',
  'campaigns.repeat.dow6',
] as const satisfies readonly MessageKey[];

const pad = (n: number) => String(n).padStart(2, '0');
const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * "каждый понедельник в 10:00", "по будням в 09:00", "1-го числа каждого месяца в 12:00": the common shapes
 * (one time of day, every month) in words; null for anything else — the expression and the next runs say it.
 */
export function cronHint(t: Translate, expr: string | CronSchedule): string | null {
  let s: CronSchedule;
  if (typeof expr === 'string') {
    const v = validateCron(expr);
    if (!v.ok) return null;
    s = v.schedule;
  } else s = expr;
  const [minute] = s.minutes;
  const [hour] = s.hours;
  if (!same(s.seconds, [0]) || s.minutes.length !== 1 || s.hours.length !== 1 || s.months.length !== 12) return null;
  if (minute === undefined || hour === undefined) return null;
  const time = `${pad(hour)}:${pad(minute)}`;
  const everyDom = s.daysOfMonth.length === 31 && !s.lastDayOfMonth;
  const everyDow = s.daysOfWeek.length === 7;
  if (everyDom && everyDow) return t('campaigns.repeat.daily', { time });
  if (everyDom && same(s.daysOfWeek, [1, 2, 3, 4, 5])) return t('campaigns.repeat.weekdays', { time });
  if (everyDom && same(s.daysOfWeek, [0, 6])) return t('campaigns.repeat.weekends', { time });
  const [dow] = s.daysOfWeek;
  if (everyDom && s.daysOfWeek.length === 1 && dow !== undefined) return t(DOW_KEYS[dow]!, { time });
  const [day] = s.daysOfMonth;
  if (everyDow && !s.lastDayOfMonth && s.daysOfMonth.length === 1 && day !== undefined) {
    return t('campaigns.repeat.monthly', { day, time });
  }
  if (everyDow && s.lastDayOfMonth && s.daysOfMonth.length === 0) return t('campaigns.repeat.lastDay', { time });
  return null;
}

/** A hint as a preset's label: "Каждый понедельник в 10:00". */
export const capitalized = (s: string): string => s.charAt(0).toLocaleUpperCase() + s.slice(1);

const runFormatters = new Map<string, Intl.DateTimeFormat>();

/** "пн, 1 декабря 2026, 10:00" — a run's wall time in `zone` with its weekday (seconds only when it has them). */
export function runText(at: Date, zone: string, locale: Locale): string {
  const key = `${locale}|${zone}`;
  let f = runFormatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', {
      timeZone: zone,
      weekday: 'short',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    });
    runFormatters.set(key, f);
  }
  const p: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of f.formatToParts(at)) p[part.type] = part.value;
  const l = localDateTime(at, zone);
  const time = `${pad(l.hour)}:${pad(l.minute)}${l.second === 0 ? '' : `:${pad(l.second)}`}`;
  return `${p.weekday}, ${p.day} ${p.month} ${p.year}, ${time}`;
}

/**
 * The next runs for "Следующие отправки": the zone once ("Europe/Moscow, UTC+3") and each run's wall time; if
 * the zone's offset changes between them (summer time), each run carries its own offset.
 */
export function runsText(runs: readonly Date[], zone: string, locale: Locale): { zone: string; runs: string[] } {
  const first = runs[0];
  if (!first) return { zone, runs: [] };
  const offsets = runs.map((r) => utcOffsetMinutes(r, zone));
  const one = offsets.every((o) => o === offsets[0]);
  return {
    zone: one ? formatZoneLabel(first, zone) : zone,
    runs: runs.map((r, i) =>
      one ? runText(r, zone, locale) : `${runText(r, zone, locale)} (${formatUtcOffset(offsets[i]!)})`,
    ),
  };
}
