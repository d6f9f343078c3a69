import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../electron/core/clock';
import { createHttpClient, type HttpClient } from '../../../electron/core/channels/http';
import { createKannel } from '../../../electron/core/channels/providers/kannel';
import {
  ProviderError,
  type OutMessage,
  type Provider,
  type StatusUpdate,
} from '../../../electron/core/channels/types';
import { countSms } from '../../../shared/domain/sms';
import {
  isAlive,
  kannelMissing,
  kannelRequired,
  pollUntil,
  startKannel,
  type KannelPeer,
  type ReceivedSms,
} from '../../peers/kannel';

/**
 * The Kannel provider against a real Kannel 1.4.5 (bearerbox + smsbox + fakesmsc as the operator, see
 * test/peers/kannel.ts). Arrival is proved by what fakesmsc printed; delivery reports by a local listener that
 * plays the app's callback listener and feeds provider.parseCallback.
 */

const missing = kannelMissing();
const skip = missing !== null && !kannelRequired();
if (skip) console.warn(`Kannel provider tests skipped: ${missing}`);
/** bearerbox keeps this many messages while the link is down, then smsbox answers 503. */
const QUEUE_LIMIT = 2;
const TOKEN = 'test-token';

interface Report {
  /** The request as Kannel made it. */
  url: string;
  /** The message id in the path, as the app's listener reads it (path-style callbacks only). */
  pathId: string | undefined;
  messageId: string;
  update: StatusUpdate;
}

interface Listener {
  base: string;
  requests: string[];
  reports: Report[];
  close(): Promise<void>;
}

let nonce = 0;
const unique = (label: string) => `${label}-${process.pid}-${Date.now().toString(36)}-${++nonce}`;
let numbers = 0;
const phone = () => `+7920${String(1_000_000 + process.pid * 100 + ++numbers).slice(-7)}`;

async function failure(p: Promise<unknown>): Promise<ProviderError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ProviderError);
    return err as ProviderError;
  }
  throw new Error('expected the call to fail');
}

describe.skipIf(skip)(`Kannel provider against a real Kannel gateway${skip ? ` (skipped: ${missing})` : ''}`, () => {
  let kannel: KannelPeer;
  let client: HttpClient;
  let listener: Listener;

  const make = (
    over: { password?: string; from?: string; callback?: 'path' | 'query' | 'none'; url?: string } = {},
  ): Provider =>
    createKannel({
      accountId: 1,
      settings: { url: over.url ?? kannel.sendsmsUrl, username: kannel.username, from: over.from ?? 'Vestnik' },
      secrets: { password: over.password ?? kannel.password },
      http: client,
      clock: systemClock,
      timeoutMs: 10_000,
      callbackUrl:
        over.callback === 'none'
          ? undefined
          : (id) =>
              over.callback === 'query'
                ? // A base that already has a query string.
                  `${listener.base}/dlr?account=1&id=not-this-one`
                : // The shape of the app's listener (electron/core/channels/callbacks.ts).
                  `${listener.base}/cb/${TOKEN}/1/${encodeURIComponent(id)}`,
    });

  /** Parts fakesmsc got for `to`. */
  const arrivedFor = (to: string) => kannel.received().filter((p) => p.to === to);
  const waitArrived = (what: string, to: string, count: number) =>
    pollUntil(`${what} to reach the operator`, () => {
      const got = arrivedFor(to);
      return got.length >= count && got;
    });
  /** Waits until the delivery reports for `id` include every status in `want`. */
  const waitReports = (id: string, want: StatusUpdate['status'][]) =>
    pollUntil(`delivery reports ${want.join(', ')} for ${id}`, () => {
      const got = listener.reports.filter((r) => r.messageId === id);
      return want.every((s) => got.some((r) => r.update.status === s)) && got;
    });

  beforeAll(async () => {
    if (missing) throw new Error(`${missing} (CI is set, so the Kannel tests must run)`);
    client = createHttpClient();
    listener = await startListener(() => make());
    kannel = await startKannel({ queueLimit: QUEUE_LIMIT });
  });

  afterAll(async () => {
    await client?.close();
    await listener?.close();
    if (kannel) {
      const pids = [...kannel.startedPids];
      await kannel.stop();
      expect(pids.length).toBeGreaterThanOrEqual(3);
      expect(pids.filter(isAlive)).toEqual([]);
      expect(kannel.runningPids()).toEqual([]);
      expect(fs.existsSync(kannel.dir)).toBe(false);
    }
  });

  it('check: an empty recipient proves the gateway answers and accepts the login; no balance, no cost', async () => {
    const res = await make().check();
    expect(res.message).toContain(`"${kannel.username}"`);
    // Kannel's own words: it checked the login, then refused the empty receiver.
    expect(res.message).toContain('Empty receiver number not allowed, rejected');
    expect(res.balance ?? null).toBeNull();
    expect(await make().balance()).toBeNull();
    expect(await make().cost([{ id: 'x', to: '+79201234567', text: 'hi' }])).toBeNull();
  });

  it('a wrong password: Kannel’s words come through as an account error, for check and send', async () => {
    const bad = make({ password: 'wrong' });
    const err = await failure(bad.check());
    expect(err).toMatchObject({ errorClass: 'account', providerCode: 'http_403' });
    expect(err.message).toContain('Authorization failed for sendsms');
    const sendErr = await failure(bad.send({ id: unique('bad-pw'), to: phone(), text: 'never' }));
    expect(sendErr).toMatchObject({ errorClass: 'account', providerCode: 'http_403' });
    expect(sendErr.message).toContain('Authorization failed for sendsms');
  });

  it('Latin text: accepted ("0:") as sent, arrives once with its plus, and the reports parse to sent and delivered', async () => {
    // An id with characters Kannel would otherwise read as its own escapes (%A, %C…) once percent-encoded.
    const id = `${unique('lat')}/é +%A`;
    const to = phone();
    // Characters the query string must carry intact: % & + = and a plus in the number.
    const text = `Hello from Vestnik: 50% off & a+b=c, ${id.slice(0, 24)}`;
    const r = await make().send({ id, to, text });
    expect(r.providerIds).toEqual([id]);
    expect(r.parts).toBe(1);
    expect(r.update).toMatchObject({ status: 'sent', providerCode: '0', providerText: '0: Accepted for delivery' });

    const got = await waitArrived('the Latin text', to, 1);
    expect(got[0]).toMatchObject({ from: 'Vestnik', to, type: 'text', text });

    const reports = await waitReports(id, ['sent', 'delivered']);
    const sent = reports.find((x) => x.update.status === 'sent')!;
    const delivered = reports.find((x) => x.update.status === 'delivered')!;
    expect(sent.update).toMatchObject({ providerCode: '8', providerText: 'ACK/' });
    expect(delivered.update).toMatchObject({ providerCode: '1' });
    expect(delivered.update.at).toMatch(/^\d{4}-\d\d-\d\dT/);
    // The app's listener takes the id from the path; parseCallback must name the same message.
    for (const x of reports) expect(x.pathId).toBe(id);
    expect(arrivedFor(to)).toHaveLength(1);
  });

  it('Cyrillic text goes as UCS-2 and arrives intact; reports reach a callback URL that already had a query', async () => {
    const id = unique('cyr');
    const to = phone();
    const text = 'Привет! Ваш заказ готов — ждём вас.';
    expect(countSms(text).encoding).toBe('ucs2');
    const r = await make({ callback: 'query' }).send({ id, to, text, sender: 'Shop' });
    expect(r.update).toMatchObject({ status: 'sent', providerCode: '0' });

    const got = await waitArrived('the Cyrillic text', to, 1);
    expect(got[0]).toMatchObject({ from: 'Shop', to, type: 'ucs-2', text });

    const reports = await waitReports(id, ['sent', 'delivered']);
    expect(reports.every((x) => x.url.startsWith('/dlr?account=1&id=not-this-one&'))).toBe(true);
    expect(arrivedFor(to)).toHaveLength(1);
  });

  it('long texts are cut into concatenated parts that all arrive and join up again (Latin and Cyrillic)', async () => {
    const cases = [
      { label: 'Latin', text: Array.from({ length: 70 }, (_, i) => `word${i}`).join(' '), ucs2: false },
      { label: 'Cyrillic', text: 'Длинное сообщение для проверки склейки частей. '.repeat(4).trim(), ucs2: true },
    ];
    for (const c of cases) {
      const count = countSms(c.text);
      expect(count.encoding).toBe(c.ucs2 ? 'ucs2' : 'gsm7');
      expect(count.parts).toBeGreaterThanOrEqual(3);
      const id = unique(`long-${c.label}`);
      const to = phone();
      const r = await make().send({ id, to, text: c.text });
      expect(r.parts).toBe(count.parts);
      expect(r.update.status).toBe('sent');

      const parts = await waitArrived(`the long ${c.label} text`, to, count.parts);
      expect(parts).toHaveLength(count.parts);
      const refs = new Set(parts.map((p) => p.part?.ref));
      expect(refs.size).toBe(1);
      expect(parts.map((p) => p.part?.total)).toEqual(parts.map(() => count.parts));
      const ordered = [...parts].sort((a, b) => a.part!.seq - b.part!.seq);
      expect(ordered.map((p) => p.part!.seq)).toEqual(Array.from({ length: count.parts }, (_, i) => i + 1));
      expect(join(ordered, c.ucs2)).toBe(c.text);
      // One report of each kind for the whole text, in either order.
      await waitReports(id, ['sent', 'delivered']);
    }
  });

  it('a number with letters is refused by Kannel: recipient', async () => {
    const err = await failure(make().send({ id: unique('letters'), to: '+7920ABCDEFG', text: 'never' }));
    expect(err).toMatchObject({ errorClass: 'recipient', providerCode: 'http_400' });
    expect(err.message).toContain('Number(s) has/have been denied by white- and/or black-lists.');
  });

  it('no sender anywhere: Kannel refuses, an account error (a setting to fix, not this recipient)', async () => {
    const err = await failure(make({ from: '' }).send({ id: unique('nosender'), to: phone(), text: 'never' }));
    expect(err).toMatchObject({ errorClass: 'account', providerCode: 'http_400' });
    expect(err.message).toContain('Sender missing and no global set, rejected');
  });

  it('link to the operator down: queued ("3:"), 503 retryable once bearerbox’s queue is full; after the link is back the queued ones arrive with reports', async () => {
    await kannel.stopLink('kill');
    const p = make();
    const first = { id: unique('queued'), to: phone(), text: `Waiting for the link ${nonce}` };
    const r = await p.send(first);
    expect(r.update).toMatchObject({ status: 'queued', providerCode: '3' });
    expect(r.update.providerText).toContain('3: Queued for later delivery');
    expect(r.update.providerText).toMatch(/no live link to the operator/);

    const fillers: OutMessage[] = [];
    for (let i = 1; i < QUEUE_LIMIT; i++) {
      const m = { id: unique('filler'), to: phone(), text: `Filler ${i} ${nonce}` };
      expect((await p.send(m)).update.status).toBe('queued');
      fillers.push(m);
    }
    const full = await failure(p.send({ id: unique('full'), to: phone(), text: 'The queue is full' }));
    expect(full).toMatchObject({ errorClass: 'retryable', providerCode: 'http_503' });
    expect(full.message).toContain('Temporal failure, try again later.');
    expect(arrivedFor(first.to)).toHaveLength(0);

    await kannel.startLink();
    const got = await waitArrived('the queued message', first.to, 1);
    expect(got[0]).toMatchObject({ type: 'text', text: first.text });
    for (const m of fillers) expect((await waitArrived('a queued filler', m.to, 1))[0]!.text).toBe(m.text);
    await waitReports(first.id, ['sent', 'delivered']);
  }, 90_000);

  it('link stopped by the admin: "Not routable" is an account error, its DLR 16 parses to failed; a send after start-smsc arrives', async () => {
    await kannel.stopLink('admin');
    const id = unique('unroutable');
    const err = await failure(make().send({ id, to: phone(), text: 'No route' }));
    expect(err).toMatchObject({ errorClass: 'account', providerCode: 'http_403' });
    expect(err.message).toContain('Not routable. Do not try again.');
    const [report] = await waitReports(id, ['failed']);
    expect(report!.update).toMatchObject({ status: 'failed', providerCode: '16', providerText: 'NACK/no SMSC' });

    await kannel.startLink();
    const after = { id: unique('after'), to: phone(), text: `Back again ${nonce}` };
    expect((await make().send(after)).update.status).toBe('sent');
    expect((await waitArrived('the message after start-smsc', after.to, 1))[0]!.text).toBe(after.text);
  }, 90_000);

  it('smsbox down (connection refused): retryable for send and check; fine again after a restart', async () => {
    await kannel.stopSmsbox();
    const err = await failure(make().send({ id: unique('refused'), to: phone(), text: 'Nobody listens' }));
    expect(err.errorClass).toBe('retryable');
    expect(err.message).toContain('ECONNREFUSED');
    expect((await failure(make().check())).errorClass).toBe('retryable');

    await kannel.startSmsbox();
    expect((await make().check()).message).toContain('Empty receiver number not allowed');
  }, 90_000);

  it('without a callback listener no dlr-url is sent, and the message still goes', async () => {
    const id = unique('nocb');
    const to = phone();
    const r = await make({ callback: 'none' }).send({ id, to, text: 'No reports wanted' });
    expect(r.update.status).toBe('sent');
    await waitArrived('the message without reports', to, 1);
    expect(listener.requests.some((u) => u.includes(encodeURIComponent(id)))).toBe(false);
  });

  it('status(): Kannel has no status query, so the answer is an honest unknown', async () => {
    const s = await make().status(['x'], { id: 'x', to: '+79201234567' });
    expect(s.status).toBe('unknown');
    expect(s.providerText).toMatch(/delivery reports/);
  });

  it('parseCallback maps every report type and ignores what is not ours', () => {
    const p = make();
    const parse = (q: string) => p.parseCallback!({ path: '/dlr', query: new URLSearchParams(q), body: '' });
    const cases: [number, StatusUpdate['status']][] = [
      [1, 'delivered'],
      [2, 'failed'],
      [4, 'queued'],
      [8, 'sent'],
      [16, 'failed'],
      [32, 'sent'],
      [34, 'failed'],
    ];
    for (const [type, status] of cases) {
      const [u] = parse(`id=other&id=m1&type=${type}&reply=stat%3ADELIVRD&time=1700000000`);
      expect(u).toEqual({
        messageId: 'm1',
        update: { status, providerCode: String(type), providerText: 'stat:DELIVRD', at: '2023-11-14T22:13:20.000Z' },
      });
    }
    expect(parse('id=m1&type=34&reply=')[0]!.update.providerText).toMatch(/expired/);
    expect(parse('type=1')).toEqual([]);
    expect(parse('id=m1')).toEqual([]);
    expect(parse('id=m1&type=%d')).toEqual([]);
  });
});

/** Joins the parts of a concatenated message: UCS-2 bytes as UTF-16BE, GSM parts as text. */
function join(parts: ReceivedSms[], ucs2: boolean): string {
  const bytes = Buffer.concat(parts.map((p) => p.bytes));
  return ucs2 ? Buffer.from(bytes).swap16().toString('utf16le') : bytes.toString('utf8');
}

/** Plays the app's callback listener: records what Kannel calls and what parseCallback makes of it. */
async function startListener(provider: () => Provider): Promise<Listener> {
  const requests: string[] = [];
  const reports: Report[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(req.url ?? '');
    const m = /^\/cb\/([^/]+)\/(\d+)\/([^/]+)$/.exec(url.pathname);
    const pathId = m && m[1] === TOKEN ? decodeURIComponent(m[3]!) : undefined;
    for (const r of provider().parseCallback!({ path: url.pathname, query: url.searchParams, body: '' })) {
      reports.push({ url: req.url ?? '', pathId, messageId: r.messageId, update: r.update });
    }
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    reports,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
