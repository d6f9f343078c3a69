import { decodeEscapes } from './cells';
import { SpreadsheetError } from './errors';
import type { XlsxLimits } from './limits';
import { localName, parsePart } from './xml';
import type { XlsxZip } from './zip';

/**
 * Streams xl/sharedStrings.xml into an array (cells refer to strings by index, in any order, so they must all
 * be at hand). Rich-text runs (<r><t>) are concatenated; phonetic hints (<rPh>) are not part of the value.
 * Text is kept exactly, including the whitespace xml:space="preserve" protects.
 */
export async function readSharedStrings(
  zip: XlsxZip,
  part: string | undefined,
  limits: XlsxLimits,
  signal: AbortSignal | undefined,
): Promise<string[]> {
  const entry = part === undefined ? undefined : zip.find(part);
  if (entry === undefined) return [];

  const strings: string[] = [];
  let inItem = false;
  let phoneticDepth = 0;
  let collecting = false;
  let item = '';
  let text = '';
  await parsePart(
    zip,
    entry,
    {
      open(name) {
        switch (localName(name)) {
          case 'si':
            inItem = true;
            item = '';
            break;
          case 'rPh':
            phoneticDepth++;
            break;
          case 't':
            if (inItem && phoneticDepth === 0) {
              collecting = true;
              text = '';
            }
            break;
        }
      },
      close(name) {
        switch (localName(name)) {
          case 'si':
            if (strings.length >= limits.maxSharedStrings) {
              throw new SpreadsheetError(
                'too_large',
                `The workbook has more than ${limits.maxSharedStrings} distinct text values.`,
              );
            }
            strings.push(decodeEscapes(item));
            inItem = false;
            break;
          case 'rPh':
            phoneticDepth = Math.max(0, phoneticDepth - 1);
            break;
          case 't':
            if (collecting) item += text;
            collecting = false;
            break;
        }
      },
      text(chunk) {
        if (collecting) text += chunk;
      },
    },
    signal,
  );
  return strings;
}
