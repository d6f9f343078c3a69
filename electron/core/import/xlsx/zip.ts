import fs from 'node:fs';
import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { SpreadsheetError } from './errors';
import type { XlsxLimits } from './limits';

/**
 * Entries that could expand to at most this much are not ratio-checked: a tiny, highly repetitive part
 * (styles, an empty sheet) legitimately compresses 300×, and inflating 1 MiB is harmless anyway.
 */
const RATIO_FLOOR_BYTES = 1024 * 1024;

/** The zip as the reader needs it: parts looked up by name, streamed one at a time, and closed exactly once. */
export interface XlsxZip {
  /** OPC part names are case-insensitive, and some producers write `xl/SharedStrings.xml`. */
  find(partName: string): Entry | undefined;
  /** Inflated bytes of one entry; stopping early (return/throw) releases the entry's hold on the file. */
  chunks(entry: Entry): AsyncGenerator<Buffer>;
  /** Resolves once the file descriptor is really closed, so no caller can leak one. */
  close(): Promise<void>;
}

/**
 * Opens the archive and vets its central directory — entry count, each declared size, the total and the
 * compression ratio — before anything is inflated. yauzl's validateEntrySizes stays on, so an entry whose
 * header lies about its size fails while inflating as soon as it produces more than it declared.
 */
export async function openXlsxZip(file: string, limits: XlsxLimits): Promise<XlsxZip> {
  const zip = await openZip(file);
  try {
    if (zip.entryCount > limits.maxEntries) {
      throw new SpreadsheetError(
        'too_many_entries',
        `The archive has ${zip.entryCount} entries; a workbook may have at most ${limits.maxEntries}.`,
      );
    }
    const entries = new Map<string, Entry>();
    let total = 0;
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName.endsWith('/')) continue;
      checkEntry(entry, limits);
      total += entry.uncompressedSize;
      if (total > limits.maxTotalBytes) {
        throw new SpreadsheetError(
          'too_large',
          `The workbook would unpack to more than ${formatBytes(limits.maxTotalBytes)}.`,
        );
      }
      const key = entry.fileName.toLowerCase();
      // Two parts with one name is never produced by a real writer; refusing removes any ambiguity about
      // which of them another tool would have shown the user.
      if (entries.has(key)) {
        throw new SpreadsheetError('not_xlsx', `The archive contains "${entry.fileName}" twice.`);
      }
      entries.set(key, entry);
    }
    return wrap(zip, entries);
  } catch (err) {
    await closeZip(zip);
    if (err instanceof SpreadsheetError || isSystemError(err)) throw err;
    throw new SpreadsheetError('not_xlsx', `The file is not a readable zip archive: ${messageOf(err)}`);
  }
}

function checkEntry(entry: Entry, limits: XlsxLimits): void {
  const size = entry.uncompressedSize;
  // Multiplying avoids dividing by a compressed size of 0, which a crafted header may declare.
  if (size > RATIO_FLOOR_BYTES && size > entry.compressedSize * limits.maxRatio) {
    throw new SpreadsheetError(
      'zip_bomb',
      `"${entry.fileName}" would expand ${entry.compressedSize} bytes to ${size} bytes; this looks like a zip bomb.`,
    );
  }
  if (size > limits.maxEntryBytes) {
    throw new SpreadsheetError(
      'too_large',
      `"${entry.fileName}" is ${formatBytes(size)} unpacked; the limit is ${formatBytes(limits.maxEntryBytes)}.`,
    );
  }
}

function openZip(file: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    // Opening the descriptor ourselves (rather than yauzl.open) lets a refusal settle only after it is closed,
    // so no caller ever sees a rejected file still open.
    fs.open(file, 'r', (openErr, fd) => {
      // Operating-system errors (missing file, no permission) are not about the format: pass them on.
      if (openErr) return reject(openErr);
      yauzl.fromFd(
        fd,
        { lazyEntries: true, autoClose: false, validateEntrySizes: true, decodeStrings: true },
        (err, zip) => {
          if (err) {
            fs.close(fd, () => reject(isSystemError(err) ? err : notZip(err)));
            return;
          }
          // Failures reach us through the promises and streams below; this listener only stops a late 'error'
          // (say, from closing the descriptor) from becoming an uncaught exception.
          zip.on('error', () => undefined);
          resolve(zip);
        },
      );
    });
  });
}

function wrap(zip: ZipFile, entries: Map<string, Entry>): XlsxZip {
  let closing: Promise<void> | undefined;
  return {
    find: (partName) => entries.get(partName.toLowerCase()),
    chunks: (entry) => entryChunks(zip, entry),
    close: () => (closing ??= closeZip(zip)),
  };
}

async function* entryChunks(zip: ZipFile, entry: Entry): AsyncGenerator<Buffer> {
  let stream: Readable;
  try {
    stream = await zip.openReadStreamPromise(entry);
  } catch (err) {
    throw streamError(err, entry);
  }
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } catch (err) {
    throw streamError(err, entry);
  } finally {
    // Destroying the stream drops its reference on the descriptor; without it close() would wait forever.
    stream.destroy();
  }
}

function closeZip(zip: ZipFile): Promise<void> {
  if (!zip.isOpen) return Promise.resolve();
  return new Promise((resolve) => {
    // yauzl emits 'close' once every stream has released the descriptor and fs.close has finished.
    zip.once('close', () => resolve());
    zip.once('error', () => resolve());
    zip.close();
  });
}

function streamError(err: unknown, entry: Entry): Error {
  if (err instanceof SpreadsheetError) return err;
  const message = messageOf(err);
  if (message.startsWith('too many bytes in the stream')) {
    return new SpreadsheetError(
      'zip_bomb',
      `"${entry.fileName}" inflates to more than the ${entry.uncompressedSize} bytes it declares; refusing it.`,
    );
  }
  if (isSystemError(err)) return err as Error;
  return new SpreadsheetError('not_xlsx', `"${entry.fileName}" cannot be unpacked: ${message}`);
}

function notZip(err: Error): SpreadsheetError {
  return new SpreadsheetError(
    'not_xlsx',
    `The file is not an .xlsx workbook (not a zip archive; old .xls files and password-protected workbooks ` +
      `are not supported): ${err.message}`,
  );
}

function isSystemError(err: unknown): boolean {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).syscall === 'string';
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round(n / (1024 * 1024))} MB` : `${n} bytes`;
}
