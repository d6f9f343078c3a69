import fs from 'node:fs';
import path from 'node:path';
import { ImportError } from './errors';

export type FileKind = 'xlsx' | 'xls' | 'text';

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const mib = (n: number) => Math.round(n / (1024 * 1024));

const startsWith = (buf: Buffer, magic: number[]) => magic.every((b, i) => buf[i] === b);

/** What the bytes say the file is, whatever its name claims. */
export function kindOfBytes(head: Buffer): FileKind | 'binary' {
  if (startsWith(head, ZIP)) return 'xlsx';
  if (startsWith(head, CFB)) return 'xls';
  const utf16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
  if (!utf16 && looksUtf16WithoutBom(head)) return 'text';
  // NUL bytes in a file without a UTF-16 mark: an image, an archive, an executable — not a table.
  if (!utf16 && head.includes(0)) return 'binary';
  return 'text';
}

/** UTF-16LE text saved without a BOM: most odd bytes are zero (ASCII) or 0x04 (Cyrillic). */
function looksUtf16WithoutBom(head: Buffer): boolean {
  if (head.length < 8) return false;
  let odd = 0;
  let even = 0;
  for (let i = 0; i + 1 < head.length; i += 2) {
    if (head[i] === 0) even += 1;
    if (head[i + 1] === 0 || head[i + 1] === 0x04) odd += 1;
  }
  const pairs = Math.floor(head.length / 2);
  return odd > pairs * 0.9 && even < pairs * 0.1;
}

const BY_EXTENSION: Record<string, FileKind> = {
  '.xlsx': 'xlsx',
  '.xlsm': 'xlsx',
  '.xls': 'xls',
  '.csv': 'text',
  '.txt': 'text',
  '.tsv': 'text',
};

/**
 * Reads the first bytes and decides how to parse the file. A file whose content contradicts its extension (a
 * CSV renamed .xlsx, a workbook renamed .csv, a picture renamed .xls) is refused with a clear message rather
 * than guessed at.
 */
export function sniffFile(file: string, maxBytes: number): { kind: FileKind; size: number } {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new ImportError('unreadable', `Cannot read the file ${path.basename(file)}`);
  }
  if (!stat.isFile()) throw new ImportError('unreadable', `${path.basename(file)} is not a file`);
  if (stat.size === 0) throw new ImportError('empty', 'The file is empty');
  if (stat.size > maxBytes) {
    throw new ImportError(
      'too_large',
      `The file is ${mib(stat.size)} MB; the limit is ${mib(maxBytes)} MB. Split it into smaller files`,
    );
  }
  const head = Buffer.alloc(Math.min(4096, stat.size));
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, head.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  const actual = kindOfBytes(head);
  const claimed = BY_EXTENSION[path.extname(file).toLowerCase()];
  if (actual === 'binary') {
    throw new ImportError('wrong_type', 'The file is not a spreadsheet or a text table (XLSX, XLS, CSV, TXT)');
  }
  if (claimed && claimed !== actual) {
    const what = {
      xlsx: 'an Excel workbook (XLSX)',
      xls: 'an old Excel workbook (XLS)',
      text: 'a text table (CSV/TXT)',
    }[actual];
    throw new ImportError('wrong_type', `The file is named ${path.extname(file)} but its content is ${what}`);
  }
  return { kind: actual, size: stat.size };
}
