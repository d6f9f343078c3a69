import { CHANNELS } from '../../../shared/domain/channels';
import type { Contact, ContactInput } from '../../../shared/domain/contact';
import { normalizeEmail } from '../../../shared/domain/email';
import { normalizePhone } from '../../../shared/domain/phone';
import { VestnikError } from '../../../shared/ipc/result';
import type { Db } from '../db/open';
import { OPTED_OUT_SQL } from './addresses';

/** A row of the contacts table as SQLite returns it. */
export interface ContactRecord {
  id: number;
  phone: string | null;
  email: string | null;
  last_name: string;
  first_name: string;
  middle_name: string;
  telegram_chat_id: string | null;
  attributes: string;
  source: string;
  created_at: string;
  updated_at: string;
}

interface ContactRow extends ContactRecord {
  oo_sms: number;
  oo_email: number;
  oo_telegram: number;
  oo_whatsapp: number;
}

/** The column list every contact query selects, opt-out state included. */
export const CONTACT_COLUMNS = `c.id, c.phone, c.email, c.last_name, c.first_name, c.middle_name, c.telegram_chat_id,
  c.attributes, c.source, c.created_at, c.updated_at,
  ${CHANNELS.map((ch) => `${OPTED_OUT_SQL[ch]} AS oo_${ch}`).join(',\n  ')}`;

/** Maps rows to contacts and attaches their groups with one query for the whole page. */
export function rowsToContacts(db: Db, rows: readonly ContactRow[]): Contact[] {
  const groups = new Map<number, { id: number; name: string }[]>();
  if (rows.length > 0) {
    const found = db
      .prepare(
        `SELECT cg.contact_id AS cid, g.id, g.name FROM contact_groups cg JOIN groups g ON g.id = cg.group_id
         WHERE cg.contact_id IN (SELECT value FROM json_each(?)) ORDER BY g.name_key`,
      )
      .all(JSON.stringify(rows.map((r) => r.id))) as { cid: number; id: number; name: string }[];
    for (const g of found) {
      const list = groups.get(g.cid) ?? [];
      list.push({ id: g.id, name: g.name });
      groups.set(g.cid, list);
    }
  }
  return rows.map((r) => ({
    id: r.id,
    phone: r.phone,
    email: r.email,
    lastName: r.last_name,
    firstName: r.first_name,
    middleName: r.middle_name,
    telegramChatId: r.telegram_chat_id,
    attributes: JSON.parse(r.attributes) as Record<string, string>,
    source: r.source,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    groups: groups.get(r.id) ?? [],
    optOut: {
      sms: r.oo_sms === 1,
      email: r.oo_email === 1,
      telegram: r.oo_telegram === 1,
      whatsapp: r.oo_whatsapp === 1,
    },
  }));
}

export function selectContacts(db: Db, sql: string, params: unknown[]): Contact[] {
  return rowsToContacts(db, db.prepare(sql).all(...params) as ContactRow[]);
}

export function getContactById(db: Db, id: number): Contact | null {
  return selectContacts(db, `SELECT ${CONTACT_COLUMNS} FROM contacts c WHERE c.id = ?`, [id])[0] ?? null;
}

export function requireContact(db: Db, id: number): Contact {
  const c = getContactById(db, id);
  if (!c) throw new VestnikError('not_found', `Contact ${id} not found`);
  return c;
}

/** A contact's own fields, already normalised (E.164 phone, lower-cased e-mail, trimmed names). */
export interface NormalisedFields {
  phone: string | null;
  email: string | null;
  lastName: string;
  firstName: string;
  middleName: string;
  telegramChatId?: string | null;
  attributes?: Record<string, string>;
}

/** The one INSERT of a contact (form, CLI, import), with its parameters. */
export const INSERT_CONTACT_SQL = `INSERT INTO contacts (phone, email, last_name, first_name, middle_name, telegram_chat_id, attributes, source, created_at, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
/** phone, email, last/first/middle name, telegram_chat_id, attributes: the order both statements use. */
const fieldParams = (f: NormalisedFields): unknown[] => [
  f.phone,
  f.email,
  f.lastName,
  f.firstName,
  f.middleName,
  f.telegramChatId ?? null,
  JSON.stringify(f.attributes ?? {}),
];
export const insertParams = (f: NormalisedFields, source: string, now: string): unknown[] => [
  ...fieldParams(f),
  source,
  now,
  now,
];

/** The one UPDATE of a contact's fields (form, CLI, import). */
export function writeContact(db: Db, id: number, f: NormalisedFields, now: string): void {
  db.prepare(
    `UPDATE contacts SET phone = ?, email = ?, last_name = ?, first_name = ?, middle_name = ?, telegram_chat_id = ?,
       attributes = ?, updated_at = ? WHERE id = ?`,
  ).run(...fieldParams(f), now, id);
}

/** Validates and normalises what a person typed; throws a field-specific error a UI can show. */
export function normaliseContact(input: ContactInput, base?: Contact): NormalisedFields {
  const phoneIn = input.phone === undefined ? (base?.phone ?? null) : input.phone;
  const emailIn = input.email === undefined ? (base?.email ?? null) : input.email;
  let phone: string | null = null;
  if (phoneIn !== null && phoneIn.trim() !== '') {
    phone = normalizePhone(phoneIn);
    if (!phone) throw new VestnikError('invalid_phone', `Invalid phone number: ${phoneIn}`, 'phone');
  }
  let email: string | null = null;
  if (emailIn !== null && emailIn.trim() !== '') {
    email = normalizeEmail(emailIn);
    if (!email) throw new VestnikError('invalid_email', `Invalid e-mail: ${emailIn}`, 'email');
  }
  const telegramChatId = input.telegramChatId === undefined ? (base?.telegramChatId ?? null) : input.telegramChatId;
  if (!phone && !email && !telegramChatId) {
    throw new VestnikError('no_address', 'A contact needs a phone, an e-mail or a Telegram chat id', 'phone');
  }
  const attributes: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, v] of Object.entries(input.attributes ?? base?.attributes ?? {})) {
    const key = k.trim();
    if (key !== '') attributes[key] = v;
  }
  return {
    phone,
    email,
    telegramChatId: telegramChatId ?? null,
    lastName: (input.lastName ?? base?.lastName ?? '').trim(),
    firstName: (input.firstName ?? base?.firstName ?? '').trim(),
    middleName: (input.middleName ?? base?.middleName ?? '').trim(),
    attributes,
  };
}

/** Turns a UNIQUE violation into a message that names the contact already holding the address. */
function rethrowDuplicate(db: Db, err: unknown, f: NormalisedFields): never {
  if (err instanceof Error && 'code' in err && err.code === 'SQLITE_CONSTRAINT_UNIQUE') {
    const field = err.message.includes('contacts.email') ? 'email' : 'phone';
    const value = field === 'email' ? f.email : f.phone;
    const other = db.prepare(`SELECT id FROM contacts WHERE ${field} = ?`).get(value) as { id: number } | undefined;
    throw new VestnikError('duplicate', `A contact with this ${field} already exists (#${other?.id ?? '?'})`, field);
  }
  throw err;
}

export function createContact(db: Db, input: ContactInput, now: string, source = 'manual'): number {
  const f = normaliseContact(input);
  try {
    return Number(db.prepare(INSERT_CONTACT_SQL).run(...insertParams(f, source, now)).lastInsertRowid);
  } catch (err) {
    rethrowDuplicate(db, err, f);
  }
}

export function updateContact(db: Db, id: number, patch: ContactInput, now: string): void {
  const f = normaliseContact(patch, requireContact(db, id));
  try {
    writeContact(db, id, f, now);
  } catch (err) {
    rethrowDuplicate(db, err, f);
  }
}

export function removeContacts(db: Db, ids: readonly number[]): number {
  return db.prepare('DELETE FROM contacts WHERE id IN (SELECT value FROM json_each(?))').run(JSON.stringify(ids))
    .changes;
}
