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
  importError,
  importErrorText,
  rejectedAsText,
  rejectReasonText,
  secondsLeft,
} from '../../../renderer/src/features/import/messages';
import { makeTranslate } from '../../../renderer/src/i18n/translate';
import { tempDir } from '../../helpers/temp';

const ru = makeTranslate('ru');
const en = makeTranslate('en');

/** The error (code and sentence) the core's sniffer gives for a file with this name and content. */
function sniffError(name: string, content: Buffer | string): { code: string; message: string } {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, content);
  try {
    sniffFile(file, 128 * 1024 * 1024);
  } catch (err) {
    if (err instanceof ImportError) return { code: err.code, message: err.message };
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

describe('import messages: whole-file problems, by the code the core gives', () => {
  const text = (code: string, message: string) => importErrorText(ru, 'ru', { code, message });

  it('a file whose content contradicts its extension', () => {
    const error = sniffError('клиенты.xlsx', 'ФИО;Телефон\r\nИванов;89207460022\r\n');
    expect(error.code).toBe('wrong_type');
    expect(importErrorText(ru, 'ru', error)).toBe(
      'Файл назван .xlsx, но внутри — текстовая таблица (CSV/TXT). Переименуйте его или выберите другой файл.',
    );
    expect(importErrorText(en, 'en', error)).toBe(
      'The file is named .xlsx but it holds a text table (CSV/TXT). Rename it or choose another file.',
    );
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(32, 1)]);
    expect(importErrorText(ru, 'ru', sniffError('list.csv', zip))).toBe(
      'Файл назван .csv, но внутри — книга Excel (XLSX). Переименуйте его или выберите другой файл.',
    );
  });

  it('no table at all, an empty file, a file too large', () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]), Buffer.alloc(64)]);
    expect(importErrorText(ru, 'ru', sniffError('фото.csv', png))).toBe(
      'Это не таблица: выберите файл Excel (XLSX, XLS), CSV или TXT.',
    );
    expect(importErrorText(ru, 'ru', sniffError('пусто.csv', ''))).toBe('Файл пустой.');
    expect(text('too_large', 'The file is larger than 134 MB')).toBe(
      'Файл больше 128 МБ — такой не загрузить. Разбейте его на части.',
    );
    expect(text('too_large', 'The file is 600 MB; the limit is 128 MB. Split it into smaller files')).toMatch(
      /^Файл больше 128 МБ/,
    );
    expect(text('too_large', 'An .xls file over 67 MB; save it as .xlsx')).toBe(
      'Файл .xls больше 67 МБ — сохраните его в Excel как .xlsx и загрузите снова.',
    );
    expect(text('too_large', 'The file needs too much memory to import')).toMatch(/слишком много памяти/);
  });

  it('hostile and broken workbooks', () => {
    expect(
      text(
        'bad_file',
        '"xl/worksheets/sheet1.xml" would expand 1000 bytes to 9000000000 bytes; this looks like a zip bomb.',
      ),
    ).toMatch(/zip-бомба/);
    expect(
      text('bad_file', '"xl/worksheets/sheet1.xml" inflates to more than the 100 bytes it declares; refusing it.'),
    ).toMatch(/zip-бомба/);
    expect(text('bad_file', 'The workbook would unpack to more than 1 GB.')).toMatch(/^Книга слишком велика/);
    expect(
      text('bad_file', 'This is a binary .xlsb workbook; save it as .xlsx (Excel Workbook) and import that.'),
    ).toMatch(/\.xlsb/);
    expect(
      text(
        'bad_file',
        'The file is not an .xlsx workbook (not a zip archive; old .xls files and password-protected workbooks are not supported): x',
      ),
    ).toMatch(/защищён паролем/);
    expect(text('no_sheet', 'No sheet named "Лист2" (sheets: Лист1)')).toBe('В книге нет листа «Лист2».');
    expect(text('no_sheet', 'The workbook has no sheets')).toBe('В книге нет листов.');
    expect(text('too_many_columns', 'Row 12 has more than 1000 columns')).toBe('В строке 12 больше 1000 столбцов.');
  });

  it('the code decides: a sentence we do not know gets the general text of its code, with the sentence as detail', () => {
    expect(importError(ru, 'ru', { code: 'bad_file', message: '"xl/styles.xml" is not well-formed XML: x' })).toEqual({
      text: 'Файл повреждён или не читается как таблица. Откройте его в Excel и сохраните заново.',
      detail: '"xl/styles.xml" is not well-formed XML: x',
    });
    expect(
      importError(en, 'en', { code: 'too_large', message: '"x" has a text value over 32767 characters.' }),
    ).toEqual({
      text: 'The file is too big to load. Split it into parts.',
      detail: '"x" has a text value over 32767 characters.',
    });
    expect(importError(ru, 'ru', { code: 'wrong_type', message: 'Reworded by a newer core' })).toEqual({
      text: 'Это не таблица: выберите файл Excel (XLSX, XLS), CSV или TXT.',
      detail: null,
    });
    expect(importError(ru, 'ru', { code: 'unreadable', message: 'Cannot read the file x1f3' })).toEqual({
      text: 'Не удалось прочитать файл.',
      detail: null,
    });
    expect(importError(ru, 'ru', { code: 'empty', message: '' }).text).toBe('Файл пустой.');
    expect(importError(ru, 'ru', { code: 'cancelled', message: 'Import cancelled' }).text).toBe(
      'Чтение файла отменено.',
    );
    expect(importErrorText(ru, 'ru', { code: 'too_many_columns', message: 'Too wide' })).toBe(
      'В файле слишком много столбцов. (Too wide)',
    );
    // The same English sentence under another code is not taken for what it says.
    expect(text('bad_request', 'The file is empty')).toBe('The file is empty');
  });

  it('a file the core no longer has; a network failure; anything else as the core wrote it', () => {
    expect(text('not_found', 'The file is no longer available; choose it again')).toBe(
      'Файл больше недоступен — выберите его снова.',
    );
    expect(text('internal', 'Network error: TypeError: Failed to fetch')).toBe(
      'Не удалось передать файл: TypeError: Failed to fetch',
    );
    expect(text('bad_request', 'Something new went wrong')).toBe('Something new went wrong');
    expect(text('not_found', 'No group 7')).toMatch(/не найдена/);
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
