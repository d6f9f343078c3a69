import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  listXlsxSheets,
  readXlsxRows,
  SpreadsheetError,
  type CellValue,
} from '../../../electron/core/import/xlsx-reader';
import {
  handmadeParts,
  largeSheetRow,
  makeTempDir,
  worksheetXml,
  writeLargeSheet,
  writeSheetJsWorkbook,
  writeZip,
  type FixtureSheet,
  type TempDir,
} from '../../fixtures/xlsx-fixtures';

type Row = { row: number; cells: CellValue[] };

async function readAll(file: string, sheet: string | number = 0): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const row of readXlsxRows(file, sheet)) rows.push(row);
  return rows;
}

const utc = (y: number, m: number, d: number, h = 0, min = 0, s = 0): Date =>
  new Date(Date.UTC(y, m - 1, d, h, min, s));

let tmp: TempDir;
beforeAll(() => {
  tmp = makeTempDir();
});
afterAll(() => tmp.cleanup());

const contacts: FixtureSheet = {
  name: 'Контакты',
  cells: {
    A1: 'Выгрузка из 1С от 15.01.2024',
    // Rows 2–3 are blank; the header is on row 4, as in many exports.
    A4: 'ФИО',
    B4: 'Телефон',
    C4: 'Дата рождения',
    D4: 'Подписан',
    E4: 'Баланс',
    A5: 'Иванов Иван Иванович',
    B5: 79207460022,
    C5: { serial: 45306, format: 'dd.mm.yyyy' },
    D5: true,
    E5: -1234.56,
    // Row 6 has no phone (column B missing) and a value far right of the others.
    A6: 'Пётр Петров',
    D6: false,
    H6: 0,
    A8: 'Ёлкина Анна',
    B8: 89001234567,
  },
};

describe('listXlsxSheets', () => {
  it('lists sheets in tab order with hidden flags, including hostile names', async () => {
    const file = tmp.file('list.xlsx');
    writeSheetJsWorkbook(file, [
      contacts,
      { name: '__proto__', cells: { A1: 'proto' } },
      { name: 'constructor', cells: { A1: 'ctor' }, hidden: 'hidden' },
      { name: 'Секрет', cells: { A1: 'very' }, hidden: 'veryHidden' },
    ]);
    expect(await listXlsxSheets(file)).toEqual([
      { name: 'Контакты', index: 0, hidden: false },
      { name: '__proto__', index: 1, hidden: false },
      { name: 'constructor', index: 2, hidden: true },
      { name: 'Секрет', index: 3, hidden: true },
    ]);
    expect(await readAll(file, '__proto__')).toEqual([{ row: 1, cells: ['proto'] }]);
    expect(await readAll(file, 'constructor')).toEqual([{ row: 1, cells: ['ctor'] }]);
    expect(await readAll(file, 3)).toEqual([{ row: 1, cells: ['very'] }]);
    expect(await readAll(file, 'секрет')).toEqual([{ row: 1, cells: ['very'] }]);
    expect(Object.prototype).not.toHaveProperty('proto');
  });

  it('refuses a sheet that does not exist, by name or by index', async () => {
    const file = tmp.file('list.xlsx');
    for (const sheet of ['Нет такого', 'toString', 4, -1, 0.5]) {
      await expect(readAll(file, sheet)).rejects.toMatchObject({ code: 'no_sheet' });
    }
  });
});

describe('readXlsxRows on SheetJS workbooks', () => {
  const expected: Row[] = [
    { row: 1, cells: ['Выгрузка из 1С от 15.01.2024'] },
    { row: 4, cells: ['ФИО', 'Телефон', 'Дата рождения', 'Подписан', 'Баланс'] },
    { row: 5, cells: ['Иванов Иван Иванович', 79207460022, utc(2024, 1, 15), true, -1234.56] },
    { row: 6, cells: ['Пётр Петров', null, null, false, null, null, null, 0] },
    { row: 8, cells: ['Ёлкина Анна', 89001234567] },
  ];

  it('reads shared strings, numbers, dates, booleans, gaps and Excel row numbers', async () => {
    const file = tmp.file('contacts-sst.xlsx');
    writeSheetJsWorkbook(file, [contacts], { sharedStrings: true });
    const rows = await readAll(file, 'Контакты');
    expect(rows).toEqual(expected);
    const phone = rows[2]?.cells[1];
    expect(typeof phone).toBe('number');
    expect(String(phone)).toBe('79207460022');
  });

  it('reads the same values when strings are written as t="str" cells', async () => {
    const file = tmp.file('contacts-str.xlsx');
    writeSheetJsWorkbook(file, [contacts], { sharedStrings: false });
    expect(await readAll(file, 0)).toEqual(expected);
  });

  it('turns numbers in date formats into UTC dates and leaves other formats alone', async () => {
    const file = tmp.file('formats.xlsx');
    writeSheetJsWorkbook(file, [
      {
        name: 'Даты',
        cells: {
          A1: { serial: 45306, format: 'm/d/yy' }, // built-in id 14
          B1: { serial: 45306.5208333333, format: 'yyyy-mm-dd hh:mm' },
          C1: { serial: 45306.75, format: 'DD.MM.YYYY HH:MM:SS' },
          D1: { serial: 0.5, format: 'h:mm' },
          E1: { serial: 59, format: 'dd.mm.yyyy' },
          F1: { serial: 61, format: 'dd.mm.yyyy' },
          A2: { serial: 1.5, format: '[Red]0.00' },
          B2: { serial: 1500, format: '#,##0.00 "руб."' },
          C2: { serial: 0.25, format: '0%' },
          D2: { serial: 12345, format: 'General' },
          E2: { serial: 3, format: '0.00E+00' },
          F2: { serial: 7, format: '[$-419]0' },
          A3: { error: 0x07 },
        },
      },
    ]);
    expect(await readAll(file)).toEqual([
      {
        row: 1,
        cells: [
          utc(2024, 1, 15),
          utc(2024, 1, 15, 12, 30),
          utc(2024, 1, 15, 18),
          utc(1899, 12, 30, 12),
          utc(1900, 2, 28),
          utc(1900, 3, 1),
        ],
      },
      { row: 2, cells: [1.5, 1500, 0.25, 12345, 3, 7] },
    ]);
  });

  it('honours the 1904 date system', async () => {
    const file = tmp.file('mac.xlsx');
    writeSheetJsWorkbook(
      file,
      [{ name: 'Mac', cells: { A1: { serial: 43844, format: 'dd.mm.yyyy' }, B1: { serial: 0, format: 'm/d/yy' } } }],
      { date1904: true },
    );
    expect(await readAll(file)).toEqual([{ row: 1, cells: [utc(2024, 1, 15), utc(1904, 1, 1)] }]);
  });
});

describe('readXlsxRows on hand-made parts', () => {
  it('reads inline strings, rich text, phonetic runs, preserved whitespace and _xHHHH_ escapes', async () => {
    const sst =
      '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      '<si><r><rPr><b/></rPr><t>Иванов</t></r><r><t xml:space="preserve"> Иван</t></r>' +
      '<rPh sb="0" eb="1"><t>イワノフ</t></rPh></si>' +
      '<si><t xml:space="preserve">  с пробелами  </t></si>' +
      '<si><t>строка_x000D_\nвторая, литерал _x005F_x0041_</t></si>' +
      '<si><t></t></si></sst>';
    const sheet = worksheetXml(
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>' +
        '<c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>99</v></c></row>' +
        '<row r="2"><c r="A2" t="inlineStr"><is><t>Инлайн &amp; &lt;текст&gt;</t></is></c>' +
        '<c r="B2" t="inlineStr"><is><r><t>Мария</t></r><r><rPr><i/></rPr><t xml:space="preserve"> Сидорова</t></r></is></c>' +
        '<c r="C2" t="str"><f>A1&amp;"!"</f><v>формула</v></c><c r="D2" t="e"><v>#N/A</v></c>' +
        '<c r="E2" t="inlineStr"><is><t><![CDATA[cdata <ok>]]></t></is></c></row>',
    );
    const file = tmp.file('rich.xlsx');
    writeZip(file, handmadeParts({ sheets: [{ name: 'Лист1', xml: sheet }], sharedStrings: sst }));
    expect(await readAll(file)).toEqual([
      { row: 1, cells: ['Иванов Иван', '  с пробелами  ', 'строка\r\nвторая, литерал _x0041_'] },
      { row: 2, cells: ['Инлайн & <текст>', 'Мария Сидорова', 'формула', null, 'cdata <ok>'] },
    ]);
  });

  it('counts rows and cells without r attributes sequentially', async () => {
    const sheet = worksheetXml(
      '<row><c><v>1</v></c><c><v>2</v></c></row>' +
        '<row r="5"><c r="C5"><v>3</v></c><c><v>4</v></c></row>' +
        '<row><c t="b"><v>1</v></c></row>' +
        '<row><c r="B9"><v>9</v></c></row>' +
        '<row r="10" spans="1:3"><c r="A10" s="0"/><c r="C10" s="0"></c></row>' +
        '<row><c r="A11"><v>11</v></c></row>',
    );
    const file = tmp.file('no-refs.xlsx');
    writeZip(file, handmadeParts({ sheets: [{ name: 'S', xml: sheet }] }));
    expect(await readAll(file)).toEqual([
      { row: 1, cells: [1, 2] },
      { row: 5, cells: [null, null, 3, 4] },
      { row: 6, cells: [true] },
      { row: 9, cells: [null, 9] },
      { row: 11, cells: [11] },
    ]);
  });

  it('reads namespace-prefixed parts, custom date formats and missing optional parts', async () => {
    const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
    const sheet =
      `<x:worksheet xmlns:x="${ns}"><x:sheetData><x:row r="2"><x:c r="A2" s="1"><x:v>45306</x:v></x:c>` +
      `<x:c r="B2" s="2"><x:v>45306</x:v></x:c><x:c r="C2" s="3"><x:v>45306</x:v></x:c>` +
      `<x:c r="D2" s="99"><x:v>45306</x:v></x:c><x:c r="E2" t="d"><x:v>2024-01-15T10:20:00</x:v></x:c></x:row>` +
      `</x:sheetData></x:worksheet>`;
    const file = tmp.file('prefixed.xlsx');
    writeZip(
      file,
      handmadeParts({
        sheets: [{ name: 'P', xml: sheet }],
        styles: {
          formats: [
            [164, 'dd/mm/yyyy;@'],
            [165, '"Дата: "0'],
            [14, '0.00'], // a workbook may redefine a built-in id; its own code wins
          ],
          xfs: [0, 164, 165, 14],
        },
      }),
    );
    expect(await readAll(file)).toEqual([
      { row: 2, cells: [utc(2024, 1, 15), 45306, 45306, 45306, utc(2024, 1, 15, 10, 20)] },
    ]);
  });

  it('ignores styled empty cells far to the right instead of counting them as columns', async () => {
    const sheet = worksheetXml('<row r="1"><c r="A1"><v>1</v></c><c r="XFD1" s="3"/></row>');
    const file = tmp.file('wide-styles.xlsx');
    writeZip(file, handmadeParts({ sheets: [{ name: 'S', xml: sheet }] }));
    expect(await readAll(file)).toEqual([{ row: 1, cells: [1] }]);
  });

  it('stops at </sheetData> and does not need the rest of the part', async () => {
    const sheet = worksheetXml(
      '<row r="1"><c r="A1"><v>1</v></c></row>',
      '<mergeCells count="1"><mergeCell ref="A1:B1"/>',
    );
    const file = tmp.file('tail.xlsx');
    writeZip(file, handmadeParts({ sheets: [{ name: 'S', xml: sheet.replace('</worksheet>', '') }] }));
    expect(await readAll(file)).toEqual([{ row: 1, cells: [1] }]);
  });

  it('reports a sheet listed in the workbook whose part is missing as not_xlsx', async () => {
    const file = tmp.file('missing-part.xlsx');
    writeZip(
      file,
      handmadeParts({ sheets: [{ name: 'S', xml: worksheetXml('') }], override: { 'xl/data/tab-1.xml': undefined } }),
    );
    await expect(readAll(file)).rejects.toMatchObject({ code: 'not_xlsx' });
    await expect(readAll(file)).rejects.toBeInstanceOf(SpreadsheetError);
  });
});

describe('readXlsxRows on large sheets', () => {
  for (const strings of ['shared', 'inline'] as const) {
    it(`streams 30,000 rows with ${strings} strings, values intact`, async () => {
      const file = tmp.file(`large-${strings}.xlsx`);
      writeLargeSheet(file, { rows: 30_000, strings });
      let count = 0;
      let last = 0;
      for await (const { row, cells } of readXlsxRows(file, 'Контакты')) {
        count++;
        expect(row).toBe(last + 1);
        last = row;
        if (row % 997 === 1 || row === 30_000) {
          const want = largeSheetRow(row);
          expect(cells).toEqual([
            want.name,
            want.phone,
            want.email,
            expect.any(String),
            new Date(Date.UTC(1899, 11, 30) + want.serial * 86_400_000),
            row % 2 === 1,
          ]);
        }
      }
      expect(count).toBe(30_000);
    });
  }
});
