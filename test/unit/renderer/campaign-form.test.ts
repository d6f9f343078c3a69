import { describe, expect, it } from 'vitest';
import type { Account } from '../../../shared/domain/providers';
import { compileTemplate } from '../../../shared/domain/template';
import {
  addableChannels,
  emptyCampaignForm,
  insertAt,
  issueText,
  moveRow,
  parseAmount,
  validateCampaign,
  variableToken,
  type CampaignFormValues,
} from '../../../renderer/src/features/campaigns/compose-form';
import { makeTranslate } from '../../../renderer/src/i18n/translate';

const ru = makeTranslate('ru');
const now = new Date('2026-11-22T10:00:00Z');

const account = (id: number, channel: Account['channel'], isDefault = false): Account =>
  ({ id, channel, isDefault, name: `a${id}`, provider: 'sandbox', settings: {} }) as unknown as Account;
const accounts = [account(1, 'sms'), account(2, 'sms', true), account(3, 'email', true)];

const filled = (patch: Partial<CampaignFormValues> = {}): CampaignFormValues => ({
  ...emptyCampaignForm(accounts),
  name: '  Скидки  ',
  text: 'Здравствуйте, {first_name|клиент}!',
  ...patch,
});

describe('the compose form', () => {
  it('starts with the default SMS account and sane defaults', () => {
    const v = emptyCampaignForm(accounts, [5, 6]);
    expect(v.channels).toEqual([{ channel: 'sms', accountId: 2, sender: '' }]);
    expect(v).toMatchObject({
      mode: 'priority',
      audience: 'all',
      marketing: true,
      quietFrom: '09:00',
      quietTo: '21:00',
    });
    expect(v.contactIds).toEqual([5, 6]);
    expect(addableChannels(accounts, v.channels)).toEqual(['email']);
    expect(emptyCampaignForm([]).channels).toEqual([]);
  });

  it('builds campaigns:create input', () => {
    const res = validateCampaign(
      filled({
        owner: ' Ольга ',
        channels: [
          { channel: 'sms', accountId: 2, sender: ' Shop ' },
          { channel: 'email', accountId: 3, sender: '' },
        ],
        mode: 'all',
        audience: 'group',
        groupId: 7,
        subject: ' Для {first_name} ',
        budget: '1 500,50',
        marketing: false,
      }),
      { now },
    );
    expect(res.errors).toEqual({});
    expect(res.input).toEqual({
      name: 'Скидки',
      owner: 'Ольга',
      spec: {
        channels: [
          { channel: 'sms', accountId: 2, sender: 'Shop' },
          { channel: 'email', accountId: 3 },
        ],
        mode: 'all',
        audience: { kind: 'group', groupId: 7 },
        text: 'Здравствуйте, {first_name|клиент}!',
        subject: 'Для {first_name}',
        budget: 1500.5,
        marketing: false,
        quietHours: { from: '09:00', to: '21:00' },
      },
    });
  });

  it('sends at a local time with the computer’s offset', () => {
    const res = validateCampaign(filled({ when: 'later', date: '2030-03-08', time: '09:30' }), { now });
    expect(res.input?.sendAt).toMatch(/^2030-03-08T09:30:00[+-]\d{2}:\d{2}$/);
    expect(validateCampaign(filled({ when: 'later', date: '2020-03-08', time: '09:30' }), { now }).errors.when).toEqual(
      {
        key: 'campaigns.error.whenPast',
      },
    );
    expect(validateCampaign(filled({ when: 'later', date: '', time: '' }), { now }).errors.when).toEqual({
      key: 'campaigns.error.when',
    });
  });

  it('names what is missing', () => {
    const res = validateCampaign(
      { ...emptyCampaignForm([]), audience: 'segment', budget: 'много', quietFrom: '9' },
      { now },
    );
    expect(res.input).toBeNull();
    expect(Object.fromEntries(Object.entries(res.errors).map(([k, e]) => [k, e?.key]))).toEqual({
      name: 'campaigns.error.name',
      channels: 'campaigns.error.channels',
      audience: 'campaigns.error.segment',
      text: 'campaigns.error.text',
      quietHours: 'campaigns.error.quietHours',
      budget: 'campaigns.error.budget',
    });
    expect(validateCampaign(filled({ audience: 'contacts', contactIds: [] }), { now }).errors.audience?.key).toBe(
      'campaigns.error.contacts',
    );
    expect(
      validateCampaign(filled({ channels: [{ channel: 'email', accountId: 3, sender: '' }] }), { now }).errors.subject
        ?.key,
    ).toBe('campaigns.error.subject');
  });

  it('reports template errors with their position, in words', () => {
    const res = validateCampaign(filled({ text: 'Привет, {first_name\nи }' }), { now });
    expect(res.errors.text).toEqual({ key: 'campaigns.error.template', params: { count: 2 } });
    expect(res.issues.map((i) => issueText(ru, i))).toEqual([
      'Строка 1, символ 9: фигурная скобка не закрыта в этой строке; для самой скобки в тексте напишите две',
      'Строка 2, символ 3: закрывающая скобка без открывающей; для самой скобки в тексте напишите две',
    ]);
    // A warning does not block saving.
    const warned = validateCampaign(filled({ text: 'Код {{name}}' }), { now });
    expect(warned.input).not.toBeNull();
    expect(warned.issues.map((i) => issueText(ru, i))).toEqual([
      'Строка 1, символ 5: двойные скобки — это текст, а не поле «name»; поле пишется в одинарных',
    ]);
  });
});

describe('helpers', () => {
  it('inserts a variable at the caret, replacing a selection', () => {
    const token = variableToken('first_name', 'клиент');
    expect(token).toBe('{first_name|клиент}');
    expect(compileTemplate(token).ok).toBe(true);
    expect(variableToken('balance')).toBe('{balance}');
    expect(variableToken('x', ' a|b}{ ')).toBe('{x|ab}');
    expect(insertAt('Привет, !', 8, 8, token)).toEqual({ text: 'Привет, {first_name|клиент}!', caret: 27 });
    expect(insertAt('Привет, XXX!', 8, 11, '{phone}')).toEqual({ text: 'Привет, {phone}!', caret: 15 });
    expect(insertAt('ab', 99, 99, '{x}')).toEqual({ text: 'ab{x}', caret: 5 });
  });

  it('moves channels in the priority order', () => {
    expect(moveRow(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveRow(['a', 'b'], 0, -1)).toEqual(['a', 'b']);
  });

  it('reads amounts as people type them', () => {
    expect(parseAmount('1 500,50')).toBe(1500.5);
    expect(parseAmount('200')).toBe(200);
    expect(parseAmount('0')).toBeNull();
    expect(parseAmount('-5')).toBeNull();
    expect(parseAmount('1.234')).toBeNull();
  });
});
