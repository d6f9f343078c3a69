import { StringDecoder } from 'node:string_decoder';
import type { Entry } from 'yauzl';
import { SpreadsheetError, throwIfAborted } from './errors';
import type { XlsxZip } from './zip';
import { XmlScanner } from './scanner';

/** What a part reader implements; names are as written (possibly prefixed, see localName). */
export interface XmlHandlers {
  open(name: string, attrs: Record<string, string>): void;
  close(name: string): void;
  text(text: string): void;
}

/**
 * Longest stretch of characters allowed without a '<'. Excel caps a cell at 32,767 characters; this is 256 times
 * that. The scanner keeps text until the next tag, so without this a single giant text node (up to the entry size
 * limit) would have to fit in memory, and in one V8 string.
 */
const MAX_TEXT_RUN = 8 * 1024 * 1024;

const DOCTYPE = /<!DOCTYPE/i;

/**
 * Decodes one part chunk by chunk and drives the scanner (scanner.ts) over it. Namespaces are not resolved
 * (OOXML writers differ in prefixes anyway); handlers match on local names. Any DOCTYPE is refused: OOXML parts
 * never have one, and refusing it outright closes the door on entity-expansion tricks.
 */
export class XmlFeeder {
  private readonly parser: XmlScanner;
  private decoder: StringDecoder | undefined;
  private head: Buffer | undefined;
  private prologTail = '';
  private textRun = 0;

  constructor(
    private readonly part: string,
    handlers: XmlHandlers,
  ) {
    this.parser = new XmlScanner(part, handlers);
  }

  write(chunk: Buffer): void {
    if (this.decoder === undefined) {
      // The encoding is decided by the first bytes (a BOM), so gather at least four of them first.
      const bytes = this.head === undefined ? chunk : Buffer.concat([this.head, chunk]);
      if (bytes.length < 4) {
        this.head = bytes;
        return;
      }
      this.head = undefined;
      this.feed(this.startDecoding(bytes));
      return;
    }
    this.feed(this.decoder.write(chunk));
  }

  /** Flushes and checks the document is complete (every tag closed). */
  end(): void {
    if (this.decoder === undefined) this.feed(this.startDecoding(this.head ?? Buffer.alloc(0)));
    this.feed(this.decoder?.end() ?? '');
    this.parser.close();
  }

  private startDecoding(bytes: Buffer): string {
    if (bytes[0] === 0xfe && bytes[1] === 0xff) {
      throw new SpreadsheetError('bad_xml', `"${this.part}" is UTF-16BE, which is not supported.`);
    }
    if (bytes[0] === 0xff && bytes[1] === 0xfe) {
      this.decoder = new StringDecoder('utf16le');
      return this.decoder.write(bytes.subarray(2));
    }
    this.decoder = new StringDecoder('utf8');
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    return this.decoder.write(bom ? bytes.subarray(3) : bytes);
  }

  private feed(text: string): void {
    if (text.length === 0) return;
    if (!this.parser.started) {
      // Checked on the raw text before the scanner sees it, so even a gigantic internal subset is never buffered.
      const window = this.prologTail + text;
      if (DOCTYPE.test(window)) throw this.doctypeRefused();
      this.prologTail = window.slice(-9);
    }
    const lt = text.lastIndexOf('<');
    this.textRun = lt < 0 ? this.textRun + text.length : text.length - lt - 1;
    if (this.textRun > MAX_TEXT_RUN) {
      throw new SpreadsheetError('too_large', `"${this.part}" has a text value over ${MAX_TEXT_RUN} characters.`);
    }
    this.parser.write(text);
  }

  private doctypeRefused(): SpreadsheetError {
    return new SpreadsheetError(
      'dtd_refused',
      `"${this.part}" contains a DOCTYPE declaration; workbooks never do, so the file was refused.`,
    );
  }
}

/** `x:row` → `row`: some writers prefix the main namespace, and Strict OOXML uses different namespace URIs. */
export function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

/** Parses a whole (small) part: workbook, relationships, styles, shared strings. */
export async function parsePart(
  zip: XlsxZip,
  entry: Entry,
  handlers: XmlHandlers,
  signal: AbortSignal | undefined,
): Promise<void> {
  const feeder = new XmlFeeder(entry.fileName, handlers);
  for await (const chunk of zip.chunks(entry)) {
    throwIfAborted(signal);
    feeder.write(chunk);
  }
  feeder.end();
}
