// A test e-mail through the running core: an SMTP account saved and checked against a real SMTP server
// (STARTTLS + AUTH, in process), then a test send with a Cyrillic subject — what the settings and test-send
// screens do.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/core';
import { tempDir } from '../helpers/temp';
import {
  decodeWords,
  headerBlock,
  parseMessage,
  partText,
  startSmtpPeer,
  unfoldHeaders,
  type SmtpPeer,
} from '../peers/smtp';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

describe('e-mail test send through the core', () => {
  it('saves and verifies an SMTP account, sends a test letter, and tells a wrong password in the server’s words', async () => {
    const peer: SmtpPeer = await startSmtpPeer({ auth: { user: 'shop', pass: 'pa55-word' } });
    cleanup.push(() => peer.close());
    const core: Core = createCore({
      dbPath: path.join(tempDir(), 'v.db'),
      shell: 'test',
      passphrase: 'correct horse battery',
      providerTimeoutMs: 5000,
    });
    cleanup.push(() => core.close());
    const account = {
      name: 'Почта',
      provider: 'smtp' as const,
      settings: {
        host: peer.host,
        port: String(peer.port),
        security: 'starttls',
        username: 'shop',
        from: 'shop@example.org',
        fromName: 'Магазин «Ромашка»',
        allowSelfSigned: 'true',
      },
    };
    const wrong = await core.handlers['accounts:save']({ account: { ...account, secrets: { password: 'nope' } } });
    expect(wrong.check).toMatchObject({ ok: false, errorClass: 'account' });
    expect(wrong.check.message).toMatch(/535|Authentication/);

    const ok = await core.handlers['accounts:save']({
      id: wrong.account.id,
      account: { ...account, secrets: { password: 'pa55-word' } },
    });
    expect(ok.check.ok).toBe(true);
    const m = await core.handlers['messages:send']({
      accountId: ok.account.id,
      to: 'Ivan@Mail.RU',
      subject: 'Проверка связи',
      text: 'Здравствуйте! Это тестовое письмо.',
    });
    expect(m).toMatchObject({ status: 'sent', to: 'ivan@mail.ru', channel: 'email' });
    expect(peer.messages).toHaveLength(1);
    const mail = parseMessage(peer.messages[0]!.raw);
    const from = unfoldHeaders(headerBlock(peer.messages[0]!.raw)).find((h) => h.startsWith('From:'))!;
    expect(decodeWords(from)).toMatch(/^From: "?Магазин «Ромашка»"? <shop@example\.org>$/);
    expect(partText(mail)).toContain('Здравствуйте! Это тестовое письмо.');
  });
});
