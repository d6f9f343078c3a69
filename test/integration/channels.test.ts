// Accounts, secrets and single sends through the core's contract handlers, with the built-in sandbox
// provider and a real SQLite file.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core, type CoreOptions } from '../../electron/core/core';
import { createDispatcher } from '../../shared/ipc/dispatch';
import type { ChannelName, InputOf, OutputOf } from '../../shared/ipc/contract';
import { PROVIDERS } from '../../shared/domain/providers';
import { fakeClock } from '../helpers/core';
import { tempDir } from '../helpers/temp';

const open: Core[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

function start(dbPath: string, over: Partial<CoreOptions> = {}) {
  const clock = fakeClock('2026-03-02T09:00:00.000Z');
  const core = createCore({ dbPath, shell: 'test', clock, providerTimeoutMs: 500, ...over });
  open.push(core);
  const dispatch = createDispatcher<null>(core.handlers, () => true);
  const call = async <C extends ChannelName>(channel: C, input: InputOf<C>): Promise<OutputOf<C>> => {
    const r = await dispatch(channel, null, input);
    if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code, field: r.error.field });
    return r.value as OutputOf<C>;
  };
  return { core, call, clock };
}

const sandbox = (name = 'Песочница', settings: Record<string, string> = {}) => ({
  account: { name, provider: 'sandbox' as const, settings: { deliverySeconds: '5', ...settings } },
});

describe('accounts', () => {
  it('a sandbox account saves, verifies itself and becomes the default for its channel', async () => {
    const { call } = start(path.join(tempDir(), 'v.db'));
    const r = await call('accounts:save', sandbox());
    expect(r.check).toMatchObject({ ok: true, balance: { amount: 1000, currency: 'RUB' } });
    expect(r.account).toMatchObject({ name: 'Песочница', channel: 'sms', isDefault: true, lastCheck: { ok: true } });
    const second = await call('accounts:save', sandbox('Вторая'));
    expect(second.account.isDefault).toBe(false);
    await call('accounts:set-default', { id: second.account.id });
    expect((await call('accounts:list', {})).map((a) => [a.name, a.isDefault])).toEqual([
      ['Вторая', true],
      ['Песочница', false],
    ]);
    await call('accounts:remove', { id: second.account.id });
    expect((await call('accounts:list', {}))[0]).toMatchObject({ name: 'Песочница', isDefault: true });
    await expect(call('accounts:save', sandbox('ПЕСОЧНИЦА'))).rejects.toMatchObject({ code: 'duplicate' });
  });

  it('refuses settings a provider does not have, and missing required ones, by field', async () => {
    const { call } = start(path.join(tempDir(), 'v.db'), { passphrase: 'correct horse battery' });
    await expect(
      call('accounts:save', { account: { name: 'x', provider: 'sandbox', settings: { url: 'http://x' } } }),
    ).rejects.toMatchObject({ code: 'bad_request', field: 'url' });
    await expect(
      call('accounts:save', { account: { name: 'x', provider: 'smsru', settings: {} } }),
    ).rejects.toMatchObject({ code: 'bad_request', field: 'apiId' });
  });
});

describe('secrets', () => {
  // One account per provider with a recognisable secret each; checks fail (nothing listens), which is fine.
  const SECRET = (p: string) => `s3cr3t-${p}-Zq9`;
  const settingsFor: Record<string, Record<string, string>> = {
    devino: { login: 'shop', baseUrl: 'http://127.0.0.1:9' },
    smsru: { baseUrl: 'http://127.0.0.1:9' },
    smsc: { login: 'shop', baseUrl: 'http://127.0.0.1:9' },
    kannel: { url: 'http://127.0.0.1:9/cgi-bin/sendsms', username: 'shop' },
    http: { url: 'http://127.0.0.1:9/send?to={to}&key={token}' },
    smtp: { host: '127.0.0.1', port: '9', security: 'none', from: 'shop@example.org', username: 'shop' },
    telegram: { baseUrl: 'http://127.0.0.1:9' },
    whatsapp: { phoneNumberId: '1', businessAccountId: '2', baseUrl: 'http://127.0.0.1:9' },
  };

  it('are encrypted at rest: no plaintext secret in the database, its WAL, or anything the contract returns', async () => {
    const dir = tempDir();
    const dbPath = path.join(dir, 'v.db');
    const { call, core } = start(dbPath, { passphrase: 'correct horse battery' });
    const answers: unknown[] = [];
    for (const spec of PROVIDERS) {
      const secretField = spec.fields.find((f) => f.kind === 'secret');
      if (!secretField) continue;
      const r = await call('accounts:save', {
        account: {
          name: spec.id,
          provider: spec.id,
          settings: settingsFor[spec.id] ?? {},
          secrets: { [secretField.key]: SECRET(spec.id) },
        },
      });
      answers.push(r);
      expect(r.account.secretsSet).toEqual([secretField.key]);
    }
    answers.push(await call('accounts:list', {}));
    const files = [dbPath, `${dbPath}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f));
    expect(files.length).toBeGreaterThan(0);
    const returned = JSON.stringify(answers);
    for (const spec of PROVIDERS) {
      if (!spec.fields.some((f) => f.kind === 'secret')) continue;
      const s = SECRET(spec.id);
      expect(returned).not.toContain(s);
      for (const bytes of files) {
        expect(bytes.includes(Buffer.from(s, 'utf8'))).toBe(false);
        expect(bytes.includes(Buffer.from(s, 'utf16le'))).toBe(false);
      }
    }
    // …and they are there, sealed: the stored value names the vault's scheme.
    const stored = core.db.prepare(`SELECT secrets FROM accounts WHERE name = 'telegram'`).pluck().get() as string;
    expect(JSON.parse(stored)).toEqual({ token: expect.stringMatching(/^v1:/) as unknown });
  });

  it('the passphrase vault: locked without the passphrase, a wrong one refused, unlocking opens it', async () => {
    const dbPath = path.join(tempDir(), 'v.db');
    const first = start(dbPath);
    expect(await first.call('secrets:status', {})).toEqual({ kind: 'passphrase', state: 'new' });
    await expect(
      first.call('accounts:save', {
        account: { name: 'tg', provider: 'telegram', settings: settingsFor.telegram!, secrets: { token: 'T' } },
      }),
    ).rejects.toMatchObject({ code: 'vault_locked' });
    await expect(first.call('secrets:unlock', { passphrase: 'short' })).rejects.toMatchObject({ code: 'bad_request' });
    expect(await first.call('secrets:unlock', { passphrase: 'correct horse battery' })).toEqual({
      kind: 'passphrase',
      state: 'unlocked',
    });
    const saved = await first.call('accounts:save', {
      account: { name: 'tg', provider: 'telegram', settings: settingsFor.telegram!, secrets: { token: 'T-123' } },
    });
    first.core.close();

    const second = start(dbPath);
    expect(await second.call('secrets:status', {})).toEqual({ kind: 'passphrase', state: 'locked' });
    await expect(second.call('accounts:check', { id: saved.account.id })).rejects.toMatchObject({
      code: 'vault_locked',
    });
    // Saving other settings while locked keeps the stored secret; the answer's check says why it could not run.
    const resaved = await second.call('accounts:save', {
      id: saved.account.id,
      account: { name: 'Бот', provider: 'telegram', settings: settingsFor.telegram! },
    });
    expect(resaved.account).toMatchObject({ name: 'Бот', secretsSet: ['token'] });
    expect(resaved.check).toMatchObject({
      ok: false,
      errorClass: null,
      message: expect.stringMatching(/locked/) as unknown,
    });
    await expect(second.call('secrets:unlock', { passphrase: 'wrong horse battery' })).rejects.toMatchObject({
      code: 'wrong_passphrase',
    });
    await second.call('secrets:unlock', { passphrase: 'correct horse battery' });
    // Unlocked: the check now reaches the provider (nothing listens, so it fails in the network's words).
    const check = await second.call('accounts:check', { id: saved.account.id });
    expect(check.ok).toBe(false);
    expect(check.errorClass).not.toBeNull();
    second.core.close();

    expect(() => start(dbPath, { passphrase: 'wrong horse battery' })).toThrow(/Wrong passphrase/);
  });

  it('a sealed secret moved to another account cannot be opened', async () => {
    const dbPath = path.join(tempDir(), 'v.db');
    const { call, core } = start(dbPath, { passphrase: 'correct horse battery' });
    const a = await call('accounts:save', {
      account: { name: 'a', provider: 'telegram', settings: settingsFor.telegram!, secrets: { token: 'AAA' } },
    });
    const b = await call('accounts:save', {
      account: { name: 'b', provider: 'telegram', settings: settingsFor.telegram!, secrets: { token: 'BBB' } },
    });
    core.db
      .prepare('UPDATE accounts SET secrets = (SELECT secrets FROM accounts WHERE id = ?) WHERE id = ?')
      .run(a.account.id, b.account.id);
    const fresh = start(dbPath, { passphrase: 'correct horse battery' });
    await expect(fresh.call('accounts:check', { id: b.account.id })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('saving without a secret keeps the stored one; changing the provider drops the old provider’s secrets', async () => {
    const { call, core } = start(path.join(tempDir(), 'v.db'), { passphrase: 'correct horse battery' });
    const r = await call('accounts:save', {
      account: { name: 'tg', provider: 'telegram', settings: settingsFor.telegram!, secrets: { token: 'T1' } },
    });
    const before = core.db.prepare('SELECT secrets FROM accounts').pluck().get();
    await call('accounts:save', {
      id: r.account.id,
      account: { name: 'Бот', provider: 'telegram', settings: settingsFor.telegram! },
    });
    expect(core.db.prepare('SELECT secrets FROM accounts').pluck().get()).toBe(before);
    const moved = await call('accounts:save', { id: r.account.id, ...sandbox('Бот') });
    expect(moved.account.secretsSet).toEqual([]);
  });
});

describe('single sends', () => {
  it('test send through the sandbox: sent at once, delivered after the delay, kept as the last message', async () => {
    const { call, clock } = start(path.join(tempDir(), 'v.db'));
    const { account } = await call('accounts:save', sandbox());
    const m = await call('messages:send', { accountId: account.id, to: '8 (920) 746-00-22', text: 'Привет!' });
    expect(m).toMatchObject({ status: 'sent', to: '+79207460022', parts: 1, cost: { amount: 3.5, currency: 'RUB' } });
    expect((await call('messages:status', { id: m.id })).status).toBe('sent');
    clock.advance(6000);
    const later = await call('messages:status', { id: m.id });
    expect(later).toMatchObject({ status: 'delivered', providerText: 'Песочница: доставлено' });
    expect((await call('messages:list', { limit: 1 }))[0]!.id).toBe(m.id);
  });

  it('a long Cyrillic text counts its parts; bad numbers and provider refusals are told in words', async () => {
    const { call } = start(path.join(tempDir(), 'v.db'));
    const { account } = await call('accounts:save', sandbox());
    const long = await call('messages:send', { accountId: account.id, to: '+79207460022', text: 'Ж'.repeat(71) });
    expect(long.parts).toBe(2);
    await expect(call('messages:send', { accountId: account.id, to: '12-34', text: 'x' })).rejects.toMatchObject({
      code: 'invalid_phone',
      field: 'to',
    });
    const refused = await call('messages:send', { accountId: account.id, to: '+79207460000', text: 'x' });
    expect(refused).toMatchObject({ status: 'failed', errorClass: 'recipient' });
    const broke = await call('messages:send', { accountId: account.id, to: '+79207469999', text: 'x' });
    expect(broke).toMatchObject({ status: 'failed', errorClass: 'account', providerText: /недостаточно средств/ });
  });

  it('the cost before sending: the provider’s price, or the tariff entered for the account', async () => {
    const { call } = start(path.join(tempDir(), 'v.db'), { passphrase: 'correct horse battery' });
    const { account } = await call('accounts:save', sandbox('Песочница', { pricePerPart: '2.5' }));
    expect(await call('messages:estimate', { accountId: account.id, text: 'Ж'.repeat(71) })).toEqual({
      parts: 2,
      encoding: 'ucs2',
      cost: { amount: 5, currency: 'RUB' },
      source: 'provider',
    });
    // Kannel has no cost API: the tariff the user entered prices it (nothing is contacted for that).
    const kannel = await call('accounts:save', {
      account: {
        name: 'Шлюз',
        provider: 'kannel',
        settings: { url: 'http://127.0.0.1:9/cgi-bin/sendsms', username: 'u', tariff: '1.8' },
        secrets: { password: 'p' },
      },
    });
    expect(await call('messages:estimate', { accountId: kannel.account.id, text: 'a'.repeat(200) })).toEqual({
      parts: 2,
      encoding: 'gsm7',
      cost: { amount: 3.6, currency: 'RUB' },
      source: 'tariff',
    });
  });

  it('"delay until": kept here as scheduled, sent when due', async () => {
    const { call, core, clock } = start(path.join(tempDir(), 'v.db'));
    const { account } = await call('accounts:save', sandbox());
    const m = await call('messages:send', {
      accountId: account.id,
      to: '+79207460022',
      text: 'Позже',
      sendAt: '2026-03-02T15:00:00+03:00',
    });
    expect(m).toMatchObject({ status: 'scheduled', sendAt: '2026-03-02T12:00:00.000Z' });
    expect(await core.channels.sendDue()).toBe(0);
    clock.advance(3 * 3600_000);
    expect(await core.channels.sendDue()).toBe(1);
    expect((await call('messages:status', { id: m.id })).status).toBe('sent');
  });

  it('a message left "sending" by a crash becomes "unknown" at the next start, never resent', async () => {
    const dbPath = path.join(tempDir(), 'v.db');
    const { call, core } = start(dbPath);
    const { account } = await call('accounts:save', sandbox());
    const m = await call('messages:send', { accountId: account.id, to: '+79207460022', text: 'x' });
    core.db.prepare(`UPDATE messages SET status = 'sending' WHERE id = ?`).run(m.id);
    core.close();
    const after = start(dbPath, { background: true });
    const [row] = await after.call('messages:list', { limit: 5 });
    expect(row).toMatchObject({ id: m.id, status: 'unknown', errorClass: 'unknown_outcome' });
  });
});
