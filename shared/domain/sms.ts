/**
 * How an SMS text is encoded and into how many parts it is cut — what the operator bills. One implementation
 * for the UI's live counter, the cost preview and the senders.
 *
 * - GSM-7 (3GPP TS 23.038 default alphabet): 160 septets in one part; a long text is cut into parts of 153
 *   (a 6-byte concatenation header takes the rest). Characters of the extension table (^ { } \ [ ~ ] | € and
 *   form feed) take two septets, and a part never ends between the two.
 * - Anything else makes the whole message UCS-2: 70 UTF-16 units in one part, 67 per part when cut, and a
 *   part never ends inside a surrogate pair (an emoji). Cyrillic is always UCS-2; so is the no-break space
 *   `Intl.NumberFormat('ru-RU')` puts into numbers.
 */

const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENDED = '^{}\\[~]|€\f';

const BASIC = new Set(GSM7_BASIC);
const EXTENDED = new Set(GSM7_EXTENDED);

export type SmsEncoding = 'gsm7' | 'ucs2';

export interface SmsCount {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 units (UCS-2) the text takes. */
  units: number;
  /** Characters as a person counts them (an emoji is one). */
  characters: number;
  parts: number;
  /** Capacity of each part: 160 or 153 (GSM-7), 70 or 67 (UCS-2). */
  perPart: number;
  /** Units still free in the last part before another part starts. */
  remaining: number;
  /** The distinct characters that made the text UCS-2 (empty for GSM-7), in order of appearance. */
  nonGsm: string[];
}

/** Septets a character takes in GSM-7, or 0 when it has none. */
function septets(ch: string): number {
  if (BASIC.has(ch)) return 1;
  if (EXTENDED.has(ch)) return 2;
  return 0;
}

export function isGsm7(text: string): boolean {
  for (const ch of text) if (septets(ch) === 0) return false;
  return true;
}

/** Cuts sizes into parts of `capacity`, never splitting one character's units across two parts. */
function partsFor(sizes: number[], capacity: number): { parts: number; lastFill: number } {
  let parts = 1;
  let fill = 0;
  for (const size of sizes) {
    if (fill + size > capacity) {
      parts += 1;
      fill = 0;
    }
    fill += size;
  }
  return { parts, lastFill: fill };
}

export function countSms(text: string): SmsCount {
  const chars = [...text];
  const nonGsm: string[] = [];
  for (const ch of chars) if (septets(ch) === 0 && !nonGsm.includes(ch)) nonGsm.push(ch);
  const encoding: SmsEncoding = nonGsm.length === 0 ? 'gsm7' : 'ucs2';
  const sizes = encoding === 'gsm7' ? chars.map(septets) : chars.map((ch) => ch.length);
  const units = sizes.reduce((a, b) => a + b, 0);
  const single = encoding === 'gsm7' ? 160 : 70;
  const multi = encoding === 'gsm7' ? 153 : 67;
  if (units <= single) {
    return {
      encoding,
      units,
      characters: chars.length,
      parts: units === 0 ? 0 : 1,
      perPart: single,
      remaining: single - units,
      nonGsm,
    };
  }
  const { parts, lastFill } = partsFor(sizes, multi);
  return { encoding, units, characters: chars.length, parts, perPart: multi, remaining: multi - lastFill, nonGsm };
}
