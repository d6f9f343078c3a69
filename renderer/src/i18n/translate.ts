import type { Locale } from '../../../shared/ipc/contract';
import type { ResultError } from '../../../shared/ipc/result';
import { en } from './en';
import { ru, type MessageKey } from './ru';

export type { MessageKey } from './ru';
export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

export const dictionaries: Record<Locale, Record<MessageKey, string>> = { ru, en };

/** BCP 47 tags for Intl: Russian users expect "1 000 000" and "22.11.2025, 14:05". */
export const intlLocale = (locale: Locale): string => (locale === 'ru' ? 'ru-RU' : 'en-US');

export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  const template = dictionaries[locale][key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

export function makeTranslate(locale: Locale): Translate {
  return (key, params) => translate(locale, key, params);
}

export function formatNumber(locale: Locale, n: number): string {
  return new Intl.NumberFormat(intlLocale(locale)).format(n);
}

/** Which plural form a count takes: Russian has three ("1 контакт", "2 контакта", "5 контактов"), English two. */
export type PluralForm = 'one' | 'few' | 'many';

export function pluralForm(locale: Locale, n: number): PluralForm {
  const rule = new Intl.PluralRules(intlLocale(locale)).select(n);
  return rule === 'one' ? 'one' : rule === 'few' ? 'few' : 'many';
}

/** A count that may be a lower bound (the core caps expensive counts): "10 000+". */
export function formatCount(locale: Locale, n: number, exact: boolean): string {
  return exact ? formatNumber(locale, n) : `${formatNumber(locale, n)}+`;
}

export function formatDateTime(locale: Locale, iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

const isKey = (key: string): key is MessageKey => Object.prototype.hasOwnProperty.call(ru, key);

/**
 * A clear, localised sentence for an error from the core. Known codes get our own wording (per field when the
 * core says which field); anything else falls back to the core's message, which is better than a generic text.
 */
export function errorText(t: Translate, error: ResultError): string {
  const field = error.field ? fieldName(error.field) : undefined;
  if (field) {
    const specific = `error.${error.code}.${field}`;
    if (isKey(specific)) return t(specific);
  }
  const general = `error.${error.code}`;
  if (error.code === 'internal' && error.message && error.message !== 'Internal error') return error.message;
  if (isKey(general)) return t(general);
  return error.message || t('error.internal');
}

/** "patch.phone" (the update channel nests the form) → "phone". */
export function fieldName(field: string): string {
  const parts = field.split('.');
  return parts[0] === 'patch' ? (parts[1] ?? field) : (parts[0] ?? field);
}
