import { parseUint } from './cells';
import { localName, parsePart } from './xml';
import type { XlsxZip } from './zip';

/** Excel's built-in date and time formats (ids 14–22, and the East Asian ones 27–36, 45–47, 50–58). */
function isBuiltInDateFormat(id: number): boolean {
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
}

/** Excel allows 64,000 cell formats; more entries than this are not worth memory. Later ones read as numbers. */
const MAX_CELL_XFS = 1_000_000;

/**
 * Whether a number format code shows a date or time: a d, m, y, h or s outside quoted literals, [brackets]
 * (colours, locales, conditions), and escaped (\x), padding (_x) and fill (*x) characters.
 * "General" and plain number formats have none of these letters.
 */
export function isDateFormatCode(code: string): boolean {
  for (let i = 0; i < code.length; i++) {
    const c = code.charCodeAt(i);
    switch (c) {
      case 34 /* " */: {
        const close = code.indexOf('"', i + 1);
        if (close < 0) return false;
        i = close;
        break;
      }
      case 91 /* [ */: {
        const close = code.indexOf(']', i + 1);
        if (close < 0) return false;
        i = close;
        break;
      }
      case 92 /* \ */:
      case 95 /* _ */:
      case 42 /* * */:
        i++;
        break;
      default: {
        const lower = c | 0x20;
        if (lower === 100 || lower === 109 || lower === 121 || lower === 104 || lower === 115) return true;
      }
    }
  }
  return false;
}

/**
 * Reads xl/styles.xml into one flag per cell style (the `s` attribute of a cell): 1 if numbers in that style
 * are dates. A missing styles part, or a style we cannot read, just means numbers stay numbers.
 */
export async function readDateStyles(
  zip: XlsxZip,
  part: string | undefined,
  signal: AbortSignal | undefined,
): Promise<Uint8Array> {
  const entry = part === undefined ? undefined : zip.find(part);
  if (entry === undefined) return new Uint8Array(0);

  const customFormats = new Map<number, string>();
  const xfFormats: number[] = [];
  let inNumFmts = false;
  let inCellXfs = false;
  await parsePart(
    zip,
    entry,
    {
      open(name, attrs) {
        switch (localName(name)) {
          case 'numFmts':
            inNumFmts = true;
            break;
          case 'cellXfs':
            inCellXfs = true;
            break;
          case 'numFmt': {
            const id = parseUint(attrs.numFmtId ?? '');
            if (inNumFmts && id >= 0 && attrs.formatCode !== undefined) customFormats.set(id, attrs.formatCode);
            break;
          }
          case 'xf':
            // cellStyleXfs also holds <xf> elements; only cellXfs is what a cell's `s` indexes.
            if (inCellXfs && xfFormats.length < MAX_CELL_XFS) xfFormats.push(parseUint(attrs.numFmtId ?? '0'));
            break;
        }
      },
      close(name) {
        const local = localName(name);
        if (local === 'numFmts') inNumFmts = false;
        else if (local === 'cellXfs') inCellXfs = false;
      },
      text: () => undefined,
    },
    signal,
  );

  const flags = new Uint8Array(xfFormats.length);
  for (let i = 0; i < xfFormats.length; i++) {
    const id = xfFormats[i] ?? -1;
    const code = customFormats.get(id);
    // A workbook may redefine a built-in id; its own code then decides.
    const isDate = code !== undefined ? isDateFormatCode(code) : isBuiltInDateFormat(id);
    flags[i] = isDate ? 1 : 0;
  }
  return flags;
}
