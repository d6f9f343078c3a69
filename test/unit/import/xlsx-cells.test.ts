import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from '@e965/xlsx';
import { columnOfRef, decodeEscapes, rowOfRef, serialToDate } from '../../../electron/core/import/xlsx/cells';
import { isDateFormatCode } from '../../../electron/core/import/xlsx/styles';
import { readXlsxRows, type CellValue } from '../../../electron/core/import/xlsx-reader';
import { makeTempDir, writeSheetJsWorkbook, type FixtureCell, type TempDir } from '../../fixtures/xlsx-fixtures';

describe('cell references', () => {
  it('maps column letters to 0-based indexes', () => {
    const cases: Array<[string, number]> = [
      ['A1', 0],
      ['Z9', 25],
      ['AA10', 26],
      ['AZ1', 51],
      ['ALL5', 999],
      ['XFD1048576', 16_383],
      ['c5', 2],
      ['1A', -1],
      ['', -1],
      ['ABCD1', -1],
    ];
    for (const [ref, col] of cases) expect(columnOfRef(ref), ref).toBe(col);
  });

  it('reads the row number, or 0 without one', () => {
    expect(rowOfRef('C5')).toBe(5);
    expect(rowOfRef('XFD1048576')).toBe(1_048_576);
    expect(rowOfRef('C')).toBe(-1);
    expect(rowOfRef('C5x')).toBe(-1);
  });
});

describe('date formats', () => {
  it('recognises date and time codes and nothing else', () => {
    const dates = [
      'dd.mm.yyyy',
      'DD/MM/YY',
      'yyyy-mm-dd hh:mm:ss',
      'h:mm AM/PM',
      '[h]:mm:ss',
      '[$-F800]dddd, mmmm dd, yyyy',
      'mmm-yy',
      'd',
      '[Red]dd.mm.yyyy;@',
    ];
    const numbers = [
      'General',
      '0',
      '0.00',
      '#,##0.00 "руб."',
      '[Red]0.00',
      '0%',
      '0.00E+00',
      '[$-419]0',
      '"Дата: "0',
      '\\d0',
      '_d0',
      '*d0',
      '@',
      '[$₽-419]# ##0,00',
      '"unterminated',
    ];
    for (const code of dates) expect(isDateFormatCode(code), code).toBe(true);
    for (const code of numbers) expect(isDateFormatCode(code), code).toBe(false);
  });

  it('converts serials in both date systems, including the 1900 leap-year quirk', () => {
    const day = (y: number, m: number, d: number, h = 0): number => Date.UTC(y, m - 1, d, h);
    expect(serialToDate(1, false)?.getTime()).toBe(day(1900, 1, 1));
    expect(serialToDate(59, false)?.getTime()).toBe(day(1900, 2, 28));
    expect(serialToDate(61, false)?.getTime()).toBe(day(1900, 3, 1));
    expect(serialToDate(45306.25, false)?.getTime()).toBe(day(2024, 1, 15, 6));
    expect(serialToDate(0.5, false)?.getTime()).toBe(day(1899, 12, 30, 12));
    expect(serialToDate(0, true)?.getTime()).toBe(day(1904, 1, 1));
    expect(serialToDate(43844, true)?.getTime()).toBe(day(2024, 1, 15));
    expect(serialToDate(2_958_465, false)?.getTime()).toBe(day(9999, 12, 31));
    for (const bad of [-1, 2_958_466, Number.NaN, Number.POSITIVE_INFINITY])
      expect(serialToDate(bad, false)).toBeNull();
  });

  it('decodes _xHHHH_ escapes in one pass', () => {
    expect(decodeEscapes('a_x000D_b')).toBe('a\rb');
    expect(decodeEscapes('_x005F_x0041_')).toBe('_x0041_');
    expect(decodeEscapes('no_xescape_here')).toBe('no_xescape_here');
  });
});

describe('round trip through SheetJS (property)', () => {
  let tmp: TempDir;
  beforeAll(() => {
    tmp = makeTempDir();
  });
  afterAll(() => tmp.cleanup());

  // Text as people type it: any Unicode, Cyrillic, edge whitespace. `_x` and CR are left out: SheetJS writes
  // them raw, and the XML/OOXML rules then (correctly) read them back as an escape and as LF.
  const text = fc
    .oneof(
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
      fc.constantFrom('Иванов Иван', '  с пробелом ', 'Ёж\tи\nёлка', 'a & <b>', '0079207460022'),
    )
    .filter((s) => !s.includes('_x') && !s.includes('\r'));
  const value = fc.oneof(
    text,
    fc.boolean(),
    fc.integer({ min: 70_000_000_000, max: 89_999_999_999 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
  );
  const grid = fc.dictionary(
    fc
      .tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 7 }))
      .map(([r, c]) => XLSX.utils.encode_cell({ r, c })),
    value,
    { minKeys: 1, maxKeys: 30 },
  );

  it('reads back exactly what was written, row numbers and gaps included', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(grid, fc.boolean(), async (cells: Record<string, FixtureCell>, sharedStrings) => {
        const file = tmp.file(`prop-${run++}.xlsx`);
        writeSheetJsWorkbook(file, [{ name: 'P', cells }], { sharedStrings });
        const got: Array<{ row: number; cells: CellValue[] }> = [];
        for await (const row of readXlsxRows(file, 'P')) got.push(row);
        expect(got).toEqual(expectedRows(cells));
      }),
      { numRuns: 60 },
    );
  });
});

function expectedRows(cells: Record<string, FixtureCell>): Array<{ row: number; cells: CellValue[] }> {
  const byRow = new Map<number, CellValue[]>();
  for (const [address, v] of Object.entries(cells)) {
    if (typeof v === 'object') throw new Error('plain values only');
    const { r, c } = XLSX.utils.decode_cell(address);
    const row = byRow.get(r + 1) ?? [];
    while (row.length <= c) row.push(null);
    row[c] = v;
    byRow.set(r + 1, row);
  }
  return [...byRow.entries()].sort(([a], [b]) => a - b).map(([row, values]) => ({ row, cells: values }));
}
