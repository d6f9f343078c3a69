import { describe, expect, it } from 'vitest';
import type { Account } from '../../../shared/domain/providers';
import {
  accountFormFrom,
  freeName,
  needsSecrets,
  newAccountForm,
  secretState,
  validateAccountForm,
  type AccountFormValues,
} from '../../../renderer/src/features/channels/account-form';

const account = (patch: Partial<Account>): Account => ({
  id: 7,
  name: 'Devino основной',
  provider: 'devino',
  channel: 'sms',
  settings: { login: 'shop', baseUrl: 'https://integrationapi.net/rest' },
  secretsSet: ['password'],
  isDefault: true,
  lastCheck: null,
  createdAt: '2026-11-22T09:00:00.000Z',
  ...patch,
});

const withSettings = (v: AccountFormValues, settings: Record<string, string>): AccountFormValues => ({
  ...v,
  settings: { ...v.settings, ...settings },
});

describe('the account form from provider descriptors', () => {
  it('fills a new sandbox account with its defaults and a name in the current language', () => {
    const v = newAccountForm('sandbox', 'ru', []);
    expect(v.name).toBe('Песочница (без отправки)');
    expect(v.settings).toEqual({
      channel: 'sms',
      deliverySeconds: '3',
      failPercent: '0',
      balance: '1000',
      pricePerPart: '3.5',
      // Every account may limit its rate and its messages a day (empty: no limit).
      ratePerSecond: '',
      dailyQuota: '',
    });
    expect(v.secrets).toEqual({});
    expect(newAccountForm('sandbox', 'en', []).name).toBe('Sandbox (nothing is sent)');
  });

  it('booleans start as "false", selects at their default, secrets are never among the settings', () => {
    const v = newAccountForm('smsru', 'ru', []);
    expect(v.settings.testMode).toBe('false');
    expect(v.settings.baseUrl).toBe('https://sms.ru');
    expect('apiId' in v.settings).toBe(false);
    expect(newAccountForm('smtp', 'ru', []).settings.security).toBe('starttls');
  });

  it('picks a name nobody uses yet, regardless of case', () => {
    expect(freeName('SMS — SMS.ru', ['sms — sms.ru'])).toBe('SMS — SMS.ru 2');
    expect(freeName('SMS — SMS.ru', ['SMS — SMS.ru', 'SMS — SMS.ru 2'])).toBe('SMS — SMS.ru 3');
    expect(freeName('x'.repeat(100), []).length).toBe(80);
  });

  it('an existing account: stored settings, emptied ones empty, no secret values at all', () => {
    const v = accountFormFrom(account({}));
    expect(v.name).toBe('Devino основной');
    expect(v.settings).toEqual({
      login: 'shop',
      sender: '',
      tariff: '',
      baseUrl: 'https://integrationapi.net/rest',
      ratePerSecond: '',
      dailyQuota: '',
    });
    expect(v.secrets).toEqual({});
  });
});

describe('validateAccountForm', () => {
  it('builds the input: settings trimmed, secrets typed now', () => {
    const v = newAccountForm('devino', 'ru', []);
    const r = validateAccountForm(
      { ...withSettings(v, { login: ' shop ', sender: 'SHOP' }), secrets: { password: ' s3cret\n' } },
      [],
    );
    expect(r.errors).toEqual({});
    expect(r.input).toEqual({
      name: 'SMS — Devino Telecom',
      provider: 'devino',
      settings: {
        login: 'shop',
        sender: 'SHOP',
        tariff: '',
        baseUrl: 'https://integrationapi.net/rest',
        ratePerSecond: '',
        dailyQuota: '',
      },
      secrets: { password: 's3cret' },
    });
  });

  it('requires the required fields, a required secret only when none is stored', () => {
    const v = newAccountForm('devino', 'ru', []);
    const r = validateAccountForm({ ...v, name: ' ' }, []);
    expect(r.input).toBeNull();
    expect(r.errors).toEqual({
      name: { key: 'account.error.nameRequired' },
      login: { key: 'account.error.required' },
      password: { key: 'account.error.secretRequired' },
    });
  });

  it('a secret left empty keeps the stored one: it is not sent at all', () => {
    const r = validateAccountForm(accountFormFrom(account({})), ['password']);
    expect(r.errors).toEqual({});
    expect(r.input && 'secrets' in r.input).toBe(false);
    const replaced = validateAccountForm({ ...accountFormFrom(account({})), secrets: { password: 'new' } }, [
      'password',
    ]);
    expect(replaced.input?.secrets).toEqual({ password: 'new' });
  });

  it('numbers take a decimal comma; addresses must be http(s); selects only their options', () => {
    const v = newAccountForm('sandbox', 'ru', []);
    const ok = validateAccountForm(withSettings(v, { pricePerPart: '3,5' }), []);
    expect(ok.input?.settings.pricePerPart).toBe('3.5');
    const bad = validateAccountForm(withSettings(v, { deliverySeconds: 'три', channel: 'fax' }), []);
    expect(bad.errors).toEqual({
      deliverySeconds: { key: 'account.error.number' },
      channel: { key: 'account.error.option' },
    });
    const url = validateAccountForm(withSettings(newAccountForm('kannel', 'ru', []), { url: 'ftp://x' }), []);
    expect(url.errors.url).toEqual({ key: 'account.error.url' });
  });

  it('a required field with a default, emptied, is an error rather than silently the default', () => {
    const v = newAccountForm('smsru', 'ru', []);
    const r = validateAccountForm({ ...withSettings(v, { baseUrl: '' }), secrets: { apiId: 'k' } }, []);
    expect(r.errors).toEqual({ baseUrl: { key: 'account.error.required' } });
  });

  it('checkboxes send "true" or "false"', () => {
    const v = newAccountForm('smsru', 'ru', []);
    const r = validateAccountForm({ ...withSettings(v, { testMode: 'true' }), secrets: { apiId: 'k' } }, []);
    expect(r.input?.settings.testMode).toBe('true');
  });
});

describe('secret fields', () => {
  it('show "set" for a stored secret, "replacing" once something is typed', () => {
    expect(secretState('password', ['password'], '')).toBe('kept');
    expect(secretState('password', ['password'], 'x')).toBe('replacing');
    expect(secretState('password', [], '')).toBe('unset');
    expect(secretState('password', [], 'x')).toBe('unset');
  });

  it('know which accounts need the secret storage', () => {
    expect(needsSecrets('sandbox', [])).toBe(false);
    expect(needsSecrets('devino', [])).toBe(true);
    expect(needsSecrets('http', [])).toBe(false);
    expect(needsSecrets('http', ['token'])).toBe(true);
  });
});
