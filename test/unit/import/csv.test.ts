import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvParser, detectDelimiter, type CsvRecord } from '../../../electron/core/import/csv';
import { detectEncoding } from '../../../electron/core/import/text-decode';
import { encode } from '../../fixtures/text-fixtures';

const parse = (text: string, d: ';' | ',' | '\t' = ';', chunk = text.length) => {
  const p = new CsvParser(d, { maxColumns: 100, maxFieldChars: 10_000 });
  const out: CsvRecord[] = [];
  for (let i = 0; i < text.length; i += chunk) p.push(text.slice(i, i + chunk), out);
  return p.end(out);
};

describe('CSV parsing', () => {
  it('reads quoted fields holding delimiters, quotes and line breaks, numbering records as Excel shows rows', () => {
    const rows = parse('Имя;Комментарий\r\n"Иванов; Иван";"Сказал ""да""\r\nи ушёл"\r\n\r\nПётр;ok\n');
    expect(rows).toEqual([
      { row: 1, cells: ['Имя', 'Комментарий'] },
      { row: 2, cells: ['Иванов; Иван', 'Сказал "да"\r\nи ушёл'] },
      { row: 3, cells: [] },
      { row: 4, cells: ['Пётр', 'ok'] },
    ]);
  });

  it('gives the same records whatever the chunk boundaries (CRLF split, quotes split)', () => {
    const text = 'a;"b\r\nc";"d""e"\r\nf;g;h\r\n"";x;\r\nlast';
    const whole = parse(text);
    for (const size of [1, 2, 3, 5, 7]) expect(parse(text, ';', size), `chunk ${size}`).toEqual(whole);
    expect(whole.at(-1)).toEqual({ row: 4, cells: ['last'] });
    expect(whole[2]).toEqual({ row: 3, cells: ['', 'x', ''] });
  });

  it('property: fields written with Excel quoting come back unchanged, in any chunking', () => {
    const field = fc.string({ maxLength: 12, unit: fc.constantFrom('a', 'я', ';', '"', '\r', '\n', ' ', '7') });
    fc.assert(
      fc.property(
        fc.array(fc.array(field, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 9 }),
        (rows, chunk) => {
          const q = (s: string) => `"${s.replaceAll('"', '""')}"`;
          const text = rows.map((r) => r.map(q).join(';')).join('\r\n');
          expect(parse(text, ';', chunk).map((r) => r.cells)).toEqual(rows);
        },
      ),
    );
  });

  it('refuses a row with too many columns or a monstrous cell, naming the row', () => {
    const p = new CsvParser(';', { maxColumns: 3, maxFieldChars: 5 });
    expect(() => p.push('a;b;c;d\r\n')).toThrow(/Row 1 has more than 3 columns/);
    const q = new CsvParser(';', { maxColumns: 3, maxFieldChars: 5 });
    expect(() => q.push('ok\r\n123456')).toThrow(/Row 2: a cell is longer than 5/);
  });
});

describe('delimiter and encoding detection', () => {
  it('finds ; , and tab even under a title row', () => {
    expect(detectDelimiter('Список клиентов\r\nФИО;Телефон;Почта\r\nИванов;8920;a@b.ru')).toBe(';');
    expect(detectDelimiter('Name,Phone,Email\nIvan,"8 920, доб. 1",a@b.ru\nPetr,8916,c@d.ru')).toBe(',');
    expect(detectDelimiter('ФИО\tТелефон\nИванов\t8920')).toBe('\t');
  });

  it('tells UTF-8 (with and without BOM), UTF-16LE (with and without BOM) and Windows-1251 apart', () => {
    const text = 'ФИО;Телефон\r\nИванов Иван;8 920 746-00-22\r\n';
    expect(detectEncoding(encode(text, 'utf8'))).toEqual({ encoding: 'utf-8', bomLength: 0 });
    expect(detectEncoding(encode(text, 'utf8bom'))).toEqual({ encoding: 'utf-8', bomLength: 3 });
    expect(detectEncoding(encode(text, 'cp1251'))).toEqual({ encoding: 'windows-1251', bomLength: 0 });
    expect(detectEncoding(encode(text, 'utf16le'))).toEqual({ encoding: 'utf-16le', bomLength: 2 });
    expect(detectEncoding(encode(text, 'utf16le-nobom'))).toEqual({ encoding: 'utf-16le', bomLength: 0 });
  });
});
