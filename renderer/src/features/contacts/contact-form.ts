import type { Contact, ContactInput } from '../../../../shared/domain/contact';
import { LIMITS } from '../../../../shared/domain/contact';
import { normalizeEmail } from '../../../../shared/domain/email';
import { normalizePhone } from '../../../../shared/domain/phone';
import { isSafeKey } from '../../../../shared/domain/safe-keys';
import type { MessageKey, Params } from '../../i18n/translate';

/**
 * The add/edit contact form as plain data plus its validation, kept free of React so it is unit-tested.
 * Validation uses the same normalisers as the core, so what the form accepts is what the core stores.
 */
export interface AttributeRow {
  /** Stable identity for React keys while rows are added and removed. */
  rowId: number;
  key: string;
  value: string;
}

export interface ContactFormValues {
  lastName: string;
  firstName: string;
  middleName: string;
  phone: string;
  email: string;
  telegramChatId: string;
  groupIds: number[];
  attributes: AttributeRow[];
}

export type TextField = 'lastName' | 'firstName' | 'middleName' | 'phone' | 'email' | 'telegramChatId';
export type FieldError = { key: MessageKey; params?: Params };

export interface FormErrors {
  fields: Partial<Record<TextField | 'address', FieldError>>;
  /** Errors on custom attribute rows, by rowId. */
  attributes: Partial<Record<number, FieldError>>;
}

export interface Validation {
  errors: FormErrors;
  valid: boolean;
  /** The phone as it will be stored, for the "will be saved as" hint. */
  phoneE164: string | null;
  /** What to send to the core; null when the form is invalid. */
  input: ContactInput | null;
}

let rowSeq = 0;
export const newAttributeRow = (key = '', value = ''): AttributeRow => ({ rowId: ++rowSeq, key, value });

export function emptyForm(groupIds: number[] = []): ContactFormValues {
  return {
    lastName: '',
    firstName: '',
    middleName: '',
    phone: '',
    email: '',
    telegramChatId: '',
    groupIds,
    attributes: [],
  };
}

export function formFromContact(c: Contact): ContactFormValues {
  return {
    lastName: c.lastName,
    firstName: c.firstName,
    middleName: c.middleName,
    phone: c.phone ?? '',
    email: c.email ?? '',
    telegramChatId: c.telegramChatId ?? '',
    groupIds: c.groups.map((g) => g.id),
    attributes: Object.entries(c.attributes).map(([k, v]) => newAttributeRow(k, v)),
  };
}

const TELEGRAM_ID = /^-?\d{1,20}$/;

export function validateContactForm(v: ContactFormValues): Validation {
  const fields: FormErrors['fields'] = {};
  const attributes: FormErrors['attributes'] = {};

  for (const name of ['lastName', 'firstName', 'middleName'] as const) {
    if (v[name].trim().length > LIMITS.name) fields[name] = { key: 'validation.tooLong' };
  }

  const phoneRaw = v.phone.trim();
  const phoneE164 = phoneRaw === '' ? null : normalizePhone(phoneRaw);
  if (phoneRaw !== '' && phoneE164 === null) fields.phone = { key: 'validation.phone', params: { value: phoneRaw } };

  const emailRaw = v.email.trim();
  const email = emailRaw === '' ? null : normalizeEmail(emailRaw);
  if (emailRaw !== '' && email === null) fields.email = { key: 'validation.email' };

  const tgRaw = v.telegramChatId.trim();
  if (tgRaw !== '' && !TELEGRAM_ID.test(tgRaw)) fields.telegramChatId = { key: 'validation.telegram' };

  if (phoneRaw === '' && emailRaw === '' && tgRaw === '') fields.address = { key: 'form.addressRequired' };

  const record: Record<string, string> = {};
  const seen = new Set<string>();
  for (const row of v.attributes) {
    const key = row.key.trim();
    if (key === '' && row.value.trim() === '') continue; // An untouched empty row is not an error.
    if (key === '') attributes[row.rowId] = { key: 'validation.attributeKeyRequired' };
    else if (!isSafeKey(key)) attributes[row.rowId] = { key: 'validation.attributeKeyForbidden' };
    else if (seen.has(key)) attributes[row.rowId] = { key: 'validation.attributeKeyDuplicate' };
    else if (key.length > LIMITS.attributeKey || row.value.length > LIMITS.attributeValue) {
      attributes[row.rowId] = { key: 'validation.tooLong' };
    } else {
      seen.add(key);
      record[key] = row.value;
    }
  }

  const valid = Object.keys(fields).length === 0 && Object.keys(attributes).length === 0;
  // Every field is sent, empty ones as null or "", so an edit can also clear a value.
  const input: ContactInput | null = valid
    ? {
        lastName: v.lastName.trim(),
        firstName: v.firstName.trim(),
        middleName: v.middleName.trim(),
        phone: phoneE164,
        email,
        telegramChatId: tgRaw === '' ? null : tgRaw,
        attributes: record,
        groupIds: [...new Set(v.groupIds)],
      }
    : null;
  return { errors: { fields, attributes }, valid, phoneE164, input };
}

/** "Иванов Иван Иванович": last, first, middle, skipping empty parts. */
export function fullName(c: Pick<Contact, 'lastName' | 'firstName' | 'middleName'>): string {
  return [c.lastName, c.firstName, c.middleName].filter((p) => p.trim() !== '').join(' ');
}
