import type { ColumnTarget, ImportField } from '../../../shared/domain/import';
import { normalizeEmail } from '../../../shared/domain/email';
import { normalizePhone } from '../../../shared/domain/phone';
import { isSafeKey } from '../../../shared/domain/safe-keys';
import type { CellValue } from './cells';

/** Header text reduced to letters and digits: "Моб. телефон" → "моб телефон", "E-mail" → "e mail". */
export function headerKey(text: string): string {
  return text
    .toLowerCase()
    .replaceAll('ё', 'е')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Exact header keys, then words a header may contain, per field (Russian and English, as 1C, CRMs and shops write them). */
const EXACT: [ImportField, string[]][] = [
  [
    'fullName',
    [
      'фио',
      'ф и о',
      'клиент',
      'покупатель',
      'абонент',
      'получатель',
      'контакт',
      'name',
      'full name',
      'customer',
      'client',
    ],
  ],
  ['lastName', ['фамилия', 'last name', 'lastname', 'surname', 'family name']],
  ['firstName', ['имя', 'first name', 'firstname', 'given name']],
  ['middleName', ['отчество', 'middle name', 'middlename', 'patronymic']],
  ['phone', ['тел', 'номер', 'phone', 'mobile', 'tel', 'msisdn', 'cell']],
  ['email', ['почта', 'email', 'e mail', 'mail', 'емейл', 'имейл']],
  ['telegramChatId', ['telegram', 'телеграм', 'telegram id', 'chat id', 'tg']],
  ['birthday', ['др', 'дата рождения', 'день рождения', 'birthday', 'date of birth', 'dob', 'birth date']],
  ['balance', ['баланс', 'бонусы', 'баллы', 'balance', 'bonus', 'points']],
];
const CONTAINS: [ImportField, string[]][] = [
  ['phone', ['телефон', 'phone', 'мобильн', 'сотов']],
  ['email', ['почта', 'email', 'e mail']],
  ['birthday', ['рождени', 'birth']],
  ['balance', ['баланс', 'бонус', 'balance']],
  ['telegramChatId', ['telegram', 'телеграм']],
  ['fullName', ['фио']],
];

/** The field a header names, or null. */
export function fieldForHeader(text: string): ImportField | null {
  const key = headerKey(text);
  if (key === '') return null;
  for (const [field, keys] of EXACT) if (keys.includes(key)) return field;
  for (const [field, parts] of CONTAINS) if (parts.some((p) => key.includes(p))) return field;
  return null;
}

const cellText = (v: CellValue | undefined): string =>
  (v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : String(v)).trim();

/**
 * Finds the header row among the first rows: exports often start with a title ("Список клиентов на
 * 01.06.2024") and blank rows. The header is the first row where at least two cells name known fields, or
 * one does and the row below holds a phone or an e-mail. Returns the index into `rows`, or -1 (no header).
 */
export function findHeaderRow(rows: readonly (readonly CellValue[])[]): number {
  for (let i = 0; i < Math.min(rows.length, 30); i++) {
    const cells = rows[i]!;
    const known = cells.filter((c) => typeof c === 'string' && fieldForHeader(c) !== null).length;
    if (known >= 2) return i;
    if (known === 1 && rows[i + 1]?.some((c) => isPhoneOrEmail(c))) return i;
  }
  return -1;
}

function isPhoneOrEmail(c: CellValue): boolean {
  const t = cellText(c);
  return t !== '' && (normalizePhone(t) !== null || normalizeEmail(t) !== null);
}

/**
 * Proposes a target for every column: from its header when there is one, else from what the first data rows
 * hold (mostly phones → phone, mostly e-mails → e-mail). Unknown headed columns become custom attributes named
 * by the header — except `__proto__`, `constructor` and `prototype`, which are not loaded — and each field is
 * proposed once (a second "Телефон" column becomes an attribute).
 */
export function proposeMapping(
  header: readonly CellValue[] | null,
  sample: readonly (readonly CellValue[])[],
): ColumnTarget[] {
  const width = Math.max(header?.length ?? 0, ...sample.map((r) => r.length));
  const used = new Set<ImportField>();
  const out: ColumnTarget[] = [];
  for (let col = 0; col < width; col++) {
    const title = header ? cellText(header[col]) : '';
    let field: ImportField | null = title ? fieldForHeader(title) : null;
    if (!field) field = guessFromValues(sample.map((r) => r[col] ?? null));
    if (field && !used.has(field)) {
      used.add(field);
      out.push({ field } as ColumnTarget);
    } else if (title && isSafeKey(title.slice(0, 64))) {
      out.push({ field: 'attribute', name: title.slice(0, 64) });
    } else {
      out.push({ field: 'skip' });
    }
  }
  return out;
}

function guessFromValues(values: readonly CellValue[]): ImportField | null {
  const texts = values.map(cellText).filter((t) => t !== '');
  if (texts.length === 0) return null;
  const share = (pred: (t: string) => boolean) => texts.filter(pred).length / texts.length;
  if (share((t) => normalizePhone(t) !== null) >= 0.6) return 'phone';
  if (share((t) => normalizeEmail(t) !== null) >= 0.6) return 'email';
  return null;
}
