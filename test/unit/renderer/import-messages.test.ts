import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImportError } from '../../../electron/core/import/errors';
import { rowToContact } from '../../../electron/core/import/rows';
import { sniffFile } from '../../../electron/core/import/sniff';
import type { ColumnTarget } from '../../../shared/domain/import';
import {
  formatBytes,
  formatDescription,
  formatDuration,
  importErrorText,
  rejectedAsText,
  rejectReasonText,
  secondsLeft,
} from '../../../renderer/src/features/import/messages';
import { makeTranslate } from '../../../renderer/src/i18n/translate';
import { tempDir } from '../../helpers/temp';

const ru = makeTranslate('ru');
const en = makeTranslate('en');

/** The message the core's sniffer gives for a file with this name and content. */
function sniffMessage(name: string, content: Buffer | string): string {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, content);
  try {
    sniffFile(file, 512 * 1024 * 1024);
  } catch (err) {
    if (err instanceof ImportError) return err.message;
    throw err;
  }
  throw new Error(`${name} was accepted`);
}

/** The reason the core gives for one row under this mapping. */
function reasonFor(cells: string[], mapping: ColumnTarget[]): string {
  const outcome = rowToContact(cells, mapping, 'RU');
  if (outcome.kind !== 'rejected') throw new Error(`row accepted: ${JSON.stringify(cells)}`);
  return outcome.reason;
}

describe('import messages: whole-file problems, as the core words them', () => {
  const bad = (message: string) => ({ code: 'bad_request', message });

  it('a file whose content contradicts its extension', () => {
    const message = sniffMessage('клиенты.xlsx', 'ФИО;Телефон\r\nИванов;89207460022\r\n');
    expect(importErrorText(ru, 'ru', bad(message))).toBe(
      'Файл назван .xlsx, но внутри — текстовая таблица (CSV/TXT). Переименуйте его или выберите другой файл.',
    );
    expect(importErrorText(en, 'en', bad(message))).toBe(
      'The file is named .xlsx but it holds a text table (CSV/TXT). Rename it or choose another file.',
    );
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(32, 1)]);
    expect(importErrorText(ru, 'ru', bad(sniffMessage('list.csv', zip)))).toBe(
      'Файл назван .csv, но внутри — книга Excel (XLSX). Переименуйте его или выберите другой файл.',
    );
  });

  it('no table at all, an empty file, a file too large', () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]), Buffer.alloc(64)]);
    expect(importErrorText(ru, 'ru', bad(sniffMessage('фото.csv', png)))).toBe(
      'Это не таблица: выберите файл Excel (XLSX, XLS), CSV или TXT.',
    );
    expect(importErrorText(ru, 'ru', bad(sniffMessage('пусто.csv', '')))).toBe('Файл пустой.');
    expect(importErrorText(ru, 'ru', bad('The file is larger than 537 MB'))).toBe(
      'Файл больше 512 МБ — такой не загрузить. Разбейте его на части.',
    );
    expect(importErrorText(ru, 'ru', bad('The file is 600 MB; the limit is 537 MB'))).toMatch(/^Файл больше 512 МБ/);
    expect(importErrorText(ru, 'ru', bad('An .xls file over 67 MB; save it as .xlsx'))).toBe(
      'Файл .xls больше 67 МБ — сохраните его в Excel как .xlsx и загрузите снова.',
    );
  });

  it('hostile and broken workbooks', () => {
    expect(
      importErrorText(
        ru,
        'ru',
        bad('"xl/worksheets/sheet1.xml" would expand 1000 bytes to 9000000000 bytes; this looks like a zip bomb.'),
      ),
    ).toMatch(/zip-бомба/);
    expect(
      importErrorText(
        ru,
        'ru',
        bad('"xl/worksheets/sheet1.xml" inflates to more than the 100 bytes it declares; refusing it.'),
      ),
    ).toMatch(/zip-бомба/);
    expect(importErrorText(ru, 'ru', bad('The workbook would unpack to more than 1 GB.'))).toMatch(
      /^Книга слишком велика/,
    );
    expect(
      importErrorText(
        ru,
        'ru',
        bad('This is a binary .xlsb workbook; save it as .xlsx (Excel Workbook) and import that.'),
      ),
    ).toMatch(/\.xlsb/);
    expect(
      importErrorText(
        ru,
        'ru',
        bad(
          'The file is not an .xlsx workbook (not a zip archive; old .xls files and password-protected workbooks are not supported): x',
        ),
      ),
    ).toMatch(/защищён паролем/);
    expect(importErrorText(ru, 'ru', bad('No sheet named "Лист2" (sheets: Лист1)'))).toBe('В книге нет листа «Лист2».');
    expect(importErrorText(ru, 'ru', bad('Row 12 has more than 1000 columns'))).toBe(
      'В строке 12 больше 1000 столбцов.',
    );
  });

  it('a file the core no longer has; a network failure; anything else as the core wrote it', () => {
    expect(
      importErrorText(ru, 'ru', { code: 'not_found', message: 'The file is no longer available; choose it again' }),
    ).toBe('Файл больше недоступен — выберите его снова.');
    expect(importErrorText(ru, 'ru', { code: 'internal', message: 'Network error: TypeError: Failed to fetch' })).toBe(
      'Не удалось передать файл: TypeError: Failed to fetch',
    );
    expect(importErrorText(ru, 'ru', bad('Something new went wrong'))).toBe('Something new went wrong');
    expect(importErrorText(ru, 'ru', { code: 'not_found', message: 'No group 7' })).toMatch(/не найдена/);
  });
});

describe('import messages: rejected rows', () => {
  const mapping: ColumnTarget[] = [
    { field: 'fullName' },
    { field: 'phone' },
    { field: 'email' },
    { field: 'telegramChatId' },
    { field: 'birthday' },
    { field: 'balance' },
  ];
  const row = (over: Partial<Record<number, string>>) =>
    ['Иванов', '89207460022', '', '', '', ''].map((v, i) => over[i] ?? v);

  it("translates each of the core's reasons, keeping the value from the file", () => {
    expect(rejectReasonText(ru, reasonFor(row({ 1: '12-34' }), mapping))).toBe('неверный номер телефона: 12-34');
    expect(rejectReasonText(ru, reasonFor(row({ 2: 'нет почты' }), mapping))).toBe('неверный e-mail: нет почты');
    expect(rejectReasonText(ru, reasonFor(row({ 3: '@ivan' }), mapping))).toBe('неверный Telegram chat id: @ivan');
    expect(rejectReasonText(ru, reasonFor(row({ 4: '31.02.1990' }), mapping))).toBe('неверная дата: 31.02.1990');
    expect(rejectReasonText(ru, reasonFor(row({ 5: 'много' }), mapping))).toBe('неверное число: много');
    expect(rejectReasonText(ru, reasonFor(row({ 1: '' }), mapping))).toBe(
      'нет ни телефона, ни e-mail, ни Telegram chat id',
    );
    expect(rejectReasonText(ru, 'the phone belongs to contact #12 and the e-mail to contact #40')).toBe(
      'телефон принадлежит контакту №12, а e-mail — контакту №40',
    );
    expect(rejectReasonText(en, reasonFor(row({ 1: '12-34' }), mapping))).toBe('invalid phone number: 12-34');
  });

  it('leaves a value with braces as it is, and an unknown reason in English', () => {
    expect(rejectReasonText(ru, 'invalid date: {value}')).toBe('неверная дата: {value}');
    expect(rejectReasonText(ru, 'a reason from a newer core')).toBe('a reason from a newer core');
  });

  it('copies the rejected rows as a tab-separated table', () => {
    const text = rejectedAsText(ru, [
      { row: 7, reason: 'invalid phone number: 12-34' },
      { row: 9, reason: 'invalid e-mail: a\tb\nc' },
    ]);
    expect(text).toBe('Строка\tПричина\r\n7\tневерный номер телефона: 12-34\r\n9\tневерный e-mail: a b c\r\n');
  });
});

describe('import messages: format, sizes, time', () => {
  it('describes what the core detected in words', () => {
    const text = { kind: 'text', encoding: 'windows-1251', delimiter: ';', sheet: null } as const;
    expect(formatDescription(ru, text, 'клиенты.csv')).toBe('CSV, Windows-1251, разделитель «;»');
    expect(formatDescription(ru, { ...text, encoding: 'utf-16le', delimiter: '\t' }, 'a.txt')).toBe(
      'TXT, UTF-16, разделитель — табуляция',
    );
    expect(formatDescription(en, { ...text, encoding: 'utf-8', delimiter: ',' }, 'a.tsv')).toBe(
      'Text table, UTF-8, delimiter “,”',
    );
    const book = { kind: 'xlsx', encoding: null, delimiter: null, sheet: 'Клиенты' } as const;
    expect(formatDescription(ru, book, 'a.xlsx')).toBe('Excel (XLSX), лист «Клиенты»');
    expect(formatDescription(ru, { ...book, kind: 'xls' }, 'a.xls')).toBe('Excel 97–2003 (XLS), лист «Клиенты»');
  });

  it('formats sizes and durations', () => {
    const nbsp = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
    expect(formatBytes(ru, 'ru', 457)).toBe('457 Б');
    expect(nbsp(formatBytes(ru, 'ru', 10_000))).toBe('9,8 КБ');
    expect(nbsp(formatBytes(ru, 'ru', 17_000))).toBe('17 КБ');
    expect(formatBytes(ru, 'ru', 8.1 * 1024 * 1024)).toBe('8,1 МБ');
    expect(formatBytes(en, 'en', 512 * 1024 * 1024)).toBe('512 MB');
    expect(formatDuration(ru, 12.4)).toBe('12 с');
    expect(formatDuration(ru, 65)).toBe('1 мин 05 с');
    expect(formatDuration(en, 3 * 3600 + 7 * 60)).toBe('3 h 07 min');
  });

  it('guesses the time left only once the guess means something', () => {
    expect(secondsLeft(null, 10_000)).toBeNull();
    expect(secondsLeft(0.01, 10_000)).toBeNull();
    expect(secondsLeft(0.5, 500)).toBeNull();
    expect(secondsLeft(0.25, 10_000)).toBe(30);
    expect(secondsLeft(1, 10_000)).toBeNull();
  });
});
