import { describe, expect, it } from 'vitest';
import {
  costText,
  moneyWarnings,
  partsHistogram,
  priceSourceText,
  renderedSummary,
  switchedExampleText,
  totalParts,
  hasSms,
  totalSendable,
  warningView,
  type CostPreview,
} from '../../../renderer/src/features/campaigns/preview-format';
import { makeTranslate } from '../../../renderer/src/i18n/translate';

const ru = makeTranslate('ru');
const en = makeTranslate('en');
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('the cost preview in words', () => {
  it('translates the core’s warnings, money as money', () => {
    expect(plain(warningView(ru, 'ru', 'Песочница: the balance (1000 RUB) will not cover 10503.5').text)).toBe(
      'Песочница: баланса 1 000,00 ₽ не хватит на 10 503,50 ₽',
    );
    expect(warningView(ru, 'ru', 'Песочница: the balance (1000 RUB) will not cover 10503.5').tone).toBe('danger');
    expect(plain(warningView(en, 'en', 'The cost 10503.5 is over the budget 5000').text)).toBe(
      'The cost RUB 10,503.50 is over the budget RUB 5,000.00',
    );
    expect(
      warningView(ru, 'ru', "SMS.ru: the provider's cost API did not answer; enter a tariff in the account"),
    ).toEqual({
      text: 'SMS.ru: провайдер не назвал цену — укажите тариф в учётной записи',
      tone: 'warning',
    });
    expect(warningView(ru, 'ru', 'Devino: the balance could not be read').text).toBe(
      'Devino: баланс узнать не удалось',
    );
    expect(
      plain(warningView(ru, 'ru', '1200 messages become UCS-2 (more parts) because of personalised values').text),
    ).toBe('Сообщений, ставших длиннее из-за подставленных значений: 1 200');
    expect(warningView(ru, 'ru', 'Something new')).toEqual({ text: 'Something new', tone: 'warning' });
  });

  it('sorts the parts histogram and scales it to the largest bucket', () => {
    expect(partsHistogram({ '2': 10, '1': 40, '10': 1, '3': 0 })).toEqual([
      { parts: 1, messages: 40, fraction: 1 },
      { parts: 2, messages: 10, fraction: 0.25 },
      { parts: 10, messages: 1, fraction: 0.025 },
    ]);
    expect(partsHistogram({})).toEqual([]);
  });

  it('says which value made a message UCS-2', () => {
    expect(
      switchedExampleText(ru, {
        contactId: 5,
        variable: 'first_name',
        value: 'Zoë\u00a0',
        characters: ['ë', '\u00a0'],
      }),
    ).toBe('{first_name} = «Zoë\u00a0» — символы «ë», неразрывный пробел');
  });

  it('names the price source, totals and the exact message', () => {
    expect(priceSourceText(ru, 'provider')).toBe('по ответу провайдера');
    expect(priceSourceText(en, 'tariff')).toBe('by the account’s tariff');
    expect(costText(ru, 'ru', null)).toBe('неизвестна');
    expect(plain(costText(ru, 'ru', 3.5))).toBe('3,50 ₽');
    const channel = {
      channel: 'sms' as const,
      accountId: 1,
      sendable: 10,
      suppressed: 1,
      skipped: 2,
      duplicates: 0,
      parts: 12,
      pricePerPart: 1,
      priceSource: 'tariff' as const,
      cost: 12,
      balance: null,
      balanceAfter: null,
      byParts: {},
      ucs2Messages: 0,
      switchedToUcs2: 0,
      switchedExamples: [],
      emptyFallbacksUsed: {},
      longest: null,
    };
    const p: CostPreview = {
      recipients: 13,
      channels: [channel, { ...channel, channel: 'email', sendable: 5, parts: 5 }],
      cost: 17,
      warnings: ['The cost 17 is over the budget 10', 'Devino: the balance could not be read'],
    };
    expect(totalSendable(p)).toBe(15);
    // SMS parts only: the e-mail channel's five letters are messages, not parts.
    expect(totalParts(p)).toBe(12);
    expect(hasSms(p)).toBe(true);
    expect(hasSms({ ...p, channels: [p.channels[1]!] })).toBe(false);
    expect(moneyWarnings(ru, 'ru', p).map(plain)).toEqual(['Стоимость 17,00 ₽ больше бюджета 10,00 ₽']);
    expect(renderedSummary(ru, 'ru', { text: 'Привет', subject: null, parts: 1, encoding: 'ucs2' })).toBe(
      'Символов: 6 · SMS: 1 · кириллица (UCS-2)',
    );
  });
});
