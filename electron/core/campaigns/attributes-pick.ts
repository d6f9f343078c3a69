/**
 * A contact's attributes are a JSON object in one column ("{"balance":"1500","Город":"Москва"}"). A walk over a
 * million contacts needs two or three of its values, not the object: `pickStrings` scans the text once, without
 * allocating but for the values it gives, and gives for each key asked the string it holds — what `JSON.parse(text)[key]` gives when that is an own string
 * property (the last one when a key repeats, as JSON.parse keeps) — or undefined when the key is missing or holds
 * anything else. Escapes are decoded by JSON.parse, on that value or key alone. Text that is not a JSON object
 * (the base only holds valid JSON: CHECK json_valid) is left to the caller: false.
 */

const QUOTE = 34;
const BACKSLASH = 92;

const isSpace = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

/** Set by `endOfString`: whether the string it went over holds an escape. */
let escaped = false;

/** Index just past the string starting at `i` (a quote); -1 when it is not closed. */
function endOfString(text: string, i: number): number {
  const n = text.length;
  escaped = false;
  for (let k = i + 1; k < n; k++) {
    const c = text.charCodeAt(k);
    if (c === BACKSLASH) {
      escaped = true;
      k += 1;
    } else if (c === QUOTE) return k + 1;
  }
  return -1;
}

/** Index just past the value starting at `i` (not a string: a number, a literal, an object, an array). */
function endOfValue(text: string, i: number): number {
  const n = text.length;
  let depth = 0;
  for (let k = i; k < n; k++) {
    const c = text.charCodeAt(k);
    if (c === QUOTE) {
      k = endOfString(text, k) - 1;
      if (k < 0) return -1;
    } else if (c === 123 /* { */ || c === 91 /* [ */) depth += 1;
    else if (c === 125 /* } */ || c === 93 /* ] */) {
      if (depth === 0) return k;
      depth -= 1;
      if (depth === 0) return k + 1;
    } else if (c === 44 /* , */ && depth === 0) return k;
  }
  return -1;
}

/** The string a JSON string literal text[from, to) holds (`escaped`: as `endOfString` found it). */
function stringAt(text: string, from: number, to: number, escaped: boolean): string {
  return escaped ? (JSON.parse(text.slice(from, to)) as string) : text.slice(from + 1, to - 1);
}

/** Which of `keys` the key text[from, to) (a string literal) is; -1 for none. Compared in place when it can be. */
function slotOf(text: string, from: number, to: number, escaped: boolean, keys: readonly string[]): number {
  if (escaped) return keys.indexOf(stringAt(text, from, to, true));
  const length = to - from - 2;
  for (let s = 0; s < keys.length; s++) {
    const key = keys[s]!;
    if (key.length === length && text.startsWith(key, from + 1)) return s;
  }
  return -1;
}

/**
 * Fills `out` with the string values of `keys` in the JSON object `text` (undefined where there is none), and
 * says true; false when `text` is not an object this scanner reads (the caller then parses it whole).
 */
export function pickStrings(text: string, keys: readonly string[], out: (string | undefined)[]): boolean {
  for (let s = 0; s < keys.length; s++) out[s] = undefined;
  const n = text.length;
  let i = 0;
  while (i < n && isSpace(text.charCodeAt(i))) i += 1;
  if (text.charCodeAt(i) !== 123 /* { */) return false;
  i += 1;
  for (;;) {
    while (i < n && isSpace(text.charCodeAt(i))) i += 1;
    const c = text.charCodeAt(i);
    if (c === 125 /* } */) return true;
    if (c === 44 /* , */) {
      i += 1;
      continue;
    }
    if (c !== QUOTE) return false;
    const keyEnd = endOfString(text, i);
    if (keyEnd < 0) return false;
    const slot = slotOf(text, i, keyEnd, escaped, keys);
    i = keyEnd;
    while (i < n && isSpace(text.charCodeAt(i))) i += 1;
    if (text.charCodeAt(i) !== 58 /* : */) return false;
    i += 1;
    while (i < n && isSpace(text.charCodeAt(i))) i += 1;
    if (text.charCodeAt(i) === QUOTE) {
      const end = endOfString(text, i);
      if (end < 0) return false;
      if (slot >= 0) out[slot] = stringAt(text, i, end, escaped);
      i = end;
    } else {
      const end = endOfValue(text, i);
      if (end < 0) return false;
      if (slot >= 0) out[slot] = undefined;
      i = end;
    }
  }
}
