// The SMTP provider against a real SMTP server (smtp-server) running in this process: TLS and STARTTLS, AUTH,
// the server's own refusals, dropped connections, header injection, unsubscribe headers, certificates.
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createSmtp } from '../../../electron/core/channels/providers/smtp';
import { ProviderError, type OutMessage, type Provider } from '../../../electron/core/channels/types';
import {
  allParts,
  DEFERRED_REPLY,
  headerBlock,
  parseMessage,
  partText,
  PEER_ADDRESSES,
  REFUSED_REPLY,
  startSmtpPeer,
  unfoldHeaders,
  unusedPort,
  type SmtpPeer,
  type SmtpPeerOptions,
} from '../../peers/smtp';

const USER = 'mailer@example.com';
const PASS = 'correct horse battery staple';
const NOW = new Date('2025-03-01T10:00:00.000Z');

const peers: SmtpPeer[] = [];
const providers: Provider[] = [];
afterEach(async () => {
  for (const p of providers.splice(0)) p.close?.();
  await Promise.all(peers.splice(0).map((p) => p.close()));
});

async function peer(opts: SmtpPeerOptions = {}): Promise<SmtpPeer> {
  const p = await startSmtpPeer(opts);
  peers.push(p);
  return p;
}

function smtp(
  target: { host: string; port: number },
  settings: Record<string, string> = {},
  secrets: Record<string, string> = { password: PASS },
): Provider {
  const provider = createSmtp({
    accountId: 1,
    settings: {
      host: target.host,
      port: String(target.port),
      security: 'starttls',
      username: USER,
      from: 'news@example.com',
      fromName: 'Вестник',
      allowSelfSigned: 'true',
      ...settings,
    },
    secrets,
    http: {
      request: () => Promise.reject(new Error('SMTP makes no HTTP requests')),
      close: () => Promise.resolve(),
    },
    clock: { now: () => NOW },
    timeoutMs: 10_000,
  });
  providers.push(provider);
  return provider;
}

const msg = (over: Partial<OutMessage> = {}): OutMessage => ({
  id: 'm1',
  to: 'anna@example.org',
  subject: 'Test',
  text: 'Hello',
  ...over,
});

async function providerError(promise: Promise<unknown>): Promise<ProviderError> {
  const err: unknown = await promise.then(
    () => new Error('expected a ProviderError, got success'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProviderError);
  return err as ProviderError;
}

/** A real PNG (64×64 RGBA, every byte value in its pixels), so the bytes that arrive can be compared. */
function png(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = (crcTable[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const size = 64;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const rows: number[] = [];
  for (let y = 0; y < size; y++) {
    rows.push(0);
    for (let x = 0; x < size * 4; x++) rows.push((x * 7 + y * 13) & 0xff);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.from(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const crlfToLf = (s: string) => s.replace(/\r\n/g, '\n');

describe('SMTP provider against a real SMTP server', () => {
  it('STARTTLS + AUTH: Cyrillic subject and text, HTML with an inline PNG arrive intact', async () => {
    const server = await peer({ auth: { user: USER, pass: PASS } });
    const provider = smtp(server);

    const check = await provider.check();
    expect(check.message).toContain(`127.0.0.1:${server.port}`);
    expect(check.message).toContain('STARTTLS');

    const picture = png();
    const subject = 'Весенняя распродажа: скидки до 50% на всё — только до конца недели, не пропустите!';
    const text = 'Здравствуйте, Анна!\nСкидки действуют до воскресенья.\n\nС уважением, «Вестник»';
    const html = '<p>Здравствуйте, <b>Анна</b>!</p><p><img src="cid:logo@vestnik" alt="Логотип"></p>';
    const result = await provider.send(
      msg({
        subject,
        text,
        html,
        inline: [{ cid: 'logo@vestnik', filename: 'логотип.png', contentType: 'image/png', content: picture }],
      }),
    );

    expect(server.messages).toHaveLength(1);
    const got = server.messages[0]!;
    expect(got).toMatchObject({ from: 'news@example.com', to: ['anna@example.org'], user: USER, secure: true });

    // The server's words and the Message-ID come back as the send result.
    const root = parseMessage(got.raw);
    expect(result.update).toEqual({
      status: 'sent',
      providerCode: '250',
      providerText: '250 2.0.0 Ok: queued as PEER1',
      at: NOW.toISOString(),
    });
    expect(result.providerIds).toEqual([root.header('Message-ID')]);
    expect(result.providerIds[0]).toMatch(/^<[^<>\s]+@example\.com>$/);

    expect(root.header('Subject')).toBe(subject);
    expect(root.header('From')).toBe('Вестник <news@example.com>');
    expect(root.header('To')).toBe('anna@example.org');
    expect(root.header('List-Unsubscribe')).toBeUndefined();
    // Header lines are 7-bit and folded: the Cyrillic went out as encoded words.
    for (const line of got.raw.subarray(0, got.raw.indexOf('\r\n\r\n')).toString('latin1').split('\r\n')) {
      expect(line.length).toBeLessThanOrEqual(998);
      expect(line).toMatch(/^[\x20-\x7e\t]*$/);
    }

    const parts = allParts(root);
    const plain = parts.find((p) => p.type === 'text/plain');
    const rich = parts.find((p) => p.type === 'text/html');
    const image = parts.find((p) => p.type === 'image/png');
    expect(plain && crlfToLf(partText(plain))).toBe(text);
    expect(rich && crlfToLf(partText(rich))).toBe(html);
    expect(image?.header('Content-ID')).toBe('<logo@vestnik>');
    expect(image?.header('Content-Disposition')).toMatch(/^inline/);
    expect(image?.body.equals(picture)).toBe(true);
    // The picture sits beside the HTML in a multipart/related, as mail clients expect for cid: references.
    const related = parts.find((p) => p.type === 'multipart/related');
    expect(related?.parts.map((p) => p.type)).toEqual(['text/html', 'image/png']);
    expect(image?.params.name).toBe('логотип.png');
  });

  it('implicit TLS on a secure server', async () => {
    const server = await peer({ secure: true, auth: { user: USER, pass: PASS } });
    const provider = smtp(server, { security: 'tls' });
    await expect(provider.check()).resolves.toMatchObject({ message: expect.stringContaining('TLS') as unknown });
    const result = await provider.send(msg({ text: 'Через TLS' }));
    expect(result.update.status).toBe('sent');
    expect(server.messages).toHaveLength(1);
    expect(server.messages[0]).toMatchObject({ secure: true, user: USER });
    const plain = allParts(parseMessage(server.messages[0]!.raw)).find((p) => p.type === 'text/plain');
    expect(plain && partText(plain)).toBe('Через TLS');
  });

  it('security "none" talks plain SMTP, even to a server offering STARTTLS', async () => {
    const server = await peer();
    const provider = smtp(server, { security: 'none', username: '' }, {});
    await expect(provider.check()).resolves.toMatchObject({ message: expect.stringContaining('no login') as unknown });
    await provider.send(msg());
    expect(server.messages[0]).toMatchObject({ secure: false, user: undefined });
  });

  it('a wrong password is an account error in the server own words, naming the server', async () => {
    const server = await peer({ auth: { user: USER, pass: PASS } });
    const provider = smtp(server, {}, { password: 'wrong' });

    const checked = await providerError(provider.check());
    expect(checked.errorClass).toBe('account');
    expect(checked.message).toContain('535 Authentication failed');
    expect(checked.message).toContain(`127.0.0.1:${server.port}`);
    expect(checked.providerCode).toBe('535');

    const sent = await providerError(provider.send(msg()));
    expect(sent.errorClass).toBe('account');
    expect(sent.message).toContain('535 Authentication failed');
    expect(server.authFailures).toEqual([USER, USER]);
    expect(server.messages).toHaveLength(0);
  });

  it('a recipient refused with 550 is a recipient error; 451 is retryable', async () => {
    const server = await peer({ auth: { user: USER, pass: PASS } });
    const provider = smtp(server);

    const refused = await providerError(provider.send(msg({ to: PEER_ADDRESSES.refused })));
    expect(refused.errorClass).toBe('recipient');
    expect(refused.providerCode).toBe('550');
    expect(refused.message).toContain(`550 ${REFUSED_REPLY}`);

    const deferred = await providerError(provider.send(msg({ to: PEER_ADDRESSES.deferred })));
    expect(deferred.errorClass).toBe('retryable');
    expect(deferred.providerCode).toBe('451');
    expect(deferred.message).toContain(`451 ${DEFERRED_REPLY}`);

    expect(server.messages).toHaveLength(0);
    // The same provider still sends to a good recipient afterwards.
    await expect(provider.send(msg())).resolves.toMatchObject({ update: { status: 'sent' } });
  });

  it('a connection lost before the message is retryable; lost after the message data, unknown outcome', async () => {
    const server = await peer({ auth: { user: USER, pass: PASS } });
    const provider = smtp(server);

    // A big message, so that its stream would have started flowing if anything read it before DATA.
    const big = crypto.randomBytes(3 * 1024 * 1024);
    const inline = [{ cid: 'big', filename: 'big.png', contentType: 'image/png', content: big }];
    const early = await providerError(provider.send(msg({ to: PEER_ADDRESSES.dropAtRcpt, inline })));
    expect(early.errorClass).toBe('retryable');
    expect(server.messages).toHaveLength(0);

    const late = await providerError(provider.send(msg({ to: PEER_ADDRESSES.dropAfterData, inline })));
    expect(late.errorClass).toBe('unknown_outcome');
    expect(late.message).toContain('may have been accepted');
    // The server did get the whole message: exactly why this must not be resent on our own.
    expect(server.messages).toHaveLength(1);
    expect(server.messages[0]?.answered).toBe(false);
  });

  it('a refused connection is retryable, for check and send alike', async () => {
    const port = await unusedPort();
    const provider = smtp({ host: '127.0.0.1', port });
    const checked = await providerError(provider.check());
    expect(checked.errorClass).toBe('retryable');
    expect(checked.message).toContain(`127.0.0.1:${port}`);
    expect(checked.providerCode).toBe('ECONNREFUSED');
    const sent = await providerError(provider.send(msg()));
    expect(sent.errorClass).toBe('retryable');
  });

  it('CR/LF and other control characters in names, subjects and the sender never make a header', async () => {
    const server = await peer({ auth: { user: USER, pass: PASS } });
    const inject = '\r\nBcc: victim@example.com';
    const provider = smtp(server, {
      fromName: `Shop${inject}`,
      unsubscribeUrl: `https://example.com/u${inject}`,
      unsubscribeMailto: `unsubscribe@example.com?subject=bye${inject}`,
    });

    await provider.send(
      msg({
        subject: `Hello${inject}\r\n\r\nfake body`,
        inline: [{ cid: `pic${inject}`, filename: `a${inject}.png`, contentType: 'image/png', content: png() }],
        html: '<img src="cid:pic">',
      }),
    );
    await provider.send(msg({ sender: `Evil${inject}`, subject: `Lone\rCR\nLF\u0000NUL\u2028LS\u007fDEL\tTAB` }));
    await provider.send(msg({ sender: `"Quoted", <x@evil.example>${inject}` }));

    expect(server.messages).toHaveLength(3);
    const allowed = new Set([
      'from',
      'to',
      'subject',
      'message-id',
      'date',
      'mime-version',
      'content-type',
      'content-transfer-encoding',
      'list-unsubscribe',
      'list-unsubscribe-post',
    ]);
    for (const got of server.messages) {
      // The envelope: only the intended recipient.
      expect(got.to).toEqual(['anna@example.org']);
      const fields = unfoldHeaders(headerBlock(got.raw));
      const names = fields.map((f) => f.slice(0, f.indexOf(':')).toLowerCase());
      expect(names.filter((n) => !allowed.has(n))).toEqual([]);
      expect(names.filter((n) => n === 'from' || n === 'to' || n === 'subject')).toHaveLength(3);
      // No header line of the message or of any MIME part starts a Bcc.
      for (const part of allParts(parseMessage(got.raw))) {
        expect(part.headers.map((h) => h.name.toLowerCase())).not.toContain('bcc');
      }
    }
    const [first, second, third] = server.messages.map((m) => parseMessage(m.raw));
    // The colon makes nodemailer quote the name: it stays one display name.
    expect(first?.header('From')).toBe('"Shop Bcc: victim@example.com" <news@example.com>');
    expect(first?.header('Subject')).toBe('Hello Bcc: victim@example.com fake body');
    expect(first?.header('List-Unsubscribe')).toBe(
      '<https://example.com/uBcc:%20victim@example.com>, <mailto:unsubscribe@example.com?subject=bye%20Bcc%3A%20victim%40example.com>',
    );
    const picture = first && allParts(first).find((p) => p.type === 'image/png');
    expect(picture?.header('Content-ID')).toBe('<picBcc:victim@example.com>');
    expect(second?.header('From')).toBe('"Evil Bcc: victim@example.com" <news@example.com>');
    expect(second?.header('Subject')).toBe('Lone CR LF NUL LS DEL TAB');
    // A display name full of address syntax stays a name: the From address is still ours.
    expect(third?.header('From')).toMatch(/<news@example\.com>$/);
    expect(server.messages[2]?.from).toBe('news@example.com');
  });

  it('a recipient with a line break or a second address is refused before connecting', async () => {
    const server = await peer({ auth: { user: USER, pass: PASS } });
    const provider = smtp(server);
    for (const to of ['anna@example.org\r\nBcc: victim@example.com', 'anna@example.org, victim@example.com']) {
      const err = await providerError(provider.send(msg({ to })));
      expect(err.errorClass).toBe('recipient');
    }
    expect(server.messages).toHaveLength(0);
  });

  it('the sender of a message replaces the account name as the display name', async () => {
    const server = await peer({ auth: { user: USER, pass: PASS } });
    const provider = smtp(server);
    await provider.send(msg({ sender: 'Отдел продаж' }));
    // The account's own address as the "sender" (the channel service's fallback) is not a name: fromName stays.
    await provider.send(msg({ sender: 'News@Example.com' }));
    const [named, fallback] = server.messages.map((m) => parseMessage(m.raw).header('From'));
    expect(named).toBe('Отдел продаж <news@example.com>');
    expect(fallback).toBe('Вестник <news@example.com>');
  });

  it('List-Unsubscribe (with one-click when there is a link) when configured', async () => {
    const server = await peer({ auth: { user: USER, pass: PASS } });
    await smtp(server, {
      unsubscribeUrl: 'https://example.com/unsubscribe?list=news&u=42',
      unsubscribeMailto: 'unsubscribe@example.com',
    }).send(msg());
    await smtp(server, { unsubscribeMailto: 'mailto:leave@example.com?subject=Отписка' }).send(msg());

    const [both, mailOnly] = server.messages.map((m) => parseMessage(m.raw));
    expect(both?.header('List-Unsubscribe')).toBe(
      '<https://example.com/unsubscribe?list=news&u=42>, <mailto:unsubscribe@example.com?subject=unsubscribe>',
    );
    expect(both?.header('List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(mailOnly?.header('List-Unsubscribe')).toBe(
      `<mailto:leave@example.com?subject=${encodeURIComponent('Отписка')}>`,
    );
    expect(mailOnly?.header('List-Unsubscribe-Post')).toBeUndefined();
  });

  it('a self-signed certificate is refused unless allowSelfSigned', async () => {
    for (const secure of [false, true]) {
      const server = await peer({ secure, auth: { user: USER, pass: PASS } });
      const security = secure ? 'tls' : 'starttls';
      const strict = smtp(server, { security, allowSelfSigned: 'false' });

      const checked = await providerError(strict.check());
      expect(checked.errorClass).toBe('account');
      expect(checked.message).toContain('Allow a self-signed certificate');
      expect(checked.message).toContain(`127.0.0.1:${server.port}`);
      const sent = await providerError(strict.send(msg()));
      expect(sent.errorClass).toBe('account');
      expect(server.messages).toHaveLength(0);

      const trusting = smtp(server, { security, allowSelfSigned: 'true' });
      await expect(trusting.check()).resolves.toBeTruthy();
      await trusting.send(msg());
      expect(server.messages).toHaveLength(1);
    }
  });

  it('STARTTLS required but not offered is an account error with a hint', async () => {
    const server = await peer({ starttls: false });
    const err = await providerError(smtp(server, { username: '' }, {}).check());
    expect(err.errorClass).toBe('account');
    expect(err.message).toContain('STARTTLS');
    expect(err.message).toContain('security setting');
  });

  it('bad settings are an account error without connecting', async () => {
    const server = await peer({ auth: { user: USER, pass: PASS } });
    const bad: Record<string, string>[] = [
      { from: 'not an address' },
      { from: 'Shop <news@example.com>' },
      { port: '99999' },
      { host: 'smtp.example.com\r\nX: y' },
      { unsubscribeUrl: 'javascript:alert(1)' },
      { unsubscribeMailto: 'not an address' },
    ];
    for (const settings of bad) {
      const provider = smtp(server, settings);
      expect((await providerError(provider.check())).errorClass).toBe('account');
      expect((await providerError(provider.send(msg()))).errorClass).toBe('account');
    }
    expect(server.messages).toHaveLength(0);
    expect(server.authFailures).toHaveLength(0);
  });

  it('status is "sent" (SMTP reports nothing after accepting); no balance, no cost', async () => {
    const provider = smtp({ host: '127.0.0.1', port: 25 });
    await expect(provider.status(['<x@example.com>'], { id: 'm1', to: 'anna@example.org' })).resolves.toMatchObject({
      status: 'sent',
    });
    await expect(provider.balance()).resolves.toBeNull();
    await expect(provider.cost([msg()])).resolves.toBeNull();
  });
});
