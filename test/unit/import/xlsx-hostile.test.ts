// Threat: a contact file from an unknown source is a crafted archive — a zip bomb, an entity-expansion
// (billion laughs) DOCTYPE, a flood of entries, columns or strings, or not a workbook at all. The reader must
// refuse each with a SpreadsheetError code before doing the expensive work, and never leak the file descriptor.
import fs from 'node:fs';
import { strToU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_XLSX_LIMITS,
  listXlsxSheets,
  readXlsxRows,
  type XlsxLimits,
} from '../../../electron/core/import/xlsx-reader';
import {
  billionLaughs,
  handmadeParts,
  makeTempDir,
  patchDeclaredSize,
  stripXmlDeclaration,
  worksheetXml,
  writeZip,
  type TempDir,
} from '../../fixtures/xlsx-fixtures';

let tmp: TempDir;
beforeAll(() => {
  tmp = makeTempDir();
});
afterAll(() => tmp.cleanup());

async function drain(file: string, limits?: XlsxLimits): Promise<number> {
  let n = 0;
  for await (const _row of readXlsxRows(file, 0, { limits })) n++;
  return n;
}

/** Asserts both entry points refuse the file with `code`, and how long the read took. */
async function refuses(file: string, code: string, limits?: XlsxLimits): Promise<number> {
  const started = performance.now();
  await expect(drain(file, limits)).rejects.toMatchObject({ name: 'SpreadsheetError', code });
  return performance.now() - started;
}

const sheetRows = (n: number): string =>
  Array.from({ length: n }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c></row>`).join('');

describe('zip bombs and oversized archives', () => {
  it('refuses an entry that declares a huge size, from the central directory, within a second', async () => {
    const file = tmp.file('declares-huge.xlsx');
    const zip = writeZip(file, handmadeParts({ sheets: [{ name: 'S', xml: worksheetXml(sheetRows(10)) }] }));
    fs.writeFileSync(file, patchDeclaredSize(zip, 'xl/data/tab-1.xml', 0xf000_0000));
    expect(await refuses(file, 'zip_bomb')).toBeLessThan(1000);
    await expect(listXlsxSheets(file)).rejects.toMatchObject({ code: 'zip_bomb' });
  });

  it('refuses a real high-ratio entry (20 MB of XML in a few KB) before inflating it', async () => {
    const file = tmp.file('high-ratio.xlsx');
    const padding = `<row r="1"><c r="A1"><v>1</v></c></row>${'<!-- padding padding padding -->'.repeat(650_000)}`;
    writeZip(file, handmadeParts({ sheets: [{ name: 'S', xml: worksheetXml(padding) }] }), 9);
    expect(fs.statSync(file).size).toBeLessThan(100_000); // so the ratio is over 200
    // The sizes in this archive are true, so inflating could never raise zip_bomb: the code itself shows the
    // refusal came from the central directory.
    expect(await refuses(file, 'zip_bomb')).toBeLessThan(1000);
    // And it is the ratio that refused it: allowed a higher one, the same file reads.
    expect(await drain(file, { ...DEFAULT_XLSX_LIMITS, maxRatio: 100_000 })).toBe(1);
  });

  it('does not mistake a small, highly compressible part for a bomb', async () => {
    const file = tmp.file('small-ratio.xlsx');
    const padding = `<row r="1"><c r="A1"><v>1</v></c></row>${'<!-- padding padding padding -->'.repeat(30_000)}`;
    const zip = writeZip(file, handmadeParts({ sheets: [{ name: 'S', xml: worksheetXml(padding) }] }), 9);
    expect(zip.length).toBeLessThan(10_000); // ~1 MB packed over 200-fold, but under the 1 MiB floor
    expect(await drain(file)).toBe(1);
  });

  it('catches an entry that inflates past the size it declares (a lying header)', async () => {
    const file = tmp.file('lying.xlsx');
    const zip = writeZip(file, handmadeParts({ sheets: [{ name: 'S', xml: worksheetXml(sheetRows(50_000)) }] }));
    fs.writeFileSync(file, patchDeclaredSize(zip, 'xl/data/tab-1.xml', 4096));
    await refuses(file, 'zip_bomb');
  });

  it('refuses an entry or a total over the size limits', async () => {
    const file = tmp.file('big.xlsx');
    writeZip(file, handmadeParts({ sheets: [{ name: 'S', xml: worksheetXml(sheetRows(40_000)) }] }));
    const size = 1_500_000; // the sheet is ~1.6 MB of XML
    await refuses(file, 'too_large', { ...DEFAULT_XLSX_LIMITS, maxEntryBytes: size });
    await refuses(file, 'too_large', { ...DEFAULT_XLSX_LIMITS, maxTotalBytes: size });
    expect(await drain(file)).toBe(40_000);
  });

  it('refuses too many entries, by default and with a custom limit', async () => {
    const file = tmp.file('entries.xlsx');
    const parts = handmadeParts({ sheets: [{ name: 'S', xml: worksheetXml(sheetRows(1)) }] });
    for (let i = 0; i < DEFAULT_XLSX_LIMITS.maxEntries; i++) parts[`xl/media/x${i}.txt`] = strToU8('x');
    writeZip(file, parts, 0);
    expect(await refuses(file, 'too_many_entries')).toBeLessThan(1000);
    await expect(listXlsxSheets(file)).rejects.toMatchObject({ code: 'too_many_entries' });

    const small = tmp.file('entries-small.xlsx');
    writeZip(small, handmadeParts({ sheets: [{ name: 'S', xml: worksheetXml(sheetRows(1)) }] }));
    await refuses(small, 'too_many_entries', { ...DEFAULT_XLSX_LIMITS, maxEntries: 4 });
  });
});

describe('XML attacks and malformed parts', () => {
  const laughs = (root: string): string => billionLaughs(root);

  it('refuses a billion-laughs DOCTYPE in the workbook, a sheet or the shared strings', async () => {
    const inWorkbook = tmp.file('laughs-workbook.xlsx');
    const parts = handmadeParts({ sheets: [{ name: 'S', xml: worksheetXml(sheetRows(1)) }] });
    const workbook = Buffer.from(parts['xl/workbook.xml'] as Uint8Array).toString('utf8');
    parts['xl/workbook.xml'] = strToU8(laughs(stripXmlDeclaration(workbook).replace('name="S"', 'name="LAUGH"')));
    writeZip(inWorkbook, parts);
    await expect(listXlsxSheets(inWorkbook)).rejects.toMatchObject({ code: 'dtd_refused' });
    expect(await refuses(inWorkbook, 'dtd_refused')).toBeLessThan(1000);

    const inSheet = tmp.file('laughs-sheet.xlsx');
    const sheet = laughs(
      stripXmlDeclaration(worksheetXml('<row r="1"><c r="A1" t="inlineStr"><is><t>LAUGH</t></is></c></row>')),
    );
    writeZip(inSheet, handmadeParts({ sheets: [{ name: 'S', xml: sheet }] }));
    await refuses(inSheet, 'dtd_refused');

    const inStrings = tmp.file('laughs-sst.xlsx');
    const sst = laughs(
      '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>LAUGH</t></si></sst>',
    );
    writeZip(
      inStrings,
      handmadeParts({ sheets: [{ name: 'S', xml: worksheetXml(sheetRows(1)) }], sharedStrings: sst }),
    );
    await refuses(inStrings, 'dtd_refused');
  });

  it('refuses any DOCTYPE, even an empty or lower-case one', async () => {
    for (const doctype of [
      '<!DOCTYPE worksheet>',
      '<!doctype worksheet>',
      '<!DOCTYPE worksheet SYSTEM "file:///etc/passwd">',
    ]) {
      const file = tmp.file('doctype.xlsx');
      writeZip(
        file,
        handmadeParts({ sheets: [{ name: 'S', xml: `${doctype}${stripXmlDeclaration(worksheetXml(sheetRows(1)))}` }] }),
      );
      await refuses(file, 'dtd_refused');
    }
  });

  it('reports malformed XML as bad_xml', async () => {
    for (const xml of [
      worksheetXml('<row r="1"><c r="A1"><v>1</v></row>'),
      worksheetXml('<row r="1"><c r="A1"><v>&unknown;</v></c></row>'),
      // Truncated inside the rows: the rows before still arrive, then the read fails.
      worksheetXml('<row r="1"><c r="A1"><v>1</v></c></row>').replace('</sheetData></worksheet>', ''),
    ]) {
      const file = tmp.file('bad.xlsx');
      writeZip(file, handmadeParts({ sheets: [{ name: 'S', xml }] }));
      await refuses(file, 'bad_xml');
    }
  });

  it('refuses a value past the column limit', async () => {
    const file = tmp.file('columns.xlsx');
    const sheet = worksheetXml('<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="ALM2"><v>1</v></c></row>');
    writeZip(file, handmadeParts({ sheets: [{ name: 'S', xml: sheet }] }));
    await refuses(file, 'too_many_columns'); // ALM is column 1001
    await refuses(file, 'too_many_columns', { ...DEFAULT_XLSX_LIMITS, maxColumns: 3 });
  });

  it('refuses more shared strings than the limit', async () => {
    const file = tmp.file('strings.xlsx');
    const strings = Array.from({ length: 11 }, (_, i) => `s${i}`);
    writeZip(file, handmadeParts({ sheets: [{ name: 'S', xml: worksheetXml(sheetRows(1)) }], sharedStrings: strings }));
    await refuses(file, 'too_large', { ...DEFAULT_XLSX_LIMITS, maxSharedStrings: 10 });
    expect(await drain(file, { ...DEFAULT_XLSX_LIMITS, maxSharedStrings: 11 })).toBe(1);
  });

  it('refuses a single text value too long to be a cell', async () => {
    const file = tmp.file('long-text.xlsx');
    const sheet = worksheetXml(`<row r="1"><c r="A1" t="inlineStr"><is><t>${'я'.repeat(9_000_000)}</t></is></c></row>`);
    writeZip(file, handmadeParts({ sheets: [{ name: 'S', xml: sheet }] }), 1);
    // Within seconds: the text arrives in thousands of chunks, and gathering them must stay linear.
    expect(await refuses(file, 'too_large', { ...DEFAULT_XLSX_LIMITS, maxRatio: 1_000_000 })).toBeLessThan(5000);
  });
});

describe('files that are not workbooks', () => {
  it('refuses a text file renamed to .xlsx, and an empty file', async () => {
    const text = tmp.file('contacts.xlsx');
    fs.writeFileSync(text, 'ФИО;Телефон\nИванов;79207460022\n');
    await refuses(text, 'not_xlsx');
    await expect(listXlsxSheets(text)).rejects.toMatchObject({ code: 'not_xlsx' });
    const empty = tmp.file('empty.xlsx');
    fs.writeFileSync(empty, '');
    await refuses(empty, 'not_xlsx');
  });

  it('refuses a zip without a workbook, and names .xlsb', async () => {
    const file = tmp.file('plain.zip');
    writeZip(file, { 'readme.txt': strToU8('hello'), 'data/list.csv': strToU8('a,b') });
    await refuses(file, 'not_xlsx');
    const xlsb = tmp.file('binary.xlsx');
    writeZip(xlsb, { 'xl/workbook.bin': strToU8('binary'), '[Content_Types].xml': strToU8('<Types/>') });
    await expect(listXlsxSheets(xlsb)).rejects.toThrow(/xlsb/);
  });

  it('refuses two parts whose names differ only in case', async () => {
    const file = tmp.file('dup.xlsx');
    const parts = handmadeParts({ sheets: [{ name: 'S', xml: worksheetXml(sheetRows(1)) }] });
    parts['XL/Workbook.xml'] = strToU8('<workbook/>');
    writeZip(file, parts);
    await refuses(file, 'not_xlsx');
  });

  it('passes on operating-system errors such as a missing file', async () => {
    await expect(drain(tmp.file('nope.xlsx'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
