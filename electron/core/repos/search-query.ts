/**
 * What a person typed into the search box, split into what the indexes can answer:
 * - words with letters become quoted FTS5 prefix terms over the names ("иван петр" finds "Петров Иван"); no
 *   FTS syntax from the input is ever interpreted;
 * - digits become phone prefixes searched as ranges on the E.164 phone index, in the forms people type a
 *   Russian number: "8 920 746", "+7 (920) 746", "7920746" and "920746" all mean "+7920746…";
 * - one word without spaces is also the beginning of an e-mail address ("ivan.pet", "u299@mail") and of an
 *   e-mail's domain ("example.org", "@mail"), searched as ranges on the e-mail indexes (migration 0050).
 *   A contact found by its name (and phone, for words with digits), its address or its domain is found; with
 *   an "@" in it, only e-mails are searched.
 */
export interface ParsedSearch {
  fts: string | null;
  phonePrefixes: string[];
  email: { address: string | null; domain: string | null } | null;
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
  const lower = input.normalize('NFKC').trim().toLowerCase();
  const text = lower.replaceAll('ё', 'е');
  if (text === '') return { fts: null, phonePrefixes: [], email: null };
  if (/^[\d\s+()\-.]+$/.test(text)) {
    // A single digit cannot be told apart from noise; search nothing rather than everything.
    return { fts: null, phonePrefixes: phonePrefixes(text), email: null };
  }
  const email = emailSearch(lower);
  // An "@" says it is an e-mail: names and phones are not searched for it.
  if (email && lower.includes('@')) return { fts: null, phonePrefixes: [], email };
  const words = strict ? (text.match(STABLE_RUN) ?? []) : text.split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '');
  const digitWords = words.filter((w) => /^\d+$/.test(w) && w.length >= 3);
  const terms = words.filter((w) => !digitWords.includes(w)).slice(0, 8);
  return {
    fts: terms.length > 0 ? terms.map((w) => `"${w}"*`).join(' AND ') : null,
    phonePrefixes: digitWords.length > 0 ? phonePrefixes(digitWords.join('')) : [],
    email,
  };
}

/** E-mails are stored lower-cased (shared/domain/email.ts) and compared as typed, ё included. */
function emailSearch(text: string): ParsedSearch['email'] {
  if (/\s/.test(text) || !/[\p{L}\p{N}]/u.test(text)) return null;
  // "@mail": the beginning of a domain; "ivan@ma": of an address; without an "@", of either.
  if (text.startsWith('@')) return text.length > 1 ? { address: null, domain: text.slice(1) } : null;
  return { address: text, domain: text.includes('@') ? null : text };
}

/** The range [prefix, end) holding every text that starts with `prefix` (U+10FFFF sorts after any character). */
export const prefixRange = (prefix: string): [string, string] => [prefix, `${prefix}\u{10FFFF}`];

/** True when the search box holds something to search for. */
export const isSearch = (s: ParsedSearch): boolean => s.fts !== null || s.phonePrefixes.length > 0 || s.email !== null;
