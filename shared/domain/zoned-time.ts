/**
 * Wall-clock time in an IANA zone and how a date-time is shown with its zone — pure, no clock. Zones are
 * evaluated with `Intl.DateTimeFormat` (full ICU in Node 20 and Electron); DST gaps and overlaps of other zones
 * are handled (a wall time in a gap does not exist; a wall time in an overlap means its first instant).
 */

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** A wall-clock reading: month 1–12, hour 0–23. */
export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** True when `zone` is an IANA time-zone name this runtime knows ("Europe/Moscow", "UTC"). */
export function isValidTimeZone(zone: string): boolean {
  if (typeof zone !== 'string' || zone.trim() === '') return false;
  try {
    partsFormatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** UTC milliseconds of a proleptic-Gregorian date-time, years 0–99 included (Date.UTC maps those to 19xx). */
export function utcMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const d = new Date(Date.UTC(2000, 0, 1, hour, minute, second));
  d.setUTCFullYear(year, month - 1, day);
  return d.getTime();
}

/** The wall clock in `zone` at instant `at` (whole seconds; milliseconds are the instant's own). */
export function localDateTime(at: Date | number, zone: string): LocalDateTime {
  const t = typeof at === 'number' ? at : at.getTime();
  const p: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of partsFormatter(zone).formatToParts(t)) p[part.type] = part.value;
  const year = Number(p.year);
  return {
    year: p.era === 'BC' || p.era === 'B' ? 1 - year : year,
    month: Number(p.month),
    day: Number(p.day),
    hour: Number(p.hour) % 24,
    minute: Number(p.minute),
    second: Number(p.second),
  };
}

/** Day of week of a calendar date: 0 = Sunday … 6 = Saturday. */
export function weekday(year: number, month: number, day: number): number {
  return new Date(utcMs(year, month, day)).getUTCDay();
}

/** Offset of `zone` from UTC at instant `at`, in minutes (Moscow: 180, Kamchatka: 720). */
export function utcOffsetMinutes(at: Date | number, zone: string): number {
  const t = typeof at === 'number' ? at : at.getTime();
  const l = localDateTime(t, zone);
  const wholeSecond = Math.floor(t / 1000) * 1000;
  return Math.round((utcMs(l.year, l.month, l.day, l.hour, l.minute, l.second) - wholeSecond) / MINUTE_MS);
}

function sameWall(a: LocalDateTime, b: LocalDateTime): boolean {
  return (
    a.year === b.year &&
    a.month === b.month &&
    a.day === b.day &&
    a.hour === b.hour &&
    a.minute === b.minute &&
    a.second === b.second
  );
}

/**
 * Every instant (UTC ms) whose wall clock in `zone` reads `local`, ascending: none in a DST gap, two in an
 * overlap, one otherwise.
 */
export function instantsOfLocal(local: LocalDateTime, zone: string): number[] {
  const asUtc = utcMs(local.year, local.month, local.day, local.hour, local.minute, local.second);
  const offsets = new Set<number>();
  for (const probe of [asUtc - DAY_MS, asUtc, asUtc + DAY_MS]) offsets.add(utcOffsetMinutes(probe, zone));
  const found = new Set<number>();
  for (const off of offsets) {
    const t = asUtc - off * MINUTE_MS;
    if (sameWall(localDateTime(t, zone), local)) found.add(t);
  }
  return [...found].sort((a, b) => a - b);
}

/**
 * The instant a person means by wall time `local` in `zone` (a date-time picker, a sheet's send time): in an
 * overlap the earlier instant; in a gap the instant the clock reads as far past the gap as `local` was into it
 * (Temporal's "compatible": 02:30 in a 02:00→03:00 gap is 03:30).
 */
export function instantFromLocal(local: LocalDateTime, zone: string): Date {
  const exact = instantsOfLocal(local, zone)[0];
  if (exact !== undefined) return new Date(exact);
  const asUtc = utcMs(local.year, local.month, local.day, local.hour, local.minute, local.second);
  return new Date(asUtc - utcOffsetMinutes(asUtc - DAY_MS, zone) * MINUTE_MS);
}

// ---------------------------------------------------------------------------------------------------------
// Showing a date-time with its zone
// ---------------------------------------------------------------------------------------------------------

export type DisplayLocale = 'ru' | 'en';

/** 180 → "UTC+3", 330 → "UTC+5:30", -210 → "UTC-3:30", 0 → "UTC". */
export function formatUtcOffset(offsetMinutes: number): string {
  if (offsetMinutes === 0) return 'UTC';
  const sign = offsetMinutes > 0 ? '+' : '-';
  const abs = Math.abs(offsetMinutes);
  const h = Math.floor(abs / 60);
  const m = abs % 60;
  return `UTC${sign}${h}${m === 0 ? '' : `:${String(m).padStart(2, '0')}`}`;
}

/** "Europe/Moscow, UTC+3": the zone and its offset at that instant. */
export function formatZoneLabel(at: Date, zone: string): string {
  return `${zone}, ${formatUtcOffset(utcOffsetMinutes(at, zone))}`;
}

const dateFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * "1 декабря 2026, 10:00 (Europe/Moscow, UTC+3)" — or in English "1 December 2026, 10:00 (Europe/Moscow,
 * UTC+3)": the wall time in `zone`, with the zone and its offset, so a scheduled time is never ambiguous.
 */
export function formatInZone(at: Date, zone: string, locale: DisplayLocale = 'ru'): string {
  const key = `${locale}|${zone}`;
  let f = dateFormatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', {
      timeZone: zone,
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    });
    dateFormatters.set(key, f);
  }
  const p: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of f.formatToParts(at)) p[part.type] = part.value;
  const l = localDateTime(at, zone);
  const time = `${String(l.hour).padStart(2, '0')}:${String(l.minute).padStart(2, '0')}`;
  return `${p.day} ${p.month} ${p.year}, ${time} (${formatZoneLabel(at, zone)})`;
}
