/**
 * A contact's attributes are a JSON object in one column ("{"balance":"1500","Город":"Москва"}"). A walk over a
 * million contacts needs two or three of its values, not the object: `pickStrings` scans the text once and
 * gives, for each key asked, the string it holds — what `JSON.parse(text)[key]` gives when that is an own string
 * property (the last one when a key repeats, as JSON.parse keeps) — or undefined when the key is missing or holds
 * anything else. Escapes are decoded by JSON.parse, on that value or key alone. Text that is not a JSON object
 * (the base only holds valid JSON: CHECK json_valid) is left to the caller: `null`.
 */

const QUOTE = 34;
const BACKSLASH = 92;

const isSpace = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

/** Index just past the string starting at `i` (a quote), and whether it holds an escape. */
function endOfString(text: string, i: number): number {
  const n = text.length;
  for (let k = i + 1; k < n; k++) {
    const c = text.charCodeAt(k);
    if (c === BACKSLASH) k += 1;
    else if (c === QUOTE) return k + 1;
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

/** The string a JSON string literal text[from, to) holds. */
function stringAt(text: string, from: number, to: number): string {
  const inner = text.slice(from + 1, to - 1);
  return inner.indexOf('\\') < 0 ? inner : (JSON.parse(text.slice(from, to)) as string);
}

/**
 * The string values of `keys` in the JSON object `text` (undefined where there is none); null when `text` is
 * not an object this scanner reads (the caller then parses it whole).
 */
export function pickStrings(text: string, keys: readonly string[]): (string | undefined)[] | null {
  const out: (string | undefined)[] = new Array<string | undefined>(keys.length).fill(undefined);
  const n = text.length;
  let i = 0;
  while (i < n && isSpace(text.charCodeAt(i))) i += 1;
  if (text.charCodeAt(i) !== 123 /* { */) return null;
  i += 1;
  for (;;) {
    while (i < n && isSpace(text.charCodeAt(i))) i += 1;
    const c = text.charCodeAt(i);
    if (c === 125 /* } */) return out;
    if (c === 44 /* , */) {
      i += 1;
      continue;
    }
    if (c !== QUOTE) return null;
    const keyEnd = endOfString(text, i);
    if (keyEnd < 0) return null;
    const key = stringAt(text, i, keyEnd);
    i = keyEnd;
    while (i < n && isSpace(text.charCodeAt(i))) i += 1;
    if (text.charCodeAt(i) !== 58 /* : */) return null;
    i += 1;
    while (i < n && isSpace(text.charCodeAt(i))) i += 1;
    const slot = keys.indexOf(key);
    if (text.charCodeAt(i) === QUOTE) {
      const end = endOfString(text, i);
      if (end < 0) return null;
      if (slot >= 0) out[slot] = stringAt(text, i, end);
      i = end;
    } else {
      const end = endOfValue(text, i);
      if (end < 0) return null;
      if (slot >= 0) out[slot] = undefined;
      i = end;
    }
  }
}
