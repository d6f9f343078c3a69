import { ImportError } from './errors';

export type Delimiter = ';' | ',' | '\t' | '|';
const CANDIDATES: Delimiter[] = [';', '\t', ',', '|'];

/**
 * Picks the delimiter from the first lines of the text: the candidate that splits the most lines into the same
 * number of fields (a title row without delimiters does not count). Russian Excel writes ";", so it wins ties.
 */
export function detectDelimiter(sample: string): Delimiter {
  const lines = sample.split(/\r\n|\n|\r/).slice(0, 50);
  let best: Delimiter = ';';
  let bestScore = 0;
  for (const d of CANDIDATES) {
    const counts = new Map<number, number>();
    for (const line of lines) {
      const n = countOutsideQuotes(line, d);
      if (n > 0) counts.set(n, (counts.get(n) ?? 0) + 1);
    }
    const score = Math.max(0, ...counts.values());
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

function countOutsideQuotes(line: string, d: string): number {
  let n = 0;
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === d && !quoted) n += 1;
  }
  return n;
}

export interface CsvLimits {
  maxColumns: number;
  maxFieldChars: number;
}

export interface CsvRecord {
  /** 1-based record number: the row number Excel shows when it opens the file. */
  row: number;
  cells: string[];
}

/**
 * An RFC 4180 parser fed with decoded text in chunks: quoted fields may hold delimiters, quotes ("") and
 * line breaks; CRLF, LF and CR all end a record. Fully blank lines still count as rows (Excel numbers them),
 * but come out with no cells.
 */
export class CsvParser {
  private field = '';
  private cells: string[] = [];
  private quoted = false;
  private afterQuote = false;
  private pendingCR = false;
  private row = 0;

  constructor(
    private readonly delimiter: Delimiter,
    private readonly limits: CsvLimits,
  ) {}

  push(text: string, out: CsvRecord[] = []): CsvRecord[] {
    const d = this.delimiter;
    let lf = text.indexOf('\n');
    let cr = text.indexOf('\r');
    for (let i = 0; i < text.length; i++) {
      if (this.pendingCR) {
        this.pendingCR = false;
        if (text.charCodeAt(i) === 10) continue;
      }
      // Fast path: at the start of a record whose line holds no quote, split the whole line at once (most rows
      // of a real export); anything else goes through the character loop below.
      if (!this.quoted && !this.afterQuote && this.field === '' && this.cells.length === 0) {
        if (lf !== -1 && lf < i) lf = text.indexOf('\n', i);
        if (cr !== -1 && cr < i) cr = text.indexOf('\r', i);
        const end = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
        if (end !== -1) {
          const line = text.slice(i, end);
          if (!line.includes('"')) {
            this.emitLine(line, out);
            if (end === cr) this.pendingCR = true;
            i = end;
            continue;
          }
        }
      }
      const ch = text[i]!;
      if (this.quoted) {
        if (ch === '"') {
          this.quoted = false;
          this.afterQuote = true;
        } else this.append(ch);
        continue;
      }
      if (ch === '"') {
        // "" inside a quoted field is one quote; a quote in the middle of an unquoted field is literal.
        if (this.afterQuote) this.append('"');
        if (this.afterQuote || this.field === '') this.quoted = true;
        else this.append('"');
        this.afterQuote = false;
        continue;
      }
      this.afterQuote = false;
      if (ch === d) this.endField();
      else if (ch === '\n' || ch === '\r') {
        this.endRecord(out);
        if (ch === '\r') this.pendingCR = true;
      } else this.append(ch);
    }
    return out;
  }

  /** A whole unquoted line: the same limits and row numbering as the character loop. */
  private emitLine(line: string, out: CsvRecord[]): void {
    this.row += 1;
    if (line === '') {
      out.push({ row: this.row, cells: [] });
      return;
    }
    const cells = line.split(this.delimiter);
    if (cells.length > this.limits.maxColumns) {
      throw new ImportError('too_many_columns', `Row ${this.row} has more than ${this.limits.maxColumns} columns`);
    }
    if (line.length > this.limits.maxFieldChars && cells.some((c) => c.length > this.limits.maxFieldChars)) {
      throw new ImportError(
        'bad_file',
        `Row ${this.row}: a cell is longer than ${this.limits.maxFieldChars} characters`,
      );
    }
    out.push({ row: this.row, cells });
  }

  end(out: CsvRecord[] = []): CsvRecord[] {
    if (this.field !== '' || this.cells.length > 0 || this.quoted) this.endRecord(out);
    return out;
  }

  private append(ch: string): void {
    if (this.field.length >= this.limits.maxFieldChars) {
      throw new ImportError(
        'bad_file',
        `Row ${this.row + 1}: a cell is longer than ${this.limits.maxFieldChars} characters`,
      );
    }
    this.field += ch;
  }

  private endField(): void {
    this.cells.push(this.field);
    this.field = '';
    if (this.cells.length > this.limits.maxColumns) {
      throw new ImportError('too_many_columns', `Row ${this.row + 1} has more than ${this.limits.maxColumns} columns`);
    }
  }

  private endRecord(out: CsvRecord[]): void {
    this.quoted = false;
    this.afterQuote = false;
    if (this.field === '' && this.cells.length === 0) {
      this.row += 1;
      out.push({ row: this.row, cells: [] });
      return;
    }
    this.endField();
    this.row += 1;
    out.push({ row: this.row, cells: this.cells });
    this.cells = [];
  }
}
