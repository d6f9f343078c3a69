import { countSms, isGsm7 } from './sms';

/**
 * The SMS part counter for bulk work (the cost preview of a campaign: up to a million personalised texts).
 * It answers exactly what `countSms` (shared/domain/sms.ts, the reference) answers for `parts` and the
 * encoding — GSM-7 160/153 with extension characters taking two septets and never straddling a part, UCS-2
 * 70/67 with surrogate pairs never split — but in one pass over the UTF-16 units with a lookup table, and
 * without allocating (no `[...text]`, no sets, no arrays). The unit tests compare the two on every code unit
 * and on random and boundary-length texts.
 *
 * The table is derived from the reference itself on first use (every BMP code unit is asked once), so the
 * alphabet has one definition: sms.ts.
 */

/** Septets per UTF-16 code unit in GSM-7: 1 basic, 2 extension table, 0 none (makes the text UCS-2). */
let TABLE: Uint8Array | null = null;

function buildTable(): Uint8Array {
  const full = new Uint8Array(0x10000);
  let last = 0;
  for (let c = 0; c < 0x10000; c++) {
    // A surrogate is never GSM-7, alone or in a pair; asking the reference about a lone one is pointless.
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const ch = String.fromCharCode(c);
    if (isGsm7(ch)) {
      full[c] = countSms(ch).units;
      last = c;
    }
  }
  // Only the codes up to the last GSM-7 one (€, U+20AC) are kept: a small table stays in the cache.
  TABLE = full.slice(0, last + 1);
  return TABLE;
}

/** The lookup table (built on first call): septets of each code unit below its length, 0 = not GSM-7. */
export function gsm7Table(): Uint8Array {
  return TABLE ?? buildTable();
}

const SINGLE_GSM = 160;
const MULTI_GSM = 153;
const SINGLE_UCS2 = 70;
const MULTI_UCS2 = 67;

/**
 * Parts and encoding packed in one number, for hot loops that must not allocate: `parts * 2 + (ucs2 ? 1 : 0)`.
 * Decode with `packed >>> 1` (or `Math.floor(packed / 2)`) and `packed & 1`. The empty text is 0 parts, GSM-7,
 * as `countSms` says.
 */
export function smsPartsPacked(text: string): number {
  const n = text.length;
  if (n === 0) return 0;
  const t = TABLE ?? buildTable();
  const size = t.length;
  // GSM-7 while it lasts: total septets, and the parts the text would take when cut into parts of 153.
  let septets = 0;
  let gParts = 1;
  let gFill = 0;
  let i = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    const s = c < size ? t[c]! : 0;
    if (s === 0) break;
    septets += s;
    if (gFill + s > MULTI_GSM) {
      gParts += 1;
      gFill = 0;
    }
    gFill += s;
  }
  if (i === n) return (septets <= SINGLE_GSM ? 1 : gParts) * 2;

  // UCS-2 from unit i on. Its units are the UTF-16 length; a short text is one part whatever it holds.
  if (n <= SINGLE_UCS2) return 3;
  // The i units before are GSM-7 characters: one unit each, none a surrogate, so their parts of 67 are
  // arithmetic and the walk goes on from i — each unit is looked at once.
  let uParts = i === 0 ? 1 : Math.ceil(i / MULTI_UCS2);
  let uFill = i - (uParts - 1) * MULTI_UCS2;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    let s = 1;
    // A high surrogate followed by a low one is one character of two units (an emoji); a lone half is one unit.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        s = 2;
        i += 1;
      }
    }
    if (uFill + s > MULTI_UCS2) {
      uParts += 1;
      uFill = 0;
    }
    uFill += s;
  }
  return uParts * 2 + 1;
}

export interface SmsParts {
  parts: number;
  ucs2: boolean;
}

/** Parts and encoding of an SMS text: the same answer as `countSms(text).parts` / `.encoding === 'ucs2'`. */
export function smsParts(text: string): SmsParts {
  const packed = smsPartsPacked(text);
  return { parts: Math.floor(packed / 2), ucs2: (packed & 1) === 1 };
}

/**
 * Counting a message given in pieces (a template's literal text and the recipient's values) without joining
 * them: `smsScanAdd` adds a piece's totals to `scan`, `smsPartsOfScan` turns the totals into parts — exactly,
 * whenever the totals decide it (one part; GSM-7 without extension characters; UCS-2 without surrogates) —
 * and answers -1 when the order matters (a long GSM-7 text with extension characters, a long UCS-2 text with
 * an emoji), where the caller counts the joined text with `smsPartsPacked`. Literal pieces are scanned once.
 */
export interface SmsScan {
  /** GSM-7 septets of the GSM-7 characters (meaningless once NON_GSM is set). */
  septets: number;
  /** UTF-16 units. */
  units: number;
  /** SCAN_NON_GSM | SCAN_EXTENSION | SCAN_SURROGATE. */
  flags: number;
}

export const SCAN_NON_GSM = 1;
export const SCAN_EXTENSION = 2;
export const SCAN_SURROGATE = 4;

export const emptyScan = (): SmsScan => ({ septets: 0, units: 0, flags: 0 });

/** Adds `text` to `scan` (no allocation). */
export function smsScanAdd(scan: SmsScan, text: string): void {
  const t = TABLE ?? buildTable();
  const size = t.length;
  const n = text.length;
  let septets = 0;
  let flags = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const s = c < size ? t[c]! : 0;
    if (s === 0) {
      flags |= c >= 0xd800 && c <= 0xdfff ? SCAN_NON_GSM | SCAN_SURROGATE : SCAN_NON_GSM;
    } else {
      septets += s;
      if (s === 2) flags |= SCAN_EXTENSION;
    }
  }
  scan.septets += septets;
  scan.units += n;
  scan.flags |= flags;
}

/** Adds the totals of another scan (a literal piece scanned once). */
export function smsScanMerge(scan: SmsScan, other: SmsScan): void {
  scan.septets += other.septets;
  scan.units += other.units;
  scan.flags |= other.flags;
}

/** Parts and encoding, packed as `smsPartsPacked` packs them, of the pieces scanned; -1 when undecided. */
export function smsPartsOfScan(scan: SmsScan): number {
  if (scan.units === 0) return 0;
  if ((scan.flags & SCAN_NON_GSM) === 0) {
    if (scan.septets <= SINGLE_GSM) return 2;
    return (scan.flags & SCAN_EXTENSION) === 0 ? Math.ceil(scan.septets / MULTI_GSM) * 2 : -1;
  }
  if (scan.units <= SINGLE_UCS2) return 3;
  return (scan.flags & SCAN_SURROGATE) === 0 ? Math.ceil(scan.units / MULTI_UCS2) * 2 + 1 : -1;
}

/** Index of the first UTF-16 unit that is not GSM-7 (so makes the text UCS-2), or -1 when the text is GSM-7. */
export function firstNonGsm7(text: string): number {
  const t = TABLE ?? buildTable();
  const size = t.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= size || t[c] === 0) return i;
  }
  return -1;
}

/**
 * The distinct characters of `text` that are not GSM-7, in order of appearance (an emoji is one character, as
 * in `countSms(text).nonGsm`), at most `limit` of them.
 */
export function nonGsm7Chars(text: string, limit = Infinity): string[] {
  const out: string[] = [];
  let i = firstNonGsm7(text);
  if (i < 0) return out;
  const t = TABLE ?? buildTable();
  const size = t.length;
  for (; i < text.length && out.length < limit; i++) {
    const c = text.charCodeAt(i);
    if (c < size && t[c] !== 0) continue;
    let ch = text[i]!;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        ch = text.slice(i, i + 2);
        i += 1;
      }
    }
    if (!out.includes(ch)) out.push(ch);
  }
  return out;
}
