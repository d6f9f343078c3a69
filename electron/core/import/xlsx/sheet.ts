import type { Entry } from 'yauzl';
import { columnOfRef, decodeEscapes, isBlank, parseUint, rowOfRef, serialToDate } from './cells';
import { abortError, SpreadsheetError } from './errors';
import { localName, XmlFeeder, type XmlHandlers } from './xml';
import type { XlsxZip } from './zip';

export type CellValue = string | number | boolean | Date | null;

export interface SheetRow {
  /** 1-based, as Excel shows it. */
  row: number;
  /** By column (0 = A); missing cells are null; never ends in null. */
  cells: CellValue[];
}

export interface SheetContext {
  strings: readonly string[];
  /** 1 at index s when cell style s formats numbers as dates. */
  dateStyles: Uint8Array;
  date1904: boolean;
  maxColumns: number;
}

// Cell types (the `t` attribute), as small integers so the per-cell switch is cheap.
const T_NUMBER = 0;
const T_SHARED = 1;
const T_INLINE = 2;
const T_FORMULA_STR = 3;
const T_BOOL = 4;
const T_ERROR = 5;
const T_ISO_DATE = 6;

function cellType(t: string | undefined): number {
  switch (t) {
    case undefined:
    case 'n':
      return T_NUMBER;
    case 's':
      return T_SHARED;
    case 'inlineStr':
      return T_INLINE;
    case 'str':
      return T_FORMULA_STR;
    case 'b':
      return T_BOOL;
    case 'e':
      return T_ERROR;
    case 'd':
      return T_ISO_DATE;
    default:
      // Unknown types are read like numbers, which fall back to the raw text when it is not one.
      return T_NUMBER;
  }
}

/**
 * The sheet state machine: turns <sheetData><row><c><v|is> events into rows. Only values are stored, so styled
 * empty cells (common far to the right of real data) cost nothing and cannot trip the column limit.
 * Completed rows wait in `rows` until the driver hands them out after each chunk.
 */
export class SheetRowParser implements XmlHandlers {
  rows: SheetRow[] = [];
  /** </sheetData> seen: what follows (merged cells, print settings) is of no interest. */
  done = false;

  private inSheetData = false;
  private inRow = false;
  private rowNum = 0;
  private lastRow = 0;
  /** The row had no `r`: take the number from its first cell reference, if that has one. */
  private rowFromCell = false;
  private cells: CellValue[] = [];
  private nextCol = 0;

  private inCell = false;
  private col = 0;
  private type = T_NUMBER;
  private style = 0;
  private value: string | null = null;
  private inline: string | null = null;
  private inInline = false;
  private phoneticDepth = 0;
  private collecting = false;
  private buffer = '';

  constructor(private readonly ctx: SheetContext) {}

  takeRows(): SheetRow[] {
    const out = this.rows;
    if (out.length > 0) this.rows = [];
    return out;
  }

  open(name: string, attrs: Record<string, string>): void {
    switch (localName(name)) {
      case 'c':
        if (this.inRow) this.openCell(attrs);
        break;
      case 'v':
        if (this.inCell) this.startText();
        break;
      case 't':
        if (this.inInline && this.phoneticDepth === 0) this.startText();
        break;
      case 'is':
        if (this.inCell) {
          this.inInline = true;
          this.inline = '';
        }
        break;
      case 'rPh':
        this.phoneticDepth++;
        break;
      case 'row':
        if (this.inSheetData) this.openRow(attrs.r);
        break;
      case 'sheetData':
        this.inSheetData = true;
        break;
    }
  }

  close(name: string): void {
    switch (localName(name)) {
      case 'c':
        if (this.inCell) this.closeCell();
        break;
      case 'v':
        if (this.collecting) {
          this.value = this.buffer;
          this.collecting = false;
        }
        break;
      case 't':
        if (this.collecting) {
          this.inline = (this.inline ?? '') + this.buffer;
          this.collecting = false;
        }
        break;
      case 'is':
        this.inInline = false;
        break;
      case 'rPh':
        if (this.phoneticDepth > 0) this.phoneticDepth--;
        break;
      case 'row':
        if (this.inRow) this.closeRow();
        break;
      case 'sheetData':
        this.inSheetData = false;
        this.done = true;
        break;
    }
  }

  text(text: string): void {
    if (this.collecting) this.buffer += text;
  }

  private startText(): void {
    this.collecting = true;
    this.buffer = '';
  }

  private openRow(r: string | undefined): void {
    const n = r === undefined ? -1 : parseUint(r);
    this.rowFromCell = n <= 0;
    this.rowNum = n > 0 ? n : this.lastRow + 1;
    this.inRow = true;
    this.cells = [];
    this.nextCol = 0;
  }

  private closeRow(): void {
    this.inRow = false;
    this.lastRow = this.rowNum;
    if (this.cells.length > 0) this.rows.push({ row: this.rowNum, cells: this.cells });
  }

  private openCell(attrs: Record<string, string>): void {
    const ref = attrs.r;
    let col = ref === undefined ? -1 : columnOfRef(ref);
    if (col < 0) col = this.nextCol;
    if (this.rowFromCell && ref !== undefined) {
      const n = rowOfRef(ref);
      if (n > 0) this.rowNum = n;
      this.rowFromCell = false;
    }
    this.col = col;
    this.nextCol = col + 1;
    this.type = cellType(attrs.t);
    const s = attrs.s;
    this.style = s === undefined ? 0 : parseUint(s);
    this.value = null;
    this.inline = null;
    this.inCell = true;
  }

  private closeCell(): void {
    this.inCell = false;
    this.inInline = false;
    const value = this.cellValue();
    if (value === null) return;
    const { col, cells } = this;
    if (col >= this.ctx.maxColumns) {
      throw new SpreadsheetError(
        'too_many_columns',
        `Row ${this.rowNum} has a value in column ${col + 1}; at most ${this.ctx.maxColumns} columns are supported.`,
      );
    }
    // Filled with explicit nulls rather than left holey, so consumers see a plain dense array.
    while (cells.length < col) cells.push(null);
    cells[col] = value;
  }

  private cellValue(): CellValue {
    const { value } = this;
    switch (this.type) {
      case T_SHARED: {
        if (value === null) return null;
        const s = this.ctx.strings[parseUint(value)];
        return s === undefined || s === '' ? null : s;
      }
      case T_INLINE: {
        // Some writers put inline text in <v>; accept it.
        const s = this.inline ?? value;
        return s === null || s === '' ? null : decodeEscapes(s);
      }
      case T_FORMULA_STR:
        return value === null || value === '' ? null : decodeEscapes(value);
      case T_BOOL:
        if (value === '1' || value === 'true') return true;
        if (value === '0' || value === 'false') return false;
        return null;
      case T_ERROR:
        return null;
      case T_ISO_DATE:
        return value === null || isBlank(value) ? null : isoDate(value);
      default:
        return this.numberValue(value);
    }
  }

  private numberValue(value: string | null): CellValue {
    if (value === null) return null;
    const n = Number(value);
    // Not a number after all (a damaged or exotic writer): keep the text rather than lose it.
    if (!Number.isFinite(n)) return value;
    if (n === 0 && isBlank(value)) return null;
    if (this.ctx.dateStyles[this.style] === 1) return serialToDate(n, this.ctx.date1904) ?? n;
    return n;
  }
}

/** t="d" cells hold ISO 8601 text; without a zone it is read as UTC (Excel has no time zones). */
function isoDate(value: string): CellValue {
  const zoned = /(?:Z|[+-]\d\d:?\d\d)$/i.test(value) || !value.includes('T');
  const ms = Date.parse(zoned ? value : `${value}Z`);
  return Number.isNaN(ms) ? value : new Date(ms);
}

/**
 * Yields the rows of one sheet part as the XML streams in. Memory is bounded by one inflated chunk's worth of
 * rows; the abort signal is checked before every row and every chunk.
 */
export async function* streamSheetRows(
  zip: XlsxZip,
  entry: Entry,
  ctx: SheetContext,
  signal: AbortSignal | undefined,
): AsyncGenerator<SheetRow> {
  const parser = new SheetRowParser(ctx);
  const feeder = new XmlFeeder(entry.fileName, parser);
  for await (const chunk of zip.chunks(entry)) {
    if (signal?.aborted) throw abortError(signal);
    feeder.write(chunk);
    for (const row of parser.takeRows()) {
      if (signal?.aborted) throw abortError(signal);
      yield row;
    }
    if (parser.done) return;
  }
  feeder.end();
  for (const row of parser.takeRows()) {
    if (signal?.aborted) throw abortError(signal);
    yield row;
  }
}
