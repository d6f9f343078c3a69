import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeEmail } from '../../../shared/domain/email';
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { formatPhone, normalizePhone } from '../../../shared/domain/phone';

// Russian mobile numbers: +7 9XX XXX-XX-XX.
const ruMobile = fc
  .tuple(fc.integer({ min: 900, max: 999 }), fc.integer({ min: 0, max: 9_999_999 }))
  .map(([code, rest]) => `${code}${String(rest).padStart(7, '0')}`);

/** The ways people write one Russian number in spreadsheets and forms. */
function spellings(ten: string): string[] {
  const [a, b, c, d] = [ten.slice(0, 3), ten.slice(3, 6), ten.slice(6, 8), ten.slice(8)];
  return [
    `+7${ten}`,
    `7${ten}`,
    `8${ten}`,
    ten,
    `8 ${a} ${b}-${c}-${d}`,
    `+7 (${a}) ${b}-${c}-${d}`,
    `8(${a})${b}${c}${d}`,
    ` +7-${a}-${b}-${c}-${d} `,
    `7 ${a} ${b} ${c} ${d}`,
  ];
}

describe('phone normalisation', () => {
  it('turns the usual Russian spellings into E.164', () => {
    for (const s of spellings('9207460022')) expect(normalizePhone(s), s).toBe('+79207460022');
  });

  it('property: every spelling of one Russian number gives the same E.164', () => {
    fc.assert(
      fc.property(ruMobile, (ten) => {
        const results = new Set(spellings(ten).map((s) => normalizePhone(s)));
        expect([...results]).toEqual([`+7${ten}`]);
      }),
    );
  });

  it('property: normalisation is idempotent and its output reparses to itself', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          ruMobile.chain((t) => fc.constantFrom(...spellings(t))),
          fc.string({ maxLength: 20 }),
        ),
        (input) => {
          const once = normalizePhone(input);
          if (once !== null) {
            expect(once).toMatch(/^\+[1-9]\d{6,14}$/);
            expect(normalizePhone(once)).toBe(once);
            expect(normalizePhone(formatPhone(once))).toBe(once);
          }
        },
      ),
    );
  });

  it('property: the Russian-mobile fast path answers exactly what the full parse answers', () => {
    const full = (s: string) => {
      const digits = s.replace(/\D/g, '');
      const candidate =
        !s.trim().startsWith('+') && digits.length === 11 && /^[78]/.test(digits) ? `+7${digits.slice(1)}` : s;
      const p = parsePhoneNumberFromString(candidate, 'RU');
      return p?.isValid() ? p.number : null;
    };
    fc.assert(
      fc.property(
        ruMobile.chain((t) => fc.constantFrom(...spellings(t))),
        (s) => {
          expect(normalizePhone(s)).toBe(full(s));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('refuses what is not a phone number', () => {
    for (const s of [
      '',
      '   ',
      '123',
      '+7 920 746',
      '8 920 746-00-22-33-44',
      'abc',
      '+7 920 ABC-00-22',
      '9207460022;DROP',
      '1'.repeat(50),
    ]) {
      expect(normalizePhone(s), s).toBeNull();
    }
  });

  it('keeps foreign numbers written in international form', () => {
    expect(normalizePhone('+375 29 123-45-67')).toBe('+375291234567');
    expect(normalizePhone('+49 30 901820')).toBe('+4930901820');
  });
});

describe('e-mail normalisation', () => {
  it('lower-cases and trims valid addresses', () => {
    expect(normalizeEmail('  Ivan.Petrov@Mail.RU ')).toBe('ivan.petrov@mail.ru');
    expect(normalizeEmail('info@магазин.рф')).toBe('info@магазин.рф');
  });
  it('refuses malformed addresses and header-injection attempts', () => {
    for (const s of [
      'ivan',
      'ivan@',
      '@mail.ru',
      'ivan@mail',
      'iv an@mail.ru',
      'a@b.ru\r\nBcc: x@y.ru',
      'a..b@mail.ru',
      '.a@mail.ru',
      'a@-mail.ru',
      `${'a'.repeat(65)}@mail.ru`,
    ]) {
      expect(normalizeEmail(s), JSON.stringify(s)).toBeNull();
    }
  });
});
