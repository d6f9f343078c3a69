import * as XLSX from '@e965/xlsx';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/open';
import type { ImportJobSpec } from '../../electron/core/import/job';
import { previewJob, runImportJob } from '../../electron/core/import/run-job';
import { testCore } from '../helpers/core';
import { tempDir } from '../helpers/temp';

/** A workbook as 1C exports it: a title, a blank row, Russian headers, phones stored as numbers, a date. */
function writeBook(dir: string, name: string, bookType: 'xlsx' | 'xls'): string {
  const wb = XLSX.utils.book_new();
  const rows = [
    ['Контрагенты на 01.06.2024'],
    [],
    ['Ф.И.О.', 'Мобильный телефон', 'Почта', 'Дата рождения', 'Бонусы'],
    ['Иванов Иван Иванович', 79207460022, 'ivan@mail.ru', new Date(Date.UTC(1985, 5, 21)), 150],
    ['Петрова Анна', 89161234567, '', null, 0],
    ['Ошибка Номера', 1234, '', null, null],
  ];
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['Справка'], ['не эти данные']]), 'Инструкция');
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows, { cellDates: true }), 'Клиенты');
  const file = path.join(dir, name);
  fs.writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType, cellDates: true }) as Buffer);
  return file;
}

const spec = (dir: string, file: string, sheet?: string): ImportJobSpec => ({
  dbPath: path.join(dir, 'vestnik.db'),
  file,
  sheet,
  region: 'RU',
  duplicates: 'skip',
  dryRun: false,
  source: 'import:test',
  now: '2026-01-15T10:00:00.000Z',
});

describe('import: Excel workbooks', () => {
  for (const bookType of ['xlsx', 'xls'] as const) {
    it(`reads a .${bookType} from 1C: sheet choice, title rows, numeric phones, dates`, async () => {
      const dir = tempDir();
      const file = writeBook(dir, `clients.${bookType}`, bookType);
      const preview = await previewJob(spec(dir, file, 'Клиенты'));
      expect(preview).toMatchObject({
        kind: bookType,
        sheets: ['Инструкция', 'Клиенты'],
        sheet: 'Клиенты',
        headerRow: 3,
      });
      expect(preview.mapping).toEqual([
        { field: 'fullName' },
        { field: 'phone' },
        { field: 'email' },
        { field: 'birthday' },
        { field: 'balance' },
      ]);
      expect(preview.rows.find((r) => r.row === 4)?.cells.slice(0, 2)).toEqual(['Иванов Иван Иванович', '79207460022']);

      const db = openDatabase(path.join(dir, 'vestnik.db'));
      const s = await runImportJob(db, spec(dir, file, 'Клиенты'));
      db.close();
      expect(s).toMatchObject({ rows: 3, imported: 2, rejected: [{ row: 6, reason: 'invalid phone number: 1234' }] });
      const rows = testCore(path.join(dir, 'vestnik.db')).handlers['contacts:list']({ offset: 0, limit: 10 }).rows;
      expect(rows.map((r) => [r.phone, r.lastName, r.attributes])).toEqual([
        ['+79207460022', 'Иванов', { birthday: '1985-06-21', balance: '150' }],
        ['+79161234567', 'Петрова', { balance: '0' }],
      ]);
    });
  }

  it('opens the first sheet by default and names the sheets when asked for one that is missing', async () => {
    const dir = tempDir();
    const file = writeBook(dir, 'clients.xlsx', 'xlsx');
    expect((await previewJob(spec(dir, file))).sheet).toBe('Инструкция');
    await expect(previewJob(spec(dir, file, 'Нет такого'))).rejects.toThrow(/Нет такого/);
  });
});
