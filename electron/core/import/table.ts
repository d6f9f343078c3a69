import * as XLSX from '@e965/xlsx';
import fs from 'node:fs';
import type { CellValue, SheetRow } from './cells';
import type { Delimiter } from './csv';
import { ImportError } from './errors';
import { sniffFile, type FileKind } from './sniff';
import { inspectTextTable, readTextBatches } from './text-table';
import type { TextEncodingName } from './text-decode';
import { listXlsxSheets, readXlsxRows, SpreadsheetError } from './xlsx-reader';

export interface TableLimits {
  maxFileBytes: number;
  /** Legacy .xls is parsed whole (SheetJS), so it gets a smaller cap; BIFF holds at most 65,536 rows anyway. */
  maxXlsBytes: number;
  maxColumns: number;
  maxFieldChars: number;
}

export const DEFAULT_TABLE_LIMITS: TableLimits = {
  // 1,000,000 contacts are 60–120 MB as CSV and 30–60 MB as XLSX; a bigger file is refused at once.
  maxFileBytes: 128 * 1024 * 1024,
  maxXlsBytes: 64 * 1024 * 1024,
  maxColumns: 1000,
  maxFieldChars: 64 * 1024,
};

export interface OpenTable {
  kind: FileKind;
  size: number;
  sheets: string[];
  sheet: string | null;
  encoding: TextEncodingName | null;
  delimiter: Delimiter | null;
  rows(signal?: AbortSignal): AsyncGenerator<SheetRow>;
  /**
   * The same rows in batches, for an import: a million awaited rows one by one cost it some 0.2 s more than
   * the batches (of a text file's 256 KB reads, or of BATCH_ROWS rows from a workbook).
   */
  batches(signal?: AbortSignal): AsyncGenerator<readonly SheetRow[]>;
  /** How far the last iteration has read, 0..1, when the format tells (text: bytes); else null. */
  position(): number | null;
}

/**
 * Opens any supported table — XLSX (streamed), XLS (SheetJS, capped), CSV/TXT (streamed, encoding and
 * delimiter detected) — behind one row iterator. `sheet` picks a workbook sheet by name (default: the first
 * visible one).
 */
export async function openTable(
  file: string,
  opts: { sheet?: string; delimiter?: Delimiter; limits?: TableLimits } = {},
): Promise<OpenTable> {
  const limits = opts.limits ?? DEFAULT_TABLE_LIMITS;
  const { kind, size } = sniffFile(file, limits.maxFileBytes);
  if (kind === 'text') {
    const info = inspectTextTable(file, opts.delimiter);
    let read = 0;
    const batches = (signal?: AbortSignal) => {
      read = 0;
      return readTextBatches(file, info, limits, signal, (n) => (read += n));
    };
    return {
      kind,
      size,
      sheets: [],
      sheet: null,
      ...info,
      rows: (signal) => flatten(batches(signal)),
      batches,
      position: () => Math.min(1, read / size),
    };
  }
  if (kind === 'xlsx') {
    const sheets = await translate(() => listXlsxSheets(file));
    const chosen = pickSheet(
      sheets.map((s) => s.name),
      sheets.filter((s) => !s.hidden).map((s) => s.name),
      opts.sheet,
    );
    const rows = (signal?: AbortSignal) => translateRows(readXlsxRows(file, chosen, { signal }));
    return {
      kind,
      size,
      sheets: sheets.map((s) => s.name),
      sheet: chosen,
      encoding: null,
      delimiter: null,
      rows,
      batches: (signal) => inBatches(rows(signal)),
      position: () => null,
    };
  }
  if (size > limits.maxXlsBytes) {
    throw new ImportError(
      'too_large',
      `An .xls file over ${Math.round(limits.maxXlsBytes / 1e6)} MB; save it as .xlsx`,
    );
  }
  const book = readXls(file);
  const chosen = pickSheet(book.SheetNames, book.SheetNames, opts.sheet);
  const rows = (signal?: AbortSignal) => xlsRows(book, chosen, limits, signal);
  return {
    kind,
    size,
    sheets: [...book.SheetNames],
    sheet: chosen,
    encoding: null,
    delimiter: null,
    rows,
    batches: (signal) => inBatches(rows(signal)),
    position: () => null,
  };
}

function pickSheet(all: readonly string[], visible: readonly string[], wanted: string | undefined): string {
  if (wanted !== undefined) {
    if (!all.includes(wanted))
      throw new ImportError('no_sheet', `No sheet named "${wanted}" (sheets: ${all.join(', ')})`);
    return wanted;
  }
  const first = visible[0] ?? all[0];
  if (first === undefined) throw new ImportError('no_sheet', 'The workbook has no sheets');
  return first;
}

function readXls(file: string): XLSX.WorkBook {
  try {
    // dense mode keeps rows as arrays; no formulas, styles or HTML are needed for an import.
    return XLSX.read(fs.readFileSync(file), {
      type: 'buffer',
      dense: true,
      cellDates: true,
      cellFormula: false,
      cellHTML: false,
      cellStyles: false,
    });
  } catch (err) {
    throw new ImportError(
      'bad_file',
      `The .xls file cannot be read: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

// eslint-disable-next-line @typescript-eslint/require-await -- async so that every reader has one row interface
async function* xlsRows(
  book: XLSX.WorkBook,
  sheet: string,
  limits: TableLimits,
  signal?: AbortSignal,
): AsyncGenerator<SheetRow> {
  const ws = book.Sheets[sheet];
  if (!ws) return;
  const rows = XLSX.utils.sheet_to_json<CellValue[]>(ws, { header: 1, raw: true, defval: null, blankrows: true });
  const start = ws['!ref'] ? XLSX.utils.decode_range(ws['!ref']).s.r : 0;
  for (let i = 0; i < rows.length; i++) {
    if (signal?.aborted) throw new ImportError('cancelled', 'Import cancelled');
    const cells = rows[i] ?? [];
    if (cells.length > limits.maxColumns)
      throw new ImportError('too_many_columns', `Row ${start + i + 1} has more than ${limits.maxColumns} columns`);
    yield { row: start + i + 1, cells };
  }
}

async function translate<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toImportError(err);
  }
}

/** Rows per batch of a workbook (also what the reader thread of row-reader.ts sends in one message). */
const BATCH_ROWS = 2048;

async function* inBatches(rows: AsyncGenerator<SheetRow>): AsyncGenerator<readonly SheetRow[]> {
  let batch: SheetRow[] = [];
  for await (const r of rows) {
    batch.push(r);
    if (batch.length >= BATCH_ROWS) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

async function* flatten(batches: AsyncGenerator<readonly SheetRow[]>): AsyncGenerator<SheetRow> {
  for await (const batch of batches) yield* batch;
}

async function* translateRows(rows: AsyncGenerator<SheetRow>): AsyncGenerator<SheetRow> {
  try {
    yield* rows;
  } catch (err) {
    throw toImportError(err);
  }
}

function toImportError(err: unknown): unknown {
  if (!(err instanceof SpreadsheetError)) return err;
  const code =
    err.code === 'too_many_columns'
      ? 'too_many_columns'
      : err.code === 'no_sheet'
        ? 'no_sheet'
        : err.code === 'too_large'
          ? 'too_large'
          : 'bad_file';
  return new ImportError(code, err.message);
}
