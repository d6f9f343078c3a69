// Small pure helpers on the hot path of the sheet reader: plain charCode loops, no regular expressions per cell.

const A = 65;
const Z = 90;
const LOWER_A = 97;
const LOWER_Z = 122;
const ZERO = 48;
const NINE = 57;

/** Excel's last column is XFD (16,384); anything longer than three letters is not a reference. */
const MAX_COLUMN_LETTERS = 3;

/** 0-based column of a reference like "C5" (→ 2), or -1 when it does not start with letters. */
export function columnOfRef(ref: string): number {
  let col = 0;
  let i = 0;
  for (; i < ref.length && i <= MAX_COLUMN_LETTERS; i++) {
    const c = ref.charCodeAt(i);
    if (c >= A && c <= Z) col = col * 26 + (c - A + 1);
    else if (c >= LOWER_A && c <= LOWER_Z) col = col * 26 + (c - LOWER_A + 1);
    else break;
  }
  if (i === 0 || i > MAX_COLUMN_LETTERS) return -1;
  return col - 1;
}

/** 1-based row of a reference like "C5" (→ 5), or 0 when it has none. */
export function rowOfRef(ref: string): number {
  let i = 0;
  while (i < ref.length) {
    const c = ref.charCodeAt(i);
    if ((c >= A && c <= Z) || (c >= LOWER_A && c <= LOWER_Z) || c === 36 /* $ */) i++;
    else break;
  }
  return parseUint(ref, i);
}

/** Non-negative integer from the decimal digits of `s` starting at `from`; -1 if there are none or others follow. */
export function parseUint(s: string, from = 0): number {
  if (from >= s.length || s.length - from > 15) return -1;
  let n = 0;
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < ZERO || c > NINE) return -1;
    n = n * 10 + (c - ZERO);
  }
  return n;
}

const MS_PER_DAY = 86_400_000;
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);
/** 9999-12-31, the last date Excel can show; larger serials are not dates whatever their format says. */
const MAX_SERIAL = 2_958_466;

/**
 * Date (UTC, as Excel has no time zones) for a serial in the workbook's date system, or null if the serial is
 * not a plausible date. The 1900 system counts a fictitious 29 February 1900 (Lotus compatibility), so serials
 * 1–59 are one day ahead of the real calendar; serial 60 (the non-existent day) comes out as 28 February.
 * Serials below 1 are times of day and keep the conventional 1899-12-30 base.
 */
export function serialToDate(serial: number, date1904: boolean): Date | null {
  if (!Number.isFinite(serial) || serial < 0 || serial >= MAX_SERIAL) return null;
  if (date1904) return new Date(EPOCH_1904 + Math.round(serial * MS_PER_DAY));
  const days = serial >= 1 && serial < 60 ? serial + 1 : serial;
  return new Date(EPOCH_1900 + Math.round(days * MS_PER_DAY));
}

const ESCAPE = /_x([0-9A-Fa-f]{4})_/g;

/**
 * OOXML writes characters XML cannot carry (and CR, often, from 1C) as `_xHHHH_`, and a literal `_x` as
 * `_x005F_x`. One non-recursive pass undoes both. The regular expression only runs when `_x` occurs at all.
 */
export function decodeEscapes(s: string): string {
  if (s.indexOf('_x') < 0) return s;
  return s.replace(ESCAPE, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** True when `s` is empty or only ASCII whitespace (Number('  ') is 0, which must not become a value). */
export function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return false;
  }
  return true;
}
