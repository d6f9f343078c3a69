import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';

export const DEFAULT_REGION: CountryCode = 'RU';

/** 79xxxxxxxxx, 89xxxxxxxxx or 9xxxxxxxxx: the digits of a Russian mobile number written without "+". */
const RU_MOBILE = /^[78]?9\d{9}$/;

/**
 * Normalises a phone number as people type it ("8 920 746-00-22", "+7 (920) 746-00-22",
 * "79207460022", "9207460022") to E.164 ("+79207460022"). Returns null when it is not a valid number.
 * One implementation for the UI (instant validation) and the core (what is stored).
 */
export function normalizePhone(input: string, region: CountryCode = DEFAULT_REGION): string | null {
  const raw = input.trim();
  if (raw === '' || raw.length > 40) return null;
  if (/[^\d\s+()\-.]/.test(raw)) return null;
  const digits = raw.replace(/\D/g, '');
  // Fast path for the most common case, a Russian mobile (+7 9xx): every +79 and nine digits is a valid mobile
  // number in the numbering plan, so the answer is the same as the full parse below (a property test checks it),
  // at a tenth of the cost — it matters when an import normalises a million of them.
  if (raw.startsWith('+') ? /^79\d{9}$/.test(digits) : region === 'RU' && RU_MOBILE.test(digits)) {
    return `+79${digits.slice(-9)}`;
  }
  let candidate = raw;
  // Russian habits: 11 digits starting with 7 or 8 and no "+", e.g. "79207460022" or "89207460022".
  if (region === 'RU' && !raw.startsWith('+') && digits.length === 11 && (digits[0] === '7' || digits[0] === '8')) {
    candidate = `+7${digits.slice(1)}`;
  }
  const parsed = parsePhoneNumberFromString(candidate, region);
  if (!parsed || !parsed.isValid()) return null;
  return parsed.number;
}

/** "+79207460022" → "+7 920 746-00-22" for display; falls back to the input. */
export function formatPhone(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  return parsed ? parsed.formatInternational() : e164;
}
