import type { CountryCode } from 'libphonenumber-js/min';
import { normalizeEmail } from '../../../shared/domain/email';
import { FIELD_ATTRIBUTE, type ColumnTarget } from '../../../shared/domain/import';
import { normalizePhone } from '../../../shared/domain/phone';
import { isSafeKey } from '../../../shared/domain/safe-keys';
import type { BulkContact } from '../repos/contacts-bulk';
import type { CellValue } from './cells';

export type RowOutcome =
  { kind: 'contact'; contact: BulkContact } | { kind: 'rejected'; reason: string } | { kind: 'blank' };

/** Whitespace `text` would change: anything but a plain space (CR and LF kept), or two spaces in a row. */
const ODD_SPACE = /[^\S \r\n]| {2}/;
/** Whitespace `oneLine` would change. */
const ODD_SPACE_LINE = /[^\S ]| {2}/;

const text = (v: CellValue | undefined): string => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') {
    // The checks before each replace are the fast path a million-row import takes: most cells need neither.
    let s = v;
    // A leading apostrophe before = + - @ is how exports (ours included) keep a cell from running as a formula.
    if (s.charCodeAt(0) === 39) s = s.replace(/^'(?=[=+\-@])/, '');
    if (ODD_SPACE.test(s)) s = s.replace(/[^\S\r\n]+/g, ' ');
    return s.trim();
  }
  if (v instanceof Date) return isoDate(v) ?? '';
  if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(0) : String(v);
  return text(String(v));
};

/** Names are one line: line breaks inside a name cell become spaces (attributes keep theirs). */
const oneLine = (s: string): string => (ODD_SPACE_LINE.test(s) ? s.replace(/\s+/g, ' ').trim() : s);

function isoDate(d: Date): string | null {
  return Number.isNaN(d.getTime()) ? null : d.toISOString().slice(0, 10);
}

/** "21.06.1985", "1985-06-21", "21/06/1985" or an Excel date cell → "1985-06-21". */
export function parseDate(v: CellValue): string | null {
  if (v instanceof Date) return isoDate(v);
  const t = text(v);
  let m = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(t);
  let y: number, mo: number, d: number;
  if (m) [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else if ((m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$/.exec(t)))
    [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else return null;
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d ? isoDate(date) : null;
}

const PLAIN_INTEGER = /^-?\d{1,15}$/;
/** Where one phone cell holds several numbers. */
const PHONE_SEPARATORS = /[,;/]|\s{2,}/;

/** "1 500,50", "1500.5", 1500.5 → "1500.5"; null when it is not a number. */
export function parseAmount(v: CellValue): string | null {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : null;
  if (typeof v === 'string' && PLAIN_INTEGER.test(v)) return String(Number(v));
  const t = text(v)
    .replace(/[\s\u00a0]/g, '')
    .replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(t) ? String(Number(t)) : null;
}

/** "Иванов Иван Иванович" → last, first, middle; one word is taken as the first name. */
export function splitFullName(full: string): { lastName: string; firstName: string; middleName: string } {
  // The usual cell, as `oneLine` leaves it (one space between words, none around them), is cut where its
  // first two spaces are: the same parts as the general way below, without its arrays (a million names: 0.2 s).
  const a = full.indexOf(' ');
  if (a < 0) return { lastName: '', firstName: full, middleName: '' };
  if (a > 0 && full.charCodeAt(full.length - 1) !== 32) {
    const b = full.indexOf(' ', a + 1);
    if (b < 0) return { lastName: full.slice(0, a), firstName: full.slice(a + 1), middleName: '' };
    if (b > a + 1 && !full.includes('  ', b))
      return { lastName: full.slice(0, a), firstName: full.slice(a + 1, b), middleName: full.slice(b + 1) };
  }
  return splitWords(full);
}

/** splitFullName for any spacing: empty words between spaces are dropped. */
export function splitWords(full: string): { lastName: string; firstName: string; middleName: string } {
  const parts = full.split(' ').filter(Boolean);
  if (parts.length === 1) return { lastName: '', firstName: parts[0]!, middleName: '' };
  return { lastName: parts[0] ?? '', firstName: parts[1] ?? '', middleName: parts.slice(2).join(' ') };
}

/**
 * One spreadsheet row → a normalised contact, or the reason it cannot be one. A phone cell holding several
 * numbers ("8 920 746-00-22, 8 916 123-45-67") gives the first valid one.
 */
export function rowToContact(
  cells: readonly CellValue[],
  mapping: readonly ColumnTarget[],
  region: CountryCode,
): RowOutcome {
  const c: BulkContact = {
    phone: null,
    email: null,
    lastName: '',
    firstName: '',
    middleName: '',
    telegramChatId: null,
    attributes: {},
  };
  // A plain object is safe here: every key is either a fixed field name or passed isSafeKey.
  const attributes: Record<string, string> = {};
  let blank = true;
  for (let col = 0; col < mapping.length; col++) {
    const target = mapping[col]!;
    const raw = cells[col] ?? null;
    const value = text(raw);
    if (value === '') continue;
    blank = false;
    if (target.field === 'skip') continue;
    switch (target.field) {
      case 'phone': {
        const phone = PHONE_SEPARATORS.test(value)
          ? value
              .split(PHONE_SEPARATORS)
              .map((p) => normalizePhone(p, region))
              .find((p) => p !== null)
          : normalizePhone(value, region);
        if (!phone) return { kind: 'rejected', reason: `invalid phone number: ${value.slice(0, 40)}` };
        c.phone = phone;
        break;
      }
      case 'email': {
        const email = normalizeEmail(value);
        if (!email) return { kind: 'rejected', reason: `invalid e-mail: ${value.slice(0, 60)}` };
        c.email = email;
        break;
      }
      case 'fullName': {
        const name = splitFullName(oneLine(value));
        c.lastName = name.lastName;
        c.firstName = name.firstName;
        c.middleName = name.middleName;
        break;
      }
      case 'lastName':
      case 'firstName':
      case 'middleName':
        c[target.field] = oneLine(value).slice(0, 200);
        break;
      case 'telegramChatId':
        if (!/^-?\d{1,20}$/.test(value))
          return { kind: 'rejected', reason: `invalid Telegram chat id: ${value.slice(0, 30)}` };
        c.telegramChatId = value;
        break;
      case 'birthday': {
        const date = parseDate(raw);
        if (!date) return { kind: 'rejected', reason: `invalid date: ${value.slice(0, 30)}` };
        attributes[FIELD_ATTRIBUTE.birthday!] = date;
        break;
      }
      case 'balance': {
        const amount = parseAmount(raw);
        if (amount === null) return { kind: 'rejected', reason: `invalid number: ${value.slice(0, 30)}` };
        attributes[FIELD_ATTRIBUTE.balance!] = amount;
        break;
      }
      case 'attribute':
        // The contract refuses such names already; a mapping built elsewhere is checked again here.
        if (isSafeKey(target.name)) attributes[target.name] = value.slice(0, 2000);
        break;
    }
  }
  // Cells beyond the mapped columns count too: such a row is not blank, it has nothing we can import.
  if (blank && cells.slice(mapping.length).every((v) => text(v) === '')) return { kind: 'blank' };
  if (!c.phone && !c.email && !c.telegramChatId)
    return { kind: 'rejected', reason: 'no phone, e-mail or Telegram chat id' };
  c.attributes = attributes;
  return { kind: 'contact', contact: c };
}
