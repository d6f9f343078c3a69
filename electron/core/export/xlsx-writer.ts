import { Zip, ZipDeflate, strToU8 } from 'fflate';
import fs from 'node:fs';
import { columnName, xmlText } from './cells';

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

const STATIC_PARTS: Record<string, string> = {
  '[Content_Types].xml': `${DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`,
  '_rels/.rels': `${DECL}<Relationships xmlns="${PKG_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  'xl/_rels/workbook.xml.rels': `${DECL}<Relationships xmlns="${PKG_NS}"><Relationship Id="rId1" Type="${REL_NS}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL_NS}/styles" Target="styles.xml"/></Relationships>`,
  // Style 1: bold (the header row); 2: the "@" text format, so phones stay text when edited; 3: quotePrefix,
  // Excel's own mark for "text that looks like a formula" (the apostrophe is not part of the value).
  'xl/styles.xml': `${DECL}<styleSheet xmlns="${MAIN_NS}"><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/></cellXfs></styleSheet>`,
};

/**
 * Writes one worksheet as a streaming XLSX: rows are deflated as they come, so a million-row export never
 * holds the sheet in memory. Every cell is an inline string — a spreadsheet never evaluates one as a
 * formula — `textColumns` get the "@" format so Excel keeps phones as text, and any other text starting with
 * = + - @ gets quotePrefix, so editing the cell does not turn it into a formula either.
 */
export class XlsxWriter {
  private readonly fd: number;
  private readonly zip: Zip;
  private readonly sheet: ZipDeflate;
  private row = 0;
  private buffer: string[] = [];
  private error: Error | null = null;

  constructor(
    file: string,
    private readonly sheetName: string,
    private readonly textColumns: ReadonlySet<number> = new Set(),
    widths: readonly number[] = [],
  ) {
    this.fd = fs.openSync(file, 'w');
    this.zip = new Zip((err, chunk) => {
      if (err) this.error = err;
      else fs.writeSync(this.fd, chunk);
    });
    for (const [name, text] of Object.entries(STATIC_PARTS)) this.addWhole(name, text);
    this.addWhole(
      'xl/workbook.xml',
      `${DECL}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheets><sheet name="${xmlText(this.sheetName.slice(0, 31))}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    );
    this.sheet = new ZipDeflate('xl/worksheets/sheet1.xml', { level: 6 });
    this.zip.add(this.sheet);
    const cols = widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('');
    this.sheet.push(
      strToU8(
        `${DECL}<worksheet xmlns="${MAIN_NS}"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>${cols ? `<cols>${cols}</cols>` : ''}<sheetData>`,
      ),
    );
  }

  /** The first row written is the header (bold, frozen). */
  addRow(cells: readonly string[]): void {
    this.row += 1;
    const r = this.row;
    const parts = cells.map((value, i) => {
      if (value === '') return '';
      const style =
        r === 1 ? ' s="1"' : this.textColumns.has(i) ? ' s="2"' : /^[=+\-@\t\r]/.test(value) ? ' s="3"' : '';
      return `<c r="${columnName(i)}${r}" t="inlineStr"${style}><is><t xml:space="preserve">${xmlText(value)}</t></is></c>`;
    });
    this.buffer.push(`<row r="${r}">${parts.join('')}</row>`);
    if (this.buffer.length >= 2000) this.flushRows();
  }

  close(): void {
    try {
      this.flushRows();
      this.sheet.push(strToU8('</sheetData></worksheet>'), true);
      this.zip.end();
      if (this.error) throw this.error;
    } finally {
      fs.closeSync(this.fd);
    }
  }

  private flushRows(): void {
    if (this.buffer.length === 0) return;
    this.sheet.push(strToU8(this.buffer.join('')));
    this.buffer = [];
  }

  private addWhole(name: string, text: string): void {
    const part = new ZipDeflate(name, { level: 6 });
    this.zip.add(part);
    part.push(strToU8(text), true);
  }
}
