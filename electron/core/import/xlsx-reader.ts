// Streaming reader for .xlsx files from 1C, CRMs and shops: up to a million rows, and untrusted.
// yauzl reads the zip by random access (central directory first), our scanner (xlsx/scanner.ts) reads each part as a
// stream; neither a whole sheet nor the whole zip is ever in memory. Only shared strings are held, as cells refer to
// them by index.
import { throwIfAborted, SpreadsheetError } from './xlsx/errors';
import { DEFAULT_XLSX_LIMITS, type XlsxLimits } from './xlsx/limits';
import { readSharedStrings } from './xlsx/shared-strings';
import { streamSheetRows, type CellValue } from './xlsx/sheet';
import { readDateStyles } from './xlsx/styles';
import { readWorkbook, type WorkbookSheet } from './xlsx/workbook';
import { openXlsxZip } from './xlsx/zip';

export { DEFAULT_XLSX_LIMITS, SpreadsheetError };
export type { CellValue, XlsxLimits };
export type { SpreadsheetErrorCode } from './xlsx/errors';

export interface XlsxSheet {
  name: string;
  /** 0-based position among the worksheets, in tab order; chart sheets are not listed. */
  index: number;
  /** state="hidden" or "veryHidden" in the workbook. */
  hidden: boolean;
}

/** The worksheets of a workbook, in tab order. */
export async function listXlsxSheets(file: string, limits: XlsxLimits = DEFAULT_XLSX_LIMITS): Promise<XlsxSheet[]> {
  const zip = await openXlsxZip(file, limits);
  try {
    const book = await readWorkbook(zip, limits, undefined);
    return book.sheets.map(({ name, index, hidden }) => ({ name, index, hidden }));
  } finally {
    await zip.close();
  }
}

/**
 * Rows in order; `row` is the 1-based row number as Excel shows it (gaps where the file has no row, and rows
 * without any value are skipped); cells by column index (0 = A), missing cells null; trailing nulls trimmed.
 * Numbers stay numbers (a phone stored as 79207460022 comes back exactly), numbers in a date format become UTC
 * Dates, booleans are booleans, error cells and empty strings are null.
 *
 * The file is opened on the first next() and closed when the loop ends, breaks, throws or is aborted.
 * `sheet` is a name (exact, else case-insensitive as Excel compares them) or an index from listXlsxSheets.
 */
export async function* readXlsxRows(
  file: string,
  sheet: string | number,
  opts: { limits?: XlsxLimits; signal?: AbortSignal } = {},
): AsyncGenerator<{ row: number; cells: CellValue[] }> {
  const limits = opts.limits ?? DEFAULT_XLSX_LIMITS;
  const { signal } = opts;
  throwIfAborted(signal);
  const zip = await openXlsxZip(file, limits);
  try {
    const book = await readWorkbook(zip, limits, signal);
    const target = pickSheet(book.sheets, sheet);
    const entry = target.part === undefined ? undefined : zip.find(target.part);
    if (entry === undefined) {
      throw new SpreadsheetError('not_xlsx', `The workbook lists sheet "${target.name}" but its data is missing.`);
    }
    const dateStyles = await readDateStyles(zip, book.stylesPart, signal);
    const strings = await readSharedStrings(zip, book.sharedStringsPart, limits, signal);
    yield* streamSheetRows(
      zip,
      entry,
      { strings, dateStyles, date1904: book.date1904, maxColumns: limits.maxColumns },
      signal,
    );
  } finally {
    await zip.close();
  }
}

function pickSheet(sheets: readonly WorkbookSheet[], wanted: string | number): WorkbookSheet {
  let found: WorkbookSheet | undefined;
  if (typeof wanted === 'number') {
    found = Number.isInteger(wanted) ? sheets[wanted] : undefined;
  } else {
    const lower = wanted.toLowerCase();
    found = sheets.find((s) => s.name === wanted) ?? sheets.find((s) => s.name.toLowerCase() === lower);
  }
  if (found === undefined) {
    const what = typeof wanted === 'number' ? `number ${wanted}` : `"${wanted}"`;
    throw new SpreadsheetError('no_sheet', `The workbook has no sheet ${what} (it has ${sheets.length}).`);
  }
  return found;
}
