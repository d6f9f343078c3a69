import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countSms, isGsm7 } from '../../../shared/domain/sms';

describe('SMS parts and encoding (one implementation for the counter, the cost preview and the senders)', () => {
  it('GSM-7: 160 in one part, then parts of 153', () => {
    expect(countSms('')).toMatchObject({ parts: 0, units: 0, encoding: 'gsm7' });
    expect(countSms('a'.repeat(160))).toMatchObject({ encoding: 'gsm7', parts: 1, perPart: 160, remaining: 0 });
    expect(countSms('a'.repeat(161))).toMatchObject({ parts: 2, perPart: 153, remaining: 145 });
    expect(countSms('a'.repeat(306))).toMatchObject({ parts: 2, remaining: 0 });
    expect(countSms('a'.repeat(307))).toMatchObject({ parts: 3 });
  });

  it('UCS-2 for Cyrillic: 70 in one part, then parts of 67', () => {
    expect(countSms('Я'.repeat(70))).toMatchObject({ encoding: 'ucs2', parts: 1, perPart: 70, remaining: 0 });
    expect(countSms('Я'.repeat(71))).toMatchObject({ parts: 2, perPart: 67 });
    expect(countSms('Я'.repeat(134))).toMatchObject({ parts: 2, remaining: 0 });
    expect(countSms('Я'.repeat(135))).toMatchObject({ parts: 3 });
  });

  it('extension characters take two septets and never straddle two parts', () => {
    expect(countSms('€'.repeat(80))).toMatchObject({ encoding: 'gsm7', units: 160, parts: 1 });
    expect(countSms('{'.repeat(81))).toMatchObject({ units: 162, parts: 2 });
    // 152 plain + "{" would straddle the 153 boundary: it moves whole into part two.
    expect(countSms(`${'a'.repeat(152)}{${'a'.repeat(10)}`)).toMatchObject({
      units: 164,
      parts: 2,
      remaining: 153 - 12,
    });
  });

  it('an emoji is one character, two UTF-16 units, and is not split between parts', () => {
    expect(countSms('😀')).toMatchObject({ encoding: 'ucs2', characters: 1, units: 2 });
    // 66 + 2 + 3 = 71 units: the emoji does not fit the 67 of part one (66 used) and opens part two.
    expect(countSms(`${'Я'.repeat(66)}😀ЯЯЯ`)).toMatchObject({ units: 71, parts: 2, remaining: 67 - 5 });
  });

  it('says which characters made the message UCS-2 — including the no-break space of ru-RU numbers', () => {
    const price = new Intl.NumberFormat('ru-RU').format(1500);
    const c = countSms(`Balance ${price} rub`);
    expect(c.encoding).toBe('ucs2');
    expect(c.nonGsm).toEqual(['\u00a0']);
    expect(countSms('Привет, Ann').nonGsm).toEqual(['П', 'р', 'и', 'в', 'е', 'т']);
    expect(isGsm7('Hello @ £5 — no')).toBe(false);
    expect(isGsm7('Hello @ £5 [ok]')).toBe(true);
  });

  it('parts never exceed their capacity, and more text never means fewer parts', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', ' ', '€', '{', 'Я', '😀', '\n') }),
        fc.constantFrom('a', 'Я', '€'),
        (text, more) => {
          const c = countSms(text);
          const bigger = countSms(text + more);
          expect(bigger.parts).toBeGreaterThanOrEqual(c.parts);
          expect(c.units).toBeLessThanOrEqual(c.parts === 1 ? c.perPart : c.parts * c.perPart);
          expect(c.remaining).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});
