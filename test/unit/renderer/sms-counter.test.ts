import { describe, expect, it } from 'vitest';
import { countSms } from '../../../shared/domain/sms';
import { charName, smsCounterView } from '../../../renderer/src/features/channels/sms-counter';
import { makeTranslate } from '../../../renderer/src/i18n/translate';

const ru = makeTranslate('ru');
const en = makeTranslate('en');
const nb = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('the SMS counter in words', () => {
  it('a Latin text: GSM-7, one part, what is left of it', () => {
    const v = smsCounterView(ru, 'ru', 'Your order is ready');
    expect(v.summary).toBe('Символов: 19 · SMS: 1 · до следующей части: 141');
    expect(v.encoding).toBe('Кодировка GSM-7: 160 символов в SMS, 153 — в части длинной');
    expect(v.cause).toBeNull();
  });

  it('Cyrillic: UCS-2, parts of 67, and the characters that made it so', () => {
    const text = 'Здравствуйте! Ваш заказ № 1042 собран и ждёт вас в магазине на Ленина, 5 до 20:00. Вестник';
    const c = countSms(text);
    const v = smsCounterView(ru, 'ru', text);
    expect(v.count).toEqual(c);
    expect(v.summary).toBe(`Символов: ${c.characters} · SMS: 2 · до следующей части: ${c.remaining}`);
    expect(v.encoding).toBe('Кодировка UCS-2: 70 символов в SMS, 67 — в части длинной');
    expect(v.cause).toBe(
      `UCS-2 из-за символов: «З», «д», «р», «а», «в», «с», «т», «у», «й», «е» и ещё ${c.nonGsm.length - 10}`,
    );
  });

  it('names the invisible culprits: a no-break space from Word, a tab, a zero-width space', () => {
    expect(smsCounterView(ru, 'ru', 'Price:\u00a0100').cause).toBe('UCS-2 из-за символов: неразрывный пробел');
    expect(charName(ru, '\t')).toBe('табуляция');
    expect(charName(ru, '\u200b')).toBe('U+200B');
    expect(charName(en, '\u00a0')).toBe('no-break space');
    expect(charName(ru, '😀')).toBe('«😀»');
  });

  it('an empty text says so and counts no parts', () => {
    const v = smsCounterView(ru, 'ru', '');
    expect(v.summary).toBe('Символов: 0');
    expect(v.count.parts).toBe(0);
  });

  it('numbers in the locale’s way, in English too', () => {
    const long = 'a'.repeat(1000);
    expect(nb(smsCounterView(ru, 'ru', long).summary)).toBe('Символов: 1 000 · SMS: 7 · до следующей части: 71');
    expect(smsCounterView(en, 'en', long).summary).toBe('Characters: 1,000 · SMS: 7 · left before the next part: 71');
  });
});
