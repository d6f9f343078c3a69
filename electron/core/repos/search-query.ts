/**
 * What a person typed into the search box, split into what the indexes can answer:
 * - words with letters become quoted FTS5 prefix terms over names and e-mail ("иван петр" finds "Петров
 *   Иван"); no FTS syntax from the input is ever interpreted;
 * - digits become phone prefixes searched as ranges on the E.164 phone index, in the forms people type a
 *   Russian number: "8 920 746", "+7 (920) 746", "7920746" and "920746" all mean "+7920746…".
 */
export interface ParsedSearch {
  fts: string | null;
  phonePrefixes: string[];
}

const MIN_PHONE_DIGITS = 2;

/** E.164 prefixes a typed digit string may stand for. */
export function phonePrefixes(raw: string): string[] {
  const digits = raw.replace(/\D/g, '');
  if (digits.length < MIN_PHONE_DIGITS) return [];
  const out = new Set<string>([`+${digits}`]);
  if (!raw.trim().startsWith('+')) {
    if (digits.startsWith('8')) out.add(`+7${digits.slice(1)}`);
    if (digits.startsWith('9')) out.add(`+7${digits}`);
  }
  return [...out];
}

/**
 * Characters whose Unicode category is the same in SQLite's unicode61 tables and in this JavaScript engine:
 * Latin, Greek, Cyrillic, Armenian, Georgian letters and digits. Used for the strict retry (see below).
 */
const STABLE_RUN = /[0-9a-z\u00c0-\u024f\u0370-\u03ff\u0400-\u052f\u0531-\u058f\u10a0-\u10ff]+/gu;

/**
 * `strict`: FTS5 tokenises with Unicode tables older than JavaScript's, so a rare character may split a
 * word into two tokens, which detail=none refuses as a phrase. The listing then retries in strict mode,
 * where each word is cut into runs of stable characters only.
 */
export function parseSearch(input: string, strict = false): ParsedSearch {
  const text = input.normalize('NFKC').trim().toLowerCase().replaceAll('ё', 'е');
  if (text === '') return { fts: null, phonePrefixes: [] };
  if (/^[\d\s+()\-.]+$/.test(text)) {
    const prefixes = phonePrefixes(text);
    // A single digit cannot be told apart from noise; search nothing rather than everything.
    return prefixes.length > 0 ? { fts: null, phonePrefixes: prefixes } : { fts: null, phonePrefixes: [] };
  }
  const words = strict ? (text.match(STABLE_RUN) ?? []) : text.split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '');
  const digitWords = words.filter((w) => /^\d+$/.test(w) && w.length >= 3);
  const terms = words.filter((w) => !digitWords.includes(w)).slice(0, 8);
  return {
    fts: terms.length > 0 ? terms.map((w) => `"${w}"*`).join(' AND ') : null,
    phonePrefixes: digitWords.length > 0 ? phonePrefixes(digitWords.join('')) : [],
  };
}

/** True when the search box holds something to search for. */
export const isSearch = (s: ParsedSearch): boolean => s.fts !== null || s.phonePrefixes.length > 0;
