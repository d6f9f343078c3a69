import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { phoneTimeZone } from '../../../shared/domain/phone-timezone';
import { isWithinSendWindow, quietHoursCheck, type SendWindow } from '../../../shared/domain/quiet-hours';

const utc = (iso: string) => new Date(iso);

/** An oracle independent of the module: the wall clock read through a different formatter. */
function wallMinutes(t: number, zone: string): number {
  const s = new Date(t).toLocaleString('sv-SE', { timeZone: zone, hour12: false });
  const m = /(\d{1,2}):(\d{2}):(\d{2})$/.exec(s);
  if (!m) throw new Error(`unexpected ${s}`);
  const ms = ((t % 1000) + 1000) % 1000;
  return (Number(m[1]) % 24) * 60 + Number(m[2]) + (Number(m[3]) * 1000 + ms) / 60_000;
}

function oracleAllowed(t: number, zone: string, w: { from: number; to: number }): boolean {
  const m = wallMinutes(t, zone);
  if (w.from === w.to % 1440) return true;
  return w.from < w.to ? m >= w.from && m < w.to : m >= w.from || m < w.to;
}

const hhmm = (min: number) =>
  min === 1440 ? '24:00' : `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;

describe('quiet hours in the recipient zone', () => {
  it('the same instant across Kaliningrad, Moscow, Novosibirsk and Kamchatka numbers', () => {
    const kaliningrad = phoneTimeZone('+74012123456')!;
    const moscow = phoneTimeZone('+79007001234')!;
    const novosibirsk = phoneTimeZone('+73832123456')!;
    const kamchatka = phoneTimeZone('+79004351234')!;

    // 06:30 UTC: 08:30 in Kaliningrad (too early), 09:30 Moscow, 13:30 Novosibirsk, 18:30 Kamchatka.
    const at = utc('2026-12-01T06:30:00Z');
    expect(quietHoursCheck(at, kaliningrad)).toEqual({ allowed: false, nextAllowed: utc('2026-12-01T07:00:00Z') });
    expect(quietHoursCheck(at, moscow)).toEqual({ allowed: true, nextAllowed: at });
    expect(quietHoursCheck(at, novosibirsk).allowed).toBe(true);
    expect(quietHoursCheck(at, kamchatka).allowed).toBe(true);

    // 11:00 UTC: 23:00 in Kamchatka → its 09:00 tomorrow, which is 21:00 UTC today.
    expect(quietHoursCheck(utc('2026-12-01T11:00:00Z'), kamchatka)).toEqual({
      allowed: false,
      nextAllowed: utc('2026-12-01T21:00:00Z'),
    });
    // 14:30 UTC: 21:30 in Novosibirsk → 09:00 local on Dec 2 = 02:00 UTC.
    expect(quietHoursCheck(utc('2026-12-01T14:30:00Z'), novosibirsk)).toEqual({
      allowed: false,
      nextAllowed: utc('2026-12-02T02:00:00Z'),
    });
    // 22:30 UTC: 01:30 on Dec 2 in Moscow (after midnight) → 09:00 the same local day.
    expect(quietHoursCheck(utc('2026-12-01T22:30:00Z'), moscow).nextAllowed).toEqual(utc('2026-12-02T06:00:00Z'));
  });

  it('the window is [from, to): 09:00:00 is allowed, 21:00:00 is not, 20:59:59.999 is', () => {
    const z = 'Europe/Moscow';
    expect(quietHoursCheck(utc('2026-12-01T06:00:00Z'), z).allowed).toBe(true);
    expect(quietHoursCheck(utc('2026-12-01T05:59:59.999Z'), z)).toEqual({
      allowed: false,
      nextAllowed: utc('2026-12-01T06:00:00Z'),
    });
    expect(quietHoursCheck(utc('2026-12-01T17:59:59.999Z'), z).allowed).toBe(true);
    expect(quietHoursCheck(utc('2026-12-01T18:00:00Z'), z)).toEqual({
      allowed: false,
      nextAllowed: utc('2026-12-02T06:00:00Z'),
    });
  });

  it('crosses month and year ends in the recipient zone', () => {
    // 31 Dec 12:00 UTC = 00:00 on 1 Jan in Kamchatka.
    expect(quietHoursCheck(utc('2026-12-31T12:00:00Z'), 'Asia/Kamchatka').nextAllowed).toEqual(
      utc('2026-12-31T21:00:00Z'),
    );
  });

  it('custom, overnight, whole-day and until-midnight windows', () => {
    const z = 'Europe/Moscow';
    const night: SendWindow = { from: '22:00', to: '06:00' };
    expect(quietHoursCheck(utc('2026-12-01T20:00:00Z'), z, night).allowed).toBe(true); // 23:00
    expect(quietHoursCheck(utc('2026-12-02T02:59:00Z'), z, night).allowed).toBe(true); // 05:59
    expect(quietHoursCheck(utc('2026-12-02T03:00:00Z'), z, night)).toEqual({
      allowed: false,
      nextAllowed: utc('2026-12-02T19:00:00Z'),
    });
    expect(quietHoursCheck(utc('2026-12-02T01:00:00Z'), z, { from: '00:00', to: '00:00' }).allowed).toBe(true);
    expect(isWithinSendWindow(utc('2026-12-01T20:59:00Z'), z, { from: '10:00', to: '24:00' })).toBe(true);
    expect(quietHoursCheck(utc('2026-12-01T06:30:00Z'), z, { from: '10:00', to: '24:00' }).nextAllowed).toEqual(
      utc('2026-12-01T07:00:00Z'),
    );
  });

  it('rejects malformed windows and unknown zones', () => {
    const at = utc('2026-12-01T06:30:00Z');
    expect(() => quietHoursCheck(at, 'Europe/Moscow', { from: '9', to: '21:00' })).toThrow(RangeError);
    expect(() => quietHoursCheck(at, 'Europe/Moscow', { from: '24:00', to: '21:00' })).toThrow(RangeError);
    expect(() => quietHoursCheck(at, 'Europe/Moscow', { from: '09:00', to: '21:60' })).toThrow(RangeError);
    expect(() => quietHoursCheck(at, 'Mars/Olympus')).toThrow(RangeError);
  });

  it('zones with DST: a window start inside a spring-forward gap, an overnight window re-entered at fall-back', () => {
    // Berlin, 29 Mar 2026: 02:00 → 03:00. A window from 02:30 opens at 03:00 local (01:00 UTC).
    expect(quietHoursCheck(utc('2026-03-29T00:00:00Z'), 'Europe/Berlin', { from: '02:30', to: '21:00' })).toEqual({
      allowed: false,
      nextAllowed: utc('2026-03-29T01:00:00Z'),
    });
    // New York, 1 Nov 2026: 02:00 EDT → 01:00 EST. At 01:45 EDT the window 22:00–01:30 is closed; the clock
    // falls back to 01:00 EST (06:00 UTC) and is inside it again, without ever reading 22:00.
    expect(quietHoursCheck(utc('2026-11-01T05:45:00Z'), 'America/New_York', { from: '22:00', to: '01:30' })).toEqual({
      allowed: false,
      nextAllowed: utc('2026-11-01T06:00:00Z'),
    });
  });

  it('property: nextAllowed is never before `at`, is allowed in that zone, and nothing between is', () => {
    const zones = [
      'Europe/Kaliningrad',
      'Europe/Moscow',
      'Asia/Novosibirsk',
      'Asia/Kamchatka',
      'Europe/Berlin',
      'America/New_York',
      'Australia/Lord_Howe',
      'Asia/Kathmandu',
      'America/St_Johns',
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) }),
        fc.constantFrom(...zones),
        fc.integer({ min: 0, max: 1439 }),
        fc.integer({ min: 0, max: 1440 }),
        (t, zone, from, to) => {
          const w = { from, to };
          const r = quietHoursCheck(new Date(t), zone, { from: hhmm(from), to: hhmm(to) });
          const next = r.nextAllowed.getTime();
          expect(next).toBeGreaterThanOrEqual(t);
          expect(oracleAllowed(next, zone, w)).toBe(true);
          expect(r.allowed).toBe(oracleAllowed(t, zone, w));
          if (r.allowed) expect(next).toBe(t);
          else {
            expect(oracleAllowed(next - 1, zone, w)).toBe(false);
            for (let k = 1; k < 16; k++) {
              const probe = t + Math.floor(((next - t) * k) / 16);
              expect(oracleAllowed(probe, zone, w)).toBe(false);
            }
            expect(next - t).toBeLessThanOrEqual(26 * 3600 * 1000);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: with the default window, nextAllowed is 09:00–20:59 on the recipient clock', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2032, 0, 1) }),
        fc.constantFrom('Europe/Kaliningrad', 'Europe/Moscow', 'Asia/Novosibirsk', 'Asia/Kamchatka'),
        (t, zone) => {
          const m = wallMinutes(quietHoursCheck(new Date(t), zone).nextAllowed.getTime(), zone);
          expect(m).toBeGreaterThanOrEqual(9 * 60);
          expect(m).toBeLessThan(21 * 60);
        },
      ),
    );
  });
});
