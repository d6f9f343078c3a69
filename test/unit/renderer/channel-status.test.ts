import { describe, expect, it } from 'vitest';
import type { Message } from '../../../shared/domain/messages';
import { MESSAGE_STATUSES, type CheckResult } from '../../../shared/domain/providers';
import {
  checkView,
  coreSentence,
  errorClassText,
  formatMoney,
  isFinal,
  isNoTemplates,
  lastCheckText,
  providerReply,
  statusHint,
  statusText,
  statusTone,
} from '../../../renderer/src/features/channels/status';
import { errorText, makeTranslate } from '../../../renderer/src/i18n/translate';

const ru = makeTranslate('ru');
const en = makeTranslate('en');
const nb = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

const message = (patch: Partial<Message>): Message => ({
  id: '2b3f6f5e-0000-4000-8000-000000000001',
  accountId: 1,
  accountName: 'Песочница',
  channel: 'sms',
  to: '+79161234567',
  contactId: null,
  sender: null,
  subject: null,
  text: 'Привет',
  status: 'sent',
  providerIds: ['sbx-1'],
  providerCode: 'accepted',
  providerText: 'Sandbox: accepted',
  errorClass: null,
  parts: 1,
  cost: { amount: 3.5, currency: 'RUB' },
  createdAt: '2026-11-22T09:00:00.000Z',
  sendAt: null,
  sentAt: '2026-11-22T09:00:00.000Z',
  statusAt: '2026-11-22T09:00:00.000Z',
  ...patch,
});

const check = (patch: Partial<CheckResult>): CheckResult => ({
  ok: true,
  message: 'Sandbox: nothing is really sent',
  errorClass: null,
  balance: null,
  senders: null,
  ...patch,
});

describe('message status words', () => {
  it('has a word for every status, in Russian and English', () => {
    expect(MESSAGE_STATUSES.map((s) => statusText(ru, s))).toEqual([
      'Запланировано',
      'Ожидает отправки',
      'Отправляется',
      'Отправлено',
      'Доставлено',
      'Не доставлено',
      'Статус неизвестен',
    ]);
    expect(MESSAGE_STATUSES.map((s) => statusText(en, s))).toEqual([
      'Scheduled',
      'Queued',
      'Sending',
      'Sent',
      'Delivered',
      'Failed',
      'Status unknown',
    ]);
  });

  it('colours them: delivered green, failed red, unknown grey, the rest on their way', () => {
    expect(statusTone('delivered')).toBe('ok');
    expect(statusTone('failed')).toBe('bad');
    expect(statusTone('unknown')).toBe('unknown');
    for (const s of ['scheduled', 'queued', 'sending', 'sent'] as const) expect(statusTone(s)).toBe('progress');
    expect(isFinal('delivered') && isFinal('failed')).toBe(true);
    expect(isFinal('sent') || isFinal('unknown')).toBe(false);
  });
});

describe('provider failures in words', () => {
  it('says what each error class means for the user', () => {
    expect(errorClassText(ru, 'account')).toMatch(/^Проверьте логин\/пароль\/баланс/);
    expect(errorClassText(ru, 'retryable')).toBe('Провайдер недоступен, попробуйте позже.');
    expect(errorClassText(ru, 'recipient')).toMatch(/^Провайдер не принял получателя/);
    expect(errorClassText(ru, 'unknown_outcome')).toMatch(/могло уйти.*Проверить статус/);
    expect(errorClassText(en, 'retryable')).toBe('The provider is unavailable, try later.');
    expect(errorClassText(ru, null)).toBeNull();
  });

  it('joins the provider code and words, once when they are the same', () => {
    expect(providerReply(message({}))).toBe('accepted — Sandbox: accepted');
    expect(providerReply(message({ providerCode: null }))).toBe('Sandbox: accepted');
    expect(providerReply(message({ providerCode: 'X', providerText: 'X' }))).toBe('X');
    expect(providerReply(message({ providerCode: ' ', providerText: null }))).toBeNull();
  });

  it('explains a status: the failure meaning, when a scheduled message goes, what "sent" means', () => {
    expect(statusHint(ru, 'ru', message({ status: 'failed', errorClass: 'recipient' }))).toMatch(/получателя/);
    expect(statusHint(ru, 'ru', message({ status: 'failed', errorClass: null }))).toBeNull();
    expect(statusHint(ru, 'ru', message({ status: 'unknown', errorClass: 'unknown_outcome' }))).toMatch(/могло уйти/);
    expect(statusHint(ru, 'ru', message({ status: 'sent' }))).toMatch(/Проверить статус/);
    expect(statusHint(ru, 'ru', message({ status: 'delivered' }))).toBeNull();
    const scheduled = statusHint(ru, 'ru', message({ status: 'scheduled', sendAt: '2026-11-23T06:30:00.000Z' }));
    expect(scheduled).toMatch(/^Уйдёт не ранее .*2026/);
  });

  it('maps the vault errors of the core to sentences', () => {
    expect(errorText(ru, { code: 'vault_locked', message: 'Secrets are locked' })).toMatch(/парольную фразу/);
    expect(errorText(ru, { code: 'wrong_passphrase', message: 'x' })).toBe('Неверная парольная фраза');
    expect(errorText(ru, { code: 'bad_request', message: 'Not a Telegram chat id: x', field: 'to' })).toMatch(
      /^Это не Telegram chat id/,
    );
    // Other refusals of a send keep the core's own words.
    expect(errorText(ru, { code: 'bad_request', message: 'This provider has no templates' })).toBe(
      'This provider has no templates',
    );
  });
});

describe('check results', () => {
  it('after Save: "Настройки сохранены и проверены" with the provider’s words', () => {
    expect(checkView(ru, check({}), true)).toEqual({
      ok: true,
      title: 'Настройки сохранены и проверены',
      detail: 'Sandbox: nothing is really sent',
      meaning: null,
    });
    expect(checkView(ru, check({}), false).title).toBe('Проверка пройдена');
  });

  it('a failure keeps the provider’s exact message and says what it means', () => {
    const v = checkView(ru, check({ ok: false, message: 'Error_Invalid_Login', errorClass: 'account' }), true);
    expect(v.ok).toBe(false);
    expect(v.title).toBe('Настройки сохранены, но проверка не прошла');
    expect(v.detail).toBe('Error_Invalid_Login');
    expect(v.meaning).toMatch(/логин\/пароль\/баланс/);
    const r = checkView(ru, check({ ok: false, message: 'No connection', errorClass: 'retryable' }), false);
    expect(r.meaning).toBe('Провайдер недоступен, попробуйте позже.');
    expect(checkView(ru, check({ ok: false, message: 'odd', errorClass: null }), false).meaning).toBeNull();
  });

  it('the stored last check, with its time', () => {
    expect(lastCheckText(ru, 'ru', null)).toBe('Ещё не проверялась');
    expect(lastCheckText(ru, 'ru', { ok: true, at: '2026-11-22T09:00:05.000Z' })).toMatch(/^Проверена .*2026/);
    expect(lastCheckText(ru, 'ru', { ok: false, at: '2026-11-22T09:00:05.000Z' })).toMatch(/^Проверка не прошла /);
    expect(lastCheckText(en, 'en', { ok: true, at: '2026-11-22T09:00:05.000Z' })).toMatch(/^Checked Nov 22, 2026/);
  });
});

describe('formatMoney', () => {
  it('writes roubles as Russians and English speakers read them', () => {
    expect(nb(formatMoney('ru', { amount: 1000, currency: 'RUB' }))).toBe('1 000,00 ₽');
    expect(nb(formatMoney('ru', { amount: 7, currency: 'RUB' }))).toBe('7,00 ₽');
    expect(nb(formatMoney('en', { amount: 3.5, currency: 'RUB' }))).toBe('RUB 3.50');
  });

  it('a provider’s own unit that is not a currency code is shown as given', () => {
    expect(nb(formatMoney('ru', { amount: 1234.5, currency: 'credits' }))).toBe('1 234,5 credits');
  });
});

describe('coreSentence', () => {
  it('translates the core’s fixed "cannot do that" sentences and leaves a provider’s words alone', () => {
    expect(coreSentence(ru, 'This provider does not report a balance')).toBe('Провайдер не сообщает баланс.');
    expect(coreSentence(en, 'This provider does not list sender names')).toBe(
      'The provider does not list sender names.',
    );
    expect(coreSentence(ru, 'Error_Invalid_Login')).toBe('Error_Invalid_Login');
    expect(isNoTemplates('This provider has no templates')).toBe(true);
    expect(isNoTemplates('WhatsApp: (#100) Invalid parameter')).toBe(false);
  });
});
