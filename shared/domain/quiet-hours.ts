/**
 * Quiet hours for marketing messages, in the recipient's local time: sending is allowed inside a daily window
 * (default 09:00–21:00) of the recipient's zone and held back outside it. The zone comes from the number's
 * region (phone-timezone.ts), or the sender's zone when the region is unknown.
 *
 * The window is half-open, [from, to): with 09:00–21:00 a message may go at 09:00:00 and at 20:59:59, not at
 * 21:00:00. `from` > `to` is an overnight window (22:00–06:00 allows 22:00 through 05:59:59). `from` = `to`
 * means no quiet hours at all. `to` may be "24:00" (until midnight).
 *
 * Works for any IANA zone: Russian zones have no DST, but a zone with DST gaps or repeated hours gets the
 * right answer too (the window is read off the wall clock at each instant).
 */
import { instantsOfLocal, localDateTime, utcOffsetMinutes, type LocalDateTime } from './schedule';

export interface SendWindow {
  /** "HH:MM", the first minute sending is allowed. */
  from: string;
  /** "HH:MM" (or "24:00"), the first minute sending is no longer allowed. */
  to: string;
}

export const DEFAULT_SEND_WINDOW: Readonly<SendWindow> = { from: '09:00', to: '21:00' };

export interface QuietHoursResult {
  /** Sending at `at` is allowed in that zone. */
  allowed: boolean;
  /** The first instant at or after `at` when sending is allowed (`at` itself when allowed). */
  nextAllowed: Date;
}

const MINUTE_MS = 60_000;
const DAY_MINUTES = 24 * 60;

/** "09:00" → 540; "24:00" → 1440 (only where allowed); throws a RangeError for anything else. */
export function parseWindowTime(text: string, allowEndOfDay = false): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  const h = m ? Number(m[1]) : NaN;
  const min = m ? Number(m[2]) : NaN;
  if (allowEndOfDay && h === 24 && min === 0) return DAY_MINUTES;
  if (!(h >= 0 && h <= 23 && min >= 0 && min <= 59)) {
    throw new RangeError(`window time must be "HH:MM" from 00:00 to 23:59, got "${text}"`);
  }
  return h * 60 + min;
}

interface Window {
  from: number;
  to: number;
}

function parseWindow(w: SendWindow): Window {
  return { from: parseWindowTime(w.from), to: parseWindowTime(w.to, true) };
}

/** Minutes since local midnight (fractional: seconds and milliseconds count). */
function minuteOfDay(l: LocalDateTime, ms: number): number {
  return l.hour * 60 + l.minute + (l.second * 1000 + ms) / MINUTE_MS;
}

function inWindow(minute: number, w: Window): boolean {
  if (w.from === w.to % DAY_MINUTES) return true;
  if (w.from < w.to) return minute >= w.from && minute < w.to;
  return minute >= w.from || minute < w.to;
}

function allowedAt(t: number, zone: string, w: Window): boolean {
  const ms = ((t % 1000) + 1000) % 1000;
  return inWindow(minuteOfDay(localDateTime(t, zone), ms), w);
}

/** True when sending at instant `at` falls inside `window` in `zone`. */
export function isWithinSendWindow(at: Date, zone: string, window: SendWindow = DEFAULT_SEND_WINDOW): boolean {
  return allowedAt(at.getTime(), zone, parseWindow(window));
}

/**
 * Whether a marketing message may go at `at` to a recipient in `zone`, and if not, when it may: the first
 * instant at or after `at` inside `window` (by default 09:00–21:00) on the recipient's wall clock.
 * Throws a RangeError for an unknown zone or a malformed window.
 */
export function quietHoursCheck(at: Date, zone: string, window: SendWindow = DEFAULT_SEND_WINDOW): QuietHoursResult {
  const w = parseWindow(window);
  const t = at.getTime();
  if (allowedAt(t, zone, w)) return { allowed: true, nextAllowed: new Date(t) };

  // Outside the window the wall clock must next read `from`: today if `from` is still ahead, else tomorrow.
  // That instant is the answer unless the zone's offset changes in between (a DST jump can enter the window
  // without the clock ever reading `from`, or skip `from` altogether); then a minute-by-minute scan finds the
  // first allowed minute and a binary search pins the instant to the millisecond.
  const local = localDateTime(t, zone);
  let candidate: number | undefined;
  for (let addDays = 0; addDays <= 2 && candidate === undefined; addDays++) {
    const day = new Date(Date.UTC(2000, 0, 1));
    day.setUTCFullYear(local.year, local.month - 1, local.day + addDays);
    const wall: LocalDateTime = {
      year: day.getUTCFullYear(),
      month: day.getUTCMonth() + 1,
      day: day.getUTCDate(),
      hour: Math.floor(w.from / 60),
      minute: w.from % 60,
      second: 0,
    };
    candidate = instantsOfLocal(wall, zone).find((c) => c > t);
  }
  if (candidate !== undefined && utcOffsetMinutes(candidate, zone) === utcOffsetMinutes(t, zone)) {
    return { allowed: false, nextAllowed: new Date(candidate) };
  }
  let lo = t;
  let hi = t + MINUTE_MS;
  for (let i = 0; !allowedAt(hi, zone, w); i++) {
    if (i > 3 * DAY_MINUTES) throw new RangeError(`no allowed sending time found in ${zone}`);
    lo = hi;
    hi += MINUTE_MS;
  }
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (allowedAt(mid, zone, w)) hi = mid;
    else lo = mid;
  }
  return { allowed: false, nextAllowed: new Date(hi) };
}
