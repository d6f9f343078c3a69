import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countSms } from '../../../shared/domain/sms';
import {
  emptyScan,
  firstNonGsm7,
  gsm7Table,
  nonGsm7Chars,
  smsParts,
  smsPartsOfScan,
  smsPartsPacked,
  smsScanAdd,
} from '../../../shared/domain/sms-fast';

/** What the reference says, in the fast counter's terms. */
const reference = (text: string) => {
  const c = countSms(text);
  return { parts: c.parts, ucs2: c.encoding === 'ucs2' };
};

const same = (text: string): void => {
  expect(smsParts(text), JSON.stringify(text)).toEqual(reference(text));
};

const GSM_BASIC = [...'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./09:;<=>?¡AZÄÖÑÜ§¿azäöñüà'];
const GSM_EXT = [...'^{}\\[~]|€\f'];
const CYRILLIC = [...'АаБбЯяЁёйЙ'];
const EMOJI = ['😀', '👍', '🇷🇺', '👨‍👩‍👧'];
const ODD = ['\u00a0', '\u202f', '—', '«', '»', '№', '₽', '\t', '\u0000', '\ud83d', '\ude00', 'ç', '`'];

describe('smsParts: the fast counter answers exactly what countSms answers', () => {
  it('for every single UTF-16 code unit (the lookup table against the reference)', () => {
    for (let c = 0; c < 0x10000; c++) {
      const ch = String.fromCharCode(c);
      const ref = reference(ch);
      const fast = smsParts(ch);
      if (fast.parts !== ref.parts || fast.ucs2 !== ref.ucs2) expect({ c, fast }).toEqual({ c, fast: ref });
    }
    // The table is as short as the alphabet: € (U+20AC) is its last GSM-7 character, and it takes two septets.
    expect(gsm7Table().length).toBe(0x20ad);
    expect(gsm7Table()[0x20ac]).toBe(2);
    expect(gsm7Table()['a'.charCodeAt(0)]).toBe(1);
  });

  it('at the part boundaries: 70/71/134/135 (UCS-2), 153/160/161/306/307 (GSM-7)', () => {
    for (const n of [0, 1, 69, 70, 71, 133, 134, 135, 152, 153, 154, 159, 160, 161, 305, 306, 307, 459, 460, 461]) {
      for (const unit of ['a', 'Я', '€', '{', '😀', '\u00a0', ' ']) same(unit.repeat(n));
      // A GSM-7 text one unit off each boundary, with one non-GSM character at either end.
      same(`${'a'.repeat(n)}Я`);
      same(`Я${'a'.repeat(n)}`);
    }
    expect(smsParts('a'.repeat(160))).toEqual({ parts: 1, ucs2: false });
    expect(smsParts('a'.repeat(161))).toEqual({ parts: 2, ucs2: false });
    expect(smsParts('a'.repeat(306))).toEqual({ parts: 2, ucs2: false });
    expect(smsParts('a'.repeat(307))).toEqual({ parts: 3, ucs2: false });
    expect(smsParts('Я'.repeat(70))).toEqual({ parts: 1, ucs2: true });
    expect(smsParts('Я'.repeat(71))).toEqual({ parts: 2, ucs2: true });
    expect(smsParts('Я'.repeat(134))).toEqual({ parts: 2, ucs2: true });
    expect(smsParts('Я'.repeat(135))).toEqual({ parts: 3, ucs2: true });
    expect(smsParts('')).toEqual({ parts: 0, ucs2: false });
  });

  it('never splits an extension character or an emoji between two parts', () => {
    // 152 septets + "{" (2) would straddle the 153 boundary: it moves whole into part two.
    for (const ext of GSM_EXT) {
      for (let before = 140; before <= 160; before++) {
        same(`${'a'.repeat(before)}${ext}${'a'.repeat(10)}`);
        same(`${'a'.repeat(before)}${ext}`);
        same(`${'a'.repeat(before + 153)}${ext}${'b'.repeat(160)}`);
      }
    }
    expect(smsParts(`${'a'.repeat(152)}{${'a'.repeat(10)}`)).toEqual({ parts: 2, ucs2: false });
    // 306 septets of "€" exactly fill two parts of 153; one more "a" opens a third.
    expect(smsParts('€'.repeat(153))).toEqual(reference('€'.repeat(153)));
    expect(smsParts(`${'€'.repeat(153)}a`)).toEqual({ parts: 3, ucs2: false });
    // The GSM-7 one-part limit counts septets: 80 "€" fit in one, 81 do not.
    expect(smsParts('€'.repeat(80))).toEqual({ parts: 1, ucs2: false });
    expect(smsParts('€'.repeat(81))).toEqual({ parts: 2, ucs2: false });
    // 66 units then an emoji: it opens part two rather than split.
    for (let before = 60; before <= 72; before++) {
      same(`${'Я'.repeat(before)}😀ЯЯЯ`);
      same(`${'a'.repeat(before)}😀${'a'.repeat(70)}`);
      same(`${'a'.repeat(before + 67)}😀${'Я'.repeat(70)}`);
    }
    expect(smsParts(`${'Я'.repeat(66)}😀ЯЯЯ`)).toEqual({ parts: 2, ucs2: true });
  });

  it('on random texts of GSM-7, extension, Cyrillic, emoji, no-break spaces and lone surrogates', () => {
    const unit = fc.oneof(
      { weight: 10, arbitrary: fc.constantFrom(...GSM_BASIC) },
      { weight: 3, arbitrary: fc.constantFrom(...GSM_EXT) },
      { weight: 2, arbitrary: fc.constantFrom(...CYRILLIC) },
      { weight: 1, arbitrary: fc.constantFrom(...EMOJI) },
      { weight: 1, arbitrary: fc.constantFrom(...ODD) },
    );
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 480 }), (text) => {
        same(text);
      }),
      { numRuns: 3000 },
    );
    // Any Unicode at all, including unpaired surrogates.
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        same(text);
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...GSM_BASIC, ...GSM_EXT), maxLength: 480 }), (text) => {
        same(text);
      }),
      { numRuns: 1000 },
    );
  });

  it('on texts built to end near a boundary, with the tricky characters there', () => {
    const filler = fc.constantFrom('a', 'Я', '€');
    const tail = fc.string({ unit: fc.constantFrom('a', '{', '€', 'Я', '😀', '\u00a0', '\ud83d'), maxLength: 4 });
    fc.assert(
      fc.property(
        filler,
        fc.constantFrom(
          66,
          67,
          68,
          69,
          70,
          71,
          132,
          133,
          134,
          135,
          151,
          152,
          153,
          158,
          159,
          160,
          161,
          304,
          305,
          306,
          307,
        ),
        tail,
        tail,
        (f, n, before, after) => {
          same(before + f.repeat(n) + after);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('packs parts and encoding into one number', () => {
    expect(smsPartsPacked('')).toBe(0);
    expect(smsPartsPacked('hi')).toBe(2);
    expect(smsPartsPacked('Привет')).toBe(3);
    expect(smsPartsPacked('Я'.repeat(135))).toBe(3 * 2 + 1);
  });
});

describe('counting a message from its pieces without joining them', () => {
  const piece = fc.string({
    unit: fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom('a', ' ', '1', '.', ',') },
      { weight: 1, arbitrary: fc.constantFrom(...GSM_EXT, ...CYRILLIC, ...EMOJI, '\u00a0', '\ud83d', '\ude00') },
    ),
    maxLength: 120,
  });

  it('gives the parts of the joined text whenever it decides, and defers only when the order matters', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 6 }), (pieces) => {
        const scan = emptyScan();
        for (const p of pieces) smsScanAdd(scan, p);
        const text = pieces.join('');
        const packed = smsPartsOfScan(scan);
        if (packed >= 0) expect(packed).toBe(smsPartsPacked(text));
        else {
          // Undecided only for a long text with an extension character (GSM-7) or a surrogate (UCS-2).
          const ref = countSms(text);
          expect(ref.parts).toBeGreaterThan(1);
          if (ref.encoding === 'gsm7') expect([...text].some((ch) => GSM_EXT.includes(ch))).toBe(true);
          else expect(/[\ud800-\udfff]/.test(text)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  /** How the cost preview counts: the pieces' totals, or the joined text when they cannot decide. */
  const partsOfPieces = (pieces: string[]) => {
    const scan = emptyScan();
    for (const p of pieces) smsScanAdd(scan, p);
    const packed = smsPartsOfScan(scan);
    return packed >= 0 ? packed : smsPartsPacked(pieces.join(''));
  };

  it('counts a character straddling a boundary as the reference does (3 parts, not ceil(units / size) = 2)', () => {
    // 152 + "{" (2 septets) + 152 = 306 septets: two full parts by arithmetic, but "{" cannot straddle.
    expect(partsOfPieces(['a'.repeat(152), '{', 'a'.repeat(152)])).toBe(3 * 2);
    expect(countSms(`${'a'.repeat(152)}{${'a'.repeat(152)}`).parts).toBe(3);
    // 66 + an emoji (2 units) + 66 = 134 units: two parts of 67 by arithmetic, but the emoji cannot straddle.
    expect(partsOfPieces(['Я'.repeat(66), '😀', 'Я'.repeat(66)])).toBe(3 * 2 + 1);
    expect(countSms(`${'Я'.repeat(66)}😀${'Я'.repeat(66)}`).parts).toBe(3);
  });

  it('agrees with countSms on GSM-7 pieces with extension characters around the boundaries', () => {
    const gsm = fc.string({ unit: fc.constantFrom('a', 'a', 'a', '{', '€', '\f'), minLength: 100, maxLength: 200 });
    fc.assert(
      fc.property(fc.array(gsm, { minLength: 1, maxLength: 4 }), (pieces) => {
        const ref = countSms(pieces.join(''));
        expect(partsOfPieces(pieces)).toBe(ref.parts * 2 + (ref.encoding === 'ucs2' ? 1 : 0));
      }),
      { numRuns: 1000 },
    );
  });

  it('pairs an emoji split across two pieces as the joined text does', () => {
    const scan = emptyScan();
    const pieces = ['Я'.repeat(66), '\ud83d', '\ude00', 'ЯЯЯ'];
    for (const p of pieces) smsScanAdd(scan, p);
    expect(smsPartsOfScan(scan)).toBe(-1); // the caller counts the joined text
    expect(smsParts(pieces.join(''))).toEqual({ parts: 2, ucs2: true });
  });
});

describe('finding the characters that make a text UCS-2', () => {
  it('agrees with countSms(text).nonGsm, an emoji being one character', () => {
    const unit = fc.constantFrom('a', '€', 'Я', 'я', '😀', '\u00a0', '—', '\ud83d', ' ');
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 60 }), (text) => {
        expect(nonGsm7Chars(text)).toEqual(countSms(text).nonGsm);
        expect(firstNonGsm7(text) < 0).toBe(countSms(text).encoding === 'gsm7');
      }),
    );
    expect(nonGsm7Chars('Balance 1\u00a0500 rub')).toEqual(['\u00a0']);
    expect(nonGsm7Chars('Привет', 2)).toEqual(['П', 'р']);
    expect(firstNonGsm7('Hi Аня')).toBe(3);
  });
});
