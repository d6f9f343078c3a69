import { describe, expect, it } from 'vitest';
import { en } from '../../../renderer/src/i18n/en';
import { ru } from '../../../renderer/src/i18n/ru';
import { errorText, formatCount, makeTranslate, pluralForm, translate } from '../../../renderer/src/i18n/translate';

const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();

describe('i18n dictionaries', () => {
  it('every Russian key exists in English', () => {
    const missing = Object.keys(ru).filter((k) => !Object.prototype.hasOwnProperty.call(en, k));
    expect(missing).toEqual([]);
  });

  it('every English key exists in Russian', () => {
    const extra = Object.keys(en).filter((k) => !Object.prototype.hasOwnProperty.call(ru, k));
    expect(extra).toEqual([]);
  });

  it('no message is empty and both languages use the same placeholders', () => {
    for (const [key, text] of Object.entries(ru)) {
      const other = (en as Record<string, string>)[key] ?? '';
      expect(text.trim(), key).not.toBe('');
      expect(other.trim(), key).not.toBe('');
      expect(placeholders(other), key).toEqual(placeholders(text));
    }
  });

  it('has the opt-out switch labels the product promises', () => {
    expect(ru['optout.sms']).toBe('Не использовать SMS');
    expect(ru['optout.email']).toBe('Не использовать e-mail');
    expect(ru['optout.telegram']).toBe('Не использовать Telegram');
    expect(ru['optout.whatsapp']).toBe('Не использовать WhatsApp');
    expect(en['optout.sms']).toBe('Do not use SMS');
  });
});

describe('translate', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('ru', 'validation.phone', { value: '123' })).toBe('Неверный номер телефона: 123');
    expect(translate('en', 'validation.phone')).toBe('Invalid phone number: {value}');
  });

  it('formats counts with the locale grouping and marks lower bounds', () => {
    expect(formatCount('ru', 1_000_000, true).replace(/\s/g, ' ')).toBe('1 000 000');
    expect(formatCount('ru', 10_000, false).replace(/\s/g, ' ')).toBe('10 000+');
    expect(formatCount('en', 1_000_000, true)).toBe('1,000,000');
  });

  it('picks the plural form a count takes: "21 контакт", "2 500 контактов", "3 contacts"', () => {
    expect([1, 21, 2, 24, 5, 11, 2_500, 100_000].map((n) => pluralForm('ru', n))).toEqual([
      'one',
      'one',
      'few',
      'few',
      'many',
      'many',
      'many',
      'many',
    ]);
    expect([1, 3].map((n) => pluralForm('en', n))).toEqual(['one', 'many']);
    const t = makeTranslate('ru');
    expect(t(`selection.selectAll.${pluralForm('ru', 22)}`, { count: 22 })).toBe('Выбрать все 22 контакта');
  });
});

describe('errorText', () => {
  const t = makeTranslate('ru');

  it('maps known codes to clear messages', () => {
    expect(errorText(t, { code: 'invalid_phone', message: 'bad phone' })).toBe('Неверный номер телефона');
    expect(errorText(t, { code: 'invalid_email', message: 'x' })).toBe('Неверный e-mail');
    expect(errorText(t, { code: 'no_address', message: 'x' })).toMatch(/телефон, e-mail или Telegram/);
    expect(errorText(t, { code: 'not_found', message: 'x' })).toMatch(/не найдена/);
  });

  it('uses a field-specific message when the core names the field', () => {
    expect(errorText(t, { code: 'duplicate', message: 'x', field: 'phone' })).toBe(
      'Контакт с таким телефоном уже есть',
    );
    expect(errorText(t, { code: 'duplicate', message: 'x', field: 'patch.email' })).toBe(
      'Контакт с таким e-mail уже есть',
    );
    expect(errorText(t, { code: 'duplicate', message: 'x', field: 'other' })).toBe('Такая запись уже есть');
  });

  it("falls back to the core's message for codes without wording", () => {
    expect(errorText(t, { code: 'bad_request', message: 'phone: Too big' })).toBe('phone: Too big');
    expect(errorText(t, { code: 'internal', message: 'Network error: TypeError' })).toBe('Network error: TypeError');
    expect(errorText(t, { code: 'internal', message: 'Internal error' })).toBe(ru['error.internal']);
  });
});
