import fc from 'fast-check';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { normalizePhone } from '../../../shared/domain/phone';
import {
  coveredDefCodes,
  knownAbcCodes,
  phoneTimeZone,
  phoneZoneInfo,
  RUSSIAN_TIME_ZONES,
} from '../../../shared/domain/phone-timezone';
import { isValidTimeZone, utcOffsetMinutes } from '../../../shared/domain/schedule';

const WINTER = new Date('2026-12-01T12:00:00Z');
const SUMMER = new Date('2027-07-01T12:00:00Z');

describe('phone number → time zone', () => {
  it('landlines of the four reference regions (ABC codes)', () => {
    expect(phoneZoneInfo('+74012123456')).toEqual({ zone: 'Europe/Kaliningrad', source: 'abc' });
    expect(phoneTimeZone('+74951234567')).toBe('Europe/Moscow');
    expect(phoneTimeZone('+74991234567')).toBe('Europe/Moscow');
    expect(phoneTimeZone('+78121234567')).toBe('Europe/Moscow');
    expect(phoneTimeZone('+73832123456')).toBe('Asia/Novosibirsk');
    expect(phoneZoneInfo('+74152123456')).toEqual({ zone: 'Asia/Kamchatka', source: 'abc' });
  });

  it('mobiles of the four reference regions (DEF blocks of the registry)', () => {
    // 900-345-00-00…900-354-99-99 and 900-561…570: Tele2, Kaliningrad Oblast.
    expect(phoneZoneInfo('+79003450000')).toEqual({ zone: 'Europe/Kaliningrad', source: 'def' });
    expect(phoneTimeZone('+79005709999')).toBe('Europe/Kaliningrad');
    // 900-700…749: Moscow and Moscow Oblast.
    expect(phoneTimeZone('+79007001234')).toBe('Europe/Moscow');
    // 933-100-00-00…933-100-99-99: MegaFon, Novosibirsk Oblast.
    expect(phoneTimeZone('+79331005555')).toBe('Asia/Novosibirsk');
    // 900-435…444 and 900-680…689: Tele2, Kamchatka Krai.
    expect(phoneTimeZone('+79004351234')).toBe('Asia/Kamchatka');
    expect(phoneTimeZone('+79006899999')).toBe('Asia/Kamchatka');
    // MTS: 913-700…799 Novosibirsk, 914-020…029 Kamchatka, 916 Moscow.
    expect(phoneTimeZone('+79137001234')).toBe('Asia/Novosibirsk');
    expect(phoneTimeZone('+79140201234')).toBe('Asia/Kamchatka');
    expect(phoneTimeZone('+79161234567')).toBe('Europe/Moscow');
  });

  it('range edges: the first and last number of a block, and the numbers just outside', () => {
    expect(phoneTimeZone('+79003449999')).toBe('Asia/Vladivostok'); // 900-336…344: Khabarovsk
    expect(phoneTimeZone('+79003450000')).toBe('Europe/Kaliningrad');
    expect(phoneTimeZone('+79003549999')).toBe('Europe/Kaliningrad');
    expect(phoneTimeZone('+79003550000')).toBe('Europe/Moscow'); // Bryansk
  });

  it('other regions: Urals, Siberia, Far East, and the zones with their own offset history', () => {
    expect(phoneTimeZone('+73432123456')).toBe('Asia/Yekaterinburg');
    expect(phoneTimeZone('+73812123456')).toBe('Asia/Omsk');
    expect(phoneTimeZone('+73952123456')).toBe('Asia/Irkutsk');
    expect(phoneTimeZone('+74232123456')).toBe('Asia/Vladivostok');
    expect(phoneTimeZone('+74132123456')).toBe('Asia/Magadan');
    expect(phoneTimeZone('+74272123456')).toBe('Asia/Anadyr');
    expect(phoneTimeZone('+78452123456')).toBe('Europe/Saratov');
    expect(phoneTimeZone('+78462123456')).toBe('Europe/Samara');
    expect(phoneTimeZone('+73652123456')).toBe('Europe/Simferopol');
    expect(phoneTimeZone('+79001750000')).toBe('Asia/Kamchatka');
    expect(phoneTimeZone('+79999490000')).toBe('Asia/Yakutsk');
  });

  it('unknown: the caller falls back to the sender zone', () => {
    expect(phoneTimeZone('+79101234567')).toBeNull(); // DEF 910 is not in the table yet
    expect(phoneTimeZone('+79010250000')).toBeNull(); // a gap between allocated blocks
    expect(phoneTimeZone('+78001234567')).toBeNull(); // free-phone, not geographic
    expect(phoneTimeZone('+77012345678')).toBeNull(); // Kazakhstan shares +7
    expect(phoneTimeZone('+12025550123')).toBeNull();
    expect(phoneTimeZone('84012123456')).toBeNull(); // not E.164: normalise first
    expect(phoneTimeZone('')).toBeNull();
  });

  it('works on what normalizePhone stores', () => {
    expect(phoneTimeZone(normalizePhone('8 (4012) 12-34-56') ?? '')).toBe('Europe/Kaliningrad');
    expect(phoneTimeZone(normalizePhone('+7 (415) 221-23-45') ?? '')).toBe('Asia/Kamchatka');
    expect(phoneTimeZone(normalizePhone('8 900 435 12 34') ?? '')).toBe('Asia/Kamchatka');
  });

  it('the four reference zones have the offsets quiet hours rely on, all year round', () => {
    const offsets = (e164: string) => {
      const zone = phoneTimeZone(e164)!;
      return [utcOffsetMinutes(WINTER, zone), utcOffsetMinutes(SUMMER, zone)];
    };
    expect(offsets('+74012123456')).toEqual([120, 120]);
    expect(offsets('+74951234567')).toEqual([180, 180]);
    expect(offsets('+73832123456')).toEqual([420, 420]);
    expect(offsets('+74152123456')).toEqual([720, 720]);
  });

  it('the ABC table: every geographic code once, each with a zone this runtime knows', () => {
    const codes = knownAbcCodes();
    expect(codes.length).toBeGreaterThanOrEqual(90);
    for (const c of codes) expect(c).toMatch(/^[348]\d\d$/);
    for (const c of ['301', '343', '365', '383', '401', '415', '427', '495', '499', '812', '844', '869', '879']) {
      expect(codes).toContain(c);
    }
    for (const zone of RUSSIAN_TIME_ZONES) expect(isValidTimeZone(zone), zone).toBe(true);
    expect(coveredDefCodes()).toEqual(expect.arrayContaining(['900', '913', '914', '915', '916', '933']));
  });

  it('property: any +7 number gives null or one of the Russian zones, and the same answer twice', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[3489]\d{9}$/), (national) => {
        const zone = phoneTimeZone(`+7${national}`);
        if (zone !== null) expect(RUSSIAN_TIME_ZONES).toContain(zone);
        expect(phoneTimeZone(`+7${national}`)).toBe(zone);
      }),
    );
  });

  it('property: every number of a landline code has the code zone', () => {
    const codes = knownAbcCodes();
    fc.assert(
      fc.property(fc.constantFrom(...codes), fc.integer({ min: 0, max: 9_999_999 }), (code, rest) => {
        const zone = phoneTimeZone(`+7${code}${String(rest).padStart(7, '0')}`);
        expect(zone).toBe(phoneTimeZone(`+7${code}0000000`));
        expect(zone).not.toBeNull();
      }),
    );
  });

  it('the committed DEF table is what the generator makes of its input', async () => {
    const script = path.resolve(fileURLToPath(import.meta.url), '../../../../scripts/gen-def-timezones.mjs');
    const gen = (await import(script)) as {
      readRegistry(text: string): { code: string; from: number; to: number; region: string }[];
      buildTable(rows: unknown[]): { table: Map<string, [number, number, string][]>; unknown: string[] };
    };
    const fs = await import('node:fs');
    const csv = fs.readFileSync(path.resolve(path.dirname(script), 'data/def-9xx-subset.csv'), 'utf8');
    const rows = gen.readRegistry(csv);
    const { table, unknown } = gen.buildTable(rows);
    expect(unknown).toEqual([]);
    // Every registry row's first and last number get the row's zone from the committed table.
    for (const [code, ranges] of table) {
      for (const [from, to, zone] of ranges) {
        expect(phoneTimeZone(`+7${code}${String(from).padStart(7, '0')}`)).toBe(zone);
        expect(phoneTimeZone(`+7${code}${String(to).padStart(7, '0')}`)).toBe(zone);
      }
    }
  });
});
