import { describe, expect, it } from 'vitest';
import type { Account } from '../../../shared/domain/providers';
import {
  emptySendForm,
  localIso,
  messageText,
  offsetOf,
  renderTemplate,
  suggestedLater,
  validateSend,
  zoneLabel,
  type SendFormValues,
} from '../../../renderer/src/features/channels/send-form';

const sms: Pick<Account, 'id' | 'channel' | 'settings'> = { id: 3, channel: 'sms', settings: {} };
const email: Pick<Account, 'id' | 'channel' | 'settings'> = { id: 4, channel: 'email', settings: {} };
const whatsapp: Pick<Account, 'id' | 'channel' | 'settings'> = {
  id: 5,
  channel: 'whatsapp',
  settings: { language: 'ru' },
};
const now = new Date(2026, 10, 22, 12, 0, 0);
const form = (patch: Partial<SendFormValues>): SendFormValues => ({ ...emptySendForm(), ...patch });

describe('validateSend', () => {
  it('an SMS needs a recipient and a text; the sender is sent only when given', () => {
    expect(validateSend(sms, form({}), { now }).errors).toEqual({
      to: { key: 'send.error.to' },
      text: { key: 'send.error.text' },
    });
    const ok = validateSend(sms, form({ to: ' +7 916 123-45-67 ', text: 'Привет', sender: '  ' }), { now });
    expect(ok.input).toEqual({ accountId: 3, to: '+7 916 123-45-67', text: 'Привет' });
    const named = validateSend(sms, form({ to: '1', text: 'x', sender: ' SHOP ' }), { now, contactId: 9 });
    expect(named.input).toEqual({ accountId: 3, to: '1', text: 'x', sender: 'SHOP', contactId: 9 });
  });

  it('an e-mail needs a subject; the HTML version goes only when ticked and filled', () => {
    expect(validateSend(email, form({ to: 'a@b.ru', text: 'x' }), { now }).errors).toEqual({
      subject: { key: 'send.error.subject' },
    });
    const v = form({ to: 'a@b.ru', text: 'x', subject: ' Заказ ', html: '<p>x</p>' });
    expect(validateSend(email, v, { now }).input).toEqual({ accountId: 4, to: 'a@b.ru', text: 'x', subject: 'Заказ' });
    expect(validateSend(email, { ...v, useHtml: true }, { now }).input?.html).toBe('<p>x</p>');
  });

  it('WhatsApp: the template with its variables, the rendered body as the text', () => {
    const template = { name: 'order_ready', language: 'ru', body: 'Заказ {{1}} готов, {{2}}!', variables: 2 };
    const missing = validateSend(whatsapp, form({ to: '+79161234567', template, variables: ['1042', ''] }), { now });
    expect(missing.errors).toEqual({ variables: { key: 'send.error.variables' } });
    const v = form({ to: '+79161234567', template, variables: ['1042', 'Нина'] });
    expect(messageText(whatsapp, v)).toBe('Заказ 1042 готов, Нина!');
    expect(validateSend(whatsapp, v, { now }).input).toEqual({
      accountId: 5,
      to: '+79161234567',
      text: 'Заказ 1042 готов, Нина!',
      template: { name: 'order_ready', language: 'ru', variables: ['1042', 'Нина'] },
    });
    // A template without a language of its own takes the account's.
    const noLang = validateSend(whatsapp, { ...v, template: { ...template, language: undefined } }, { now });
    expect(noLang.input?.template?.language).toBe('ru');
  });

  it('"send no earlier than": a future time goes as ISO with the local offset, a past one sends now', () => {
    const later = validateSend(sms, form({ to: '1', text: 'x', later: true, date: '2026-11-23', time: '09:30' }), {
      now,
    });
    expect(later.past).toBe(false);
    expect(later.input?.sendAt).toBe(`2026-11-23T09:30:00${offsetOf(new Date(2026, 10, 23, 9, 30))}`);
    expect(Date.parse(later.input?.sendAt ?? '')).toBe(new Date(2026, 10, 23, 9, 30).getTime());
    const past = validateSend(sms, form({ to: '1', text: 'x', later: true, date: '2026-11-21', time: '09:30' }), {
      now,
    });
    expect(past.past).toBe(true);
    expect(past.input && 'sendAt' in past.input).toBe(false);
    const bad = validateSend(sms, form({ to: '1', text: 'x', later: true, date: '', time: '09:30' }), { now });
    expect(bad.errors).toEqual({ when: { key: 'send.error.when' } });
  });
});

describe('time helpers', () => {
  it('localIso refuses what is not a real moment', () => {
    expect(localIso('2026-02-30', '10:00')).toBeNull();
    expect(localIso('2026-11-23', '25:00')).toBeNull();
    expect(localIso('23.11.2026', '10:00')).toBeNull();
  });

  it('offsets and the zone label', () => {
    expect(offsetOf(now)).toMatch(/^[+-]\d{2}:\d{2}$/);
    expect(zoneLabel(now, 'Europe/Moscow')).toBe(`Europe/Moscow, UTC${offsetOf(now)}`);
    expect(zoneLabel(now, 'UTC')).toBe(`UTC${offsetOf(now)}`);
  });

  it('suggests the next quarter hour', () => {
    expect(suggestedLater(new Date(2026, 10, 22, 12, 7, 30))).toEqual({ date: '2026-11-22', time: '12:15' });
    expect(suggestedLater(new Date(2026, 10, 22, 23, 50))).toEqual({ date: '2026-11-23', time: '00:00' });
  });

  it('renderTemplate leaves a variable not yet typed visible', () => {
    expect(renderTemplate('Заказ {{1}} готов, {{ 2 }}', ['1042'])).toBe('Заказ 1042 готов, {{ 2 }}');
  });
});
