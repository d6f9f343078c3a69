// Provider faults under the delivery contract (electron/core/campaigns/dispatcher.ts): a retry happens only when
// the provider provably did not take the message (503, 429, connection refused), an answer that may hide an
// acceptance (reset after the request was read, a reply slower than the time limit, a provider bug) leaves the
// row `unknown` and it is not sent again on our own; a full outage pauses the campaign with the gateway's words
// and it resumes by itself once the gateway answers a check; "no credits" pauses it with the rest queued.
//
// The real HTTP path is used where the network is the fault: the generic 'http' gateway provider (and SMS.ru for
// "no credits") against loopback servers that record what they accepted. A scripted in-process provider is used
// where the fault is the provider's own behaviour. The fake clock drives backoff, Retry-After and the outage
// probe; only the HTTP time limit runs on real time.
import fc from 'fast-check';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Dispatcher, type DispatcherOptions } from '../../electron/core/campaigns/dispatcher';
import { ProviderError, type OutMessage, type Provider, type SendResult } from '../../electron/core/channels/types';
import { createCore, type Core } from '../../electron/core/core';
import { openDatabase } from '../../electron/core/db/open';
import { insertContactsBulk } from '../../electron/core/repos/contacts-bulk';
import { VestnikError } from '../../shared/ipc/result';
import { fakeClock } from '../helpers/core';
import { tempDir } from '../helpers/temp';
import { startLoopback, type Loopback, type SimRequest } from '../simulators/loopback';
import { startSmsRuSim } from '../simulators/smsru';

const closers: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

// --- the world: a core with contacts, an account and a launched campaign -----------------------------------

type Clock = ReturnType<typeof fakeClock>;

interface World {
  dbPath: string;
  clock: Clock;
  core: Core;
  campaignId: number;
  accountId: number;
  phones: string[];
}

const phone = (i: number) => `+7916${String(i).padStart(7, '0')}`;

async function world(o: {
  n: number;
  account?: { provider: 'http' | 'smsru'; settings: Record<string, string>; secrets?: Record<string, string> };
  providerTimeoutMs?: number;
}): Promise<World> {
  const clock = fakeClock();
  const dbPath = path.join(tempDir(), 'v.db');
  const core = createCore({
    dbPath,
    shell: 'test',
    clock,
    // The vault is only needed for providers with secrets (scrypt costs time).
    passphrase: o.account?.secrets ? 'correct horse battery staple' : undefined,
    providerTimeoutMs: o.providerTimeoutMs,
  });
  closers.push(() => core.close());
  const phones = Array.from({ length: o.n }, (_, i) => phone(i));
  insertContactsBulk(
    core.db,
    phones.map((p, i) => ({
      phone: p,
      email: null,
      lastName: '',
      firstName: i % 2 ? 'Иван' : '',
      middleName: '',
      telegramChatId: null,
      attributes: {},
    })),
    clock.now().toISOString(),
    'test',
  );
  const { account } = await core.handlers['accounts:save']({
    account: {
      name: 'Шлюз',
      // Not reached by the scripted provider; the account must exist and send SMS.
      ...(o.account ?? { provider: 'http', settings: { url: 'http://127.0.0.1:9/send?to={to}&text={text}' } }),
    },
  });
  const c = core.handlers['campaigns:create']({
    name: 'Акция',
    spec: {
      channels: [{ channel: 'sms', accountId: account.id }],
      mode: 'priority',
      audience: { kind: 'all' },
      text: 'Привет, {first_name|клиент}!',
      // Transactional: quiet hours are dispatch-schedule.test.ts's business.
      marketing: false,
      quietHours: { from: '09:00', to: '21:00' },
    },
  });
  core.handlers['campaigns:launch']({ id: c.id });
  return { dbPath, clock, core, campaignId: c.id, accountId: account.id, phones };
}

/** A dispatcher on its own connection, as the worker runs it. */
function dispatcher(w: World, provider: DispatcherOptions['provider'], extra: Partial<DispatcherOptions> = {}) {
  const db = openDatabase(w.dbPath);
  closers.push(() => db.open && db.close());
  return new Dispatcher({ db, clock: w.clock, provider, batch: 8, ...extra });
}

/** The real provider of the account, built by the core (settings, secrets, HTTP client, time limit). */
const realProvider = (w: World) => (id: number) => w.core.channels.providerFor(id);

/**
 * Rounds until nothing is left to do; when a round finds nothing due, time moves on by `stepMs`. With `flowMs`
 * the rounds send in flow, as untilIdle() does (replies recorded and rows claimed as they come back).
 */
async function drive(
  d: Dispatcher,
  w: World,
  o: { stepMs?: number; maxRounds?: number; flowMs?: number } = {},
): Promise<number> {
  const max = o.maxRounds ?? 5000;
  for (let i = 0; i < max; i++) {
    const r = await d.round(o.flowMs ? { flowMs: o.flowMs } : {});
    if (r.busy) continue;
    if (!d.pending()) return i;
    w.clock.advance(o.stepMs ?? 1000);
  }
  throw new Error(`not idle after ${max} rounds: ${JSON.stringify(status(w))}`);
}

const status = (w: World) => w.core.handlers['campaigns:get']({ id: w.campaignId });

interface OutboxRow {
  id: number;
  address: string;
  state: string;
  attempts: number;
  not_before: string | null;
  provider_text: string | null;
  error_class: string | null;
}

function outbox(w: World): OutboxRow[] {
  return w.core.db
    .prepare(
      `SELECT id, address, state, attempts, not_before, provider_text, error_class FROM outbox
       WHERE campaign_id = ? ORDER BY id`,
    )
    .all(w.campaignId) as OutboxRow[];
}

const row = (w: World, address: string) => outbox(w).find((r) => r.address === address)!;

function tally(list: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of list) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
}

/** Every recipient accepted exactly once by the gateway. */
function expectEachOnce(accepted: readonly string[], phones: readonly string[]) {
  const times = tally(accepted);
  expect([...times.values()].filter((n) => n > 1)).toEqual([]);
  expect([...times.keys()].sort()).toEqual([...phones].sort());
}

// --- a loopback HTTP gateway (the generic 'http' provider's counterpart) ------------------------------------

interface Gateway {
  loop: Loopback;
  /** Recipients the gateway took, in order (duplicates kept). */
  accepted: string[];
  sends: () => SimRequest[];
  /** While true the gateway answers 503 to everything, sends and balance checks alike. */
  down: boolean;
  /** Per-recipient override of the reply (null: accept). */
  refuse?: (to: string, attempt: number) => { status: number; headers?: Record<string, string>; body: string } | null;
  settings: Record<string, string>;
}

async function gateway(): Promise<Gateway> {
  let n = 0;
  const seen = new Map<string, number>();
  const gw: Gateway = {
    loop: undefined as unknown as Loopback,
    accepted: [],
    sends: () => gw.loop.requests.filter((r) => r.path === '/send'),
    down: false,
    settings: {},
  };
  gw.loop = await startLoopback((req) => {
    if (gw.down) return { status: 503, body: 'Service temporarily unavailable' };
    if (req.path === '/balance') return { body: 'balance: 1000 RUB' };
    const to = req.query.get('to') ?? '';
    const attempt = (seen.get(to) ?? 0) + 1;
    seen.set(to, attempt);
    const refusal = gw.refuse?.(to, attempt);
    if (refusal) return refusal;
    gw.accepted.push(to);
    n += 1;
    return { body: { status: 'OK', id: `gw-${n}` } };
  });
  closers.push(() => gw.loop.close());
  gw.settings = {
    url: `${gw.loop.url}/send?to={to}&text={text}&id={id}`,
    method: 'GET',
    idPattern: '"id":"([^"]+)"',
    balanceUrl: `${gw.loop.url}/balance`,
    balancePattern: 'balance: (\\d+)',
  };
  return gw;
}

// --- a scripted in-process provider -------------------------------------------------------------------------

type Step =
  | 'accept'
  /** Refused before taking the message. */
  | ProviderError
  /** Took the message, then failed in a way that is not a ProviderError (a provider bug). */
  | { acceptThenThrow: Error }
  /** Took the message, then the answer was lost. */
  | { acceptThenUnknown: true };

class ScriptedProvider implements Provider {
  readonly id = 'http' as const;
  readonly channel = 'sms' as const;
  readonly accepted: string[] = [];
  readonly calls: string[] = [];
  checkImpl: () => Promise<{ message: string }> = () => Promise.resolve({ message: 'ok' });
  constructor(public plan: (m: OutMessage, attempt: number) => Step = () => 'accept') {}

  check() {
    return this.checkImpl();
  }
  balance() {
    return Promise.resolve(null);
  }
  cost() {
    return Promise.resolve(null);
  }
  status() {
    return Promise.resolve({ status: 'unknown' as const });
  }
  send(m: OutMessage): Promise<SendResult> {
    this.calls.push(m.to);
    const step = this.plan(m, this.calls.filter((t) => t === m.to).length);
    if (step instanceof ProviderError) return Promise.reject(step);
    this.accepted.push(m.to);
    if (step === 'accept') {
      return Promise.resolve({ providerIds: [`p-${this.accepted.length}`], update: { status: 'sent' } });
    }
    if ('acceptThenThrow' in step) return Promise.reject(step.acceptThenThrow);
    return Promise.reject(
      new ProviderError('unknown_outcome', 'No answer from the provider in time; the message may have been accepted'),
    );
  }
}

const retryable = (words = 'Service Unavailable', after?: number) =>
  new ProviderError('retryable', words, '503', after);

// -------------------------------------------------------------------------------------------------------------

describe('provider faults over HTTP (generic gateway on a loopback server)', () => {
  it('503: retried with exponential backoff (2 s, 4 s, 8 s ± 25 %), each recipient accepted once', async () => {
    const gw = await gateway();
    const w = await world({ n: 40, account: { provider: 'http', settings: gw.settings } });
    // Three recipients in the first batch are refused once; one of them three times.
    const flaky = new Set([w.phones[1]!, w.phones[4]!, w.phones[6]!]);
    const stubborn = w.phones[4]!;
    gw.refuse = (to, attempt) =>
      flaky.has(to) && attempt <= (to === stubborn ? 3 : 1) ? { status: 503, body: 'Service Unavailable' } : null;
    const d = dispatcher(w, realProvider(w));

    // Round 1: expands, claims 8, five accepted, three back in the queue with the gateway's words.
    await d.round();
    const t0 = w.clock.now().getTime();
    for (const to of flaky) {
      const r = row(w, to);
      expect(r).toMatchObject({
        state: 'queued',
        attempts: 1,
        error_class: 'retryable',
        provider_text: 'Gateway: Service Unavailable (HTTP 503)',
      });
      const wait = Date.parse(r.not_before!) - t0;
      expect(wait).toBeGreaterThanOrEqual(1500);
      expect(wait).toBeLessThanOrEqual(2500);
    }
    expect(status(w)).toMatchObject({ state: 'running', reason: null });

    // The stubborn one: each further refusal waits twice as long.
    const waits: number[] = [];
    for (let i = 0; i < 2; i++) {
      const due = Date.parse(row(w, stubborn).not_before!);
      w.clock.advance(due - w.clock.now().getTime());
      for (let j = 0; j < 20 && row(w, stubborn).attempts === i + 1; j++) await d.round();
      waits.push(Date.parse(row(w, stubborn).not_before!) - w.clock.now().getTime());
    }
    expect(waits[0]).toBeGreaterThanOrEqual(3000);
    expect(waits[0]).toBeLessThanOrEqual(5000);
    expect(waits[1]).toBeGreaterThanOrEqual(6000);
    expect(waits[1]).toBeLessThanOrEqual(10_000);

    await drive(d, w);
    expect(status(w)).toMatchObject({ state: 'finished', counts: { sent: 40, queued: 0, unknown: 0 } });
    expectEachOnce(gw.accepted, w.phones);
    // Exactly the refused requests were repeated, nothing else.
    expect(gw.sends()).toHaveLength(40 + 2 + 3);
    expect(row(w, stubborn).attempts).toBe(4);
  });

  it('429 with Retry-After: the row waits exactly as long as the gateway asked, then goes once', async () => {
    const gw = await gateway();
    const w = await world({ n: 20, account: { provider: 'http', settings: gw.settings } });
    const limited = w.phones[2]!;
    gw.refuse = (to, attempt) =>
      to === limited && attempt === 1
        ? { status: 429, headers: { 'retry-after': '120' }, body: 'Too Many Requests' }
        : null;
    const d = dispatcher(w, realProvider(w));
    await d.round();
    const t0 = w.clock.now().getTime();
    expect(row(w, limited)).toMatchObject({
      state: 'queued',
      error_class: 'retryable',
      provider_text: 'Gateway: Too Many Requests (HTTP 429)',
      not_before: new Date(t0 + 120_000).toISOString(),
    });
    // Everything else goes; the limited row waits, and the campaign is not finished without it.
    for (let i = 0; i < 500 && w.clock.now().getTime() < t0 + 119_000; i++) {
      const r = await d.round();
      if (!r.busy) w.clock.advance(1000);
    }
    expect(w.clock.now().getTime()).toBe(t0 + 119_000);
    expect(row(w, limited).state).toBe('queued');
    expect(gw.sends().filter((r) => r.query.get('to') === limited)).toHaveLength(1);
    expect(status(w)).toMatchObject({ state: 'running', counts: { sent: 19, queued: 1 } });
    await drive(d, w);
    expect(status(w)).toMatchObject({ state: 'finished', counts: { sent: 20 } });
    expectEachOnce(gw.accepted, w.phones);
    expect(gw.sends()).toHaveLength(21);
  });

  it('connection reset after the request was read: unknown, not resent on its own; "resend unknown" sends it once', async () => {
    const gw = await gateway();
    const w = await world({ n: 30, account: { provider: 'http', settings: gw.settings } });
    gw.loop.inject({ kind: 'drop' }, 2, '/send');
    const d = dispatcher(w, realProvider(w));
    await drive(d, w);

    const unknown = outbox(w).filter((r) => r.state === 'unknown');
    expect(unknown).toHaveLength(2);
    for (const r of unknown) {
      expect(r.error_class).toBe('unknown_outcome');
      expect(r.provider_text).toMatch(/broke before it answered .*the message may have been accepted/);
    }
    expect(status(w)).toMatchObject({ state: 'finished', counts: { sent: 28, unknown: 2, queued: 0 } });
    // Not one request was repeated: the dropped ones reached the gateway once and were left alone.
    expect(gw.sends()).toHaveLength(30);
    expect(new Set(gw.sends().map((r) => r.query.get('to'))).size).toBe(30);
    expect(gw.accepted).toHaveLength(28);

    // The user checked and asks to send them again: each goes once more, and only those.
    expect(w.core.handlers['campaigns:resend']({ id: w.campaignId, which: 'unknown' })).toMatchObject({
      requeued: 2,
      state: 'running',
    });
    await drive(d, w);
    expect(status(w)).toMatchObject({ state: 'finished', counts: { sent: 30, unknown: 0 } });
    expectEachOnce(gw.accepted, w.phones);
    expect(gw.sends()).toHaveLength(32);
  });

  it('replies slower than the time limit: unknown (the gateway did take them), never sent twice', async () => {
    const gw = await gateway();
    const w = await world({ n: 24, account: { provider: 'http', settings: gw.settings }, providerTimeoutMs: 300 });
    gw.loop.inject({ kind: 'slow', ms: 2000 }, 3, '/send');
    const d = dispatcher(w, realProvider(w));
    await drive(d, w);

    expect(status(w)).toMatchObject({ state: 'finished', counts: { sent: 21, unknown: 3, queued: 0 } });
    for (const r of outbox(w).filter((x) => x.state === 'unknown')) {
      expect(r.provider_text).toMatch(/^No answer from 127\.0\.0\.1:\d+ in time; the message may have been accepted$/);
    }
    // The slow replies do come, late: the gateway took every recipient once and was asked once per recipient.
    for (let i = 0; i < 200 && gw.accepted.length < 24; i++) await new Promise((r) => setTimeout(r, 50));
    expectEachOnce(gw.accepted, w.phones);
    expect(gw.sends()).toHaveLength(24);
    await drive(d, w);
    expect(gw.sends()).toHaveLength(24);
  });

  it('a full outage (503 to everything): paused with the gateway words, no sends while down, resumes by itself', async () => {
    const gw = await gateway();
    const w = await world({ n: 60, account: { provider: 'http', settings: gw.settings } });
    const d = dispatcher(w, realProvider(w));
    await d.round();
    expect(gw.accepted).toHaveLength(8);

    gw.down = true;
    await d.round();
    expect(status(w)).toMatchObject({
      state: 'paused',
      reason: 'outage: Gateway: Service temporarily unavailable (HTTP 503)',
      counts: { sent: 8, queued: 52, sending: 0 },
    });
    const sendsWhenPaused = gw.sends().length;
    // Ten minutes of outage: the gateway is only asked for its balance (the check), never sent anything.
    for (let i = 0; i < 60; i++) {
      await d.round();
      w.clock.advance(10_000);
    }
    expect(d.pending()).toBe(true);
    expect(status(w).state).toBe('paused');
    expect(gw.sends()).toHaveLength(sendsWhenPaused);
    expect(gw.loop.requests.filter((r) => r.path === '/balance').length).toBeGreaterThan(0);

    gw.down = false;
    await drive(d, w, { stepMs: 10_000 });
    expect(status(w)).toMatchObject({ state: 'finished', reason: null, counts: { sent: 60, queued: 0 } });
    expectEachOnce(gw.accepted, w.phones);
  });

  it('connection refused (gateway process down): provably not sent, so retried; pauses and resumes on recovery', async () => {
    // A gateway that can be stopped and started again on the same port.
    const accepted: string[] = [];
    let n = 0;
    const server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname === '/balance') return void res.end('balance: 5 RUB');
      accepted.push(url.searchParams.get('to') ?? '');
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ status: 'OK', id: `gw-${++n}` }));
    });
    const sockets = new Set<import('node:net').Socket>();
    server.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const stop = () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      });
    closers.push(() => server.listening && stop());
    const base = `http://127.0.0.1:${port}`;
    const w = await world({
      n: 40,
      account: {
        provider: 'http',
        settings: {
          url: `${base}/send?to={to}&text={text}&id={id}`,
          idPattern: '"id":"([^"]+)"',
          balanceUrl: `${base}/balance`,
          balancePattern: 'balance: (\\d+)',
        },
      },
    });
    const d = dispatcher(w, realProvider(w));
    await d.round();
    expect(accepted).toHaveLength(8);

    await stop();
    // Let the client notice its kept-alive connections are gone (a request written on one of those would be
    // an unknown outcome: the client cannot tell whether the gateway read it).
    await new Promise((r) => setTimeout(r, 100));
    await d.round();
    expect(status(w)).toMatchObject({
      state: 'paused',
      reason: `outage: No connection to 127.0.0.1:${port} (ECONNREFUSED)`,
      counts: { sent: 8, queued: 32 },
    });
    for (const r of outbox(w)
      .filter((x) => x.state === 'queued')
      .slice(0, 8)) {
      expect(r).toMatchObject({ error_class: 'retryable', attempts: 1 });
    }
    for (let i = 0; i < 10; i++) {
      await d.round();
      w.clock.advance(30_000);
    }
    expect(status(w).state).toBe('paused');

    await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    await drive(d, w, { stepMs: 10_000 });
    expect(status(w)).toMatchObject({ state: 'finished', counts: { sent: 40 } });
    expectEachOnce(accepted, w.phones);
  });

  it('"no credits" (SMS.ru): paused with SMS.ru words, the rest queued; after a top-up the user resumes, none twice', async () => {
    const sim = await startSmsRuSim({ accounts: [{ balance: 3.5 * 13, pricePerPart: 3.5 }] });
    closers.push(() => sim.close());
    const apiId = [...sim.accounts.keys()][0]!;
    const w = await world({
      n: 50,
      account: { provider: 'smsru', settings: { baseUrl: sim.url, sender: 'Vestnik' }, secrets: { apiId } },
    });
    const d = dispatcher(w, realProvider(w));
    await drive(d, w);

    const sentTo = () => [...sim.messages.values()].filter((m) => !m.test).map((m) => `+${m.to.replace(/^\+/, '')}`);
    expect(sentTo()).toHaveLength(13);
    expect(status(w)).toMatchObject({
      state: 'paused',
      reason: 'account: SMS.ru: Не хватает средств на лицевом счету',
      counts: { sent: 13, queued: 37, sending: 0, failed: 0, unknown: 0 },
    });
    // Queued rows kept the provider's words and were not counted as attempts.
    for (const r of outbox(w).filter((x) => x.state === 'queued' && x.error_class)) {
      expect(r).toMatchObject({ error_class: 'account', attempts: 0 });
    }
    expect(d.pending()).toBe(false);

    sim.accounts.get(apiId)!.balance = 1000;
    expect(w.core.handlers['campaigns:resume']({ id: w.campaignId })).toMatchObject({ state: 'running', reason: null });
    await drive(d, w);
    expect(status(w)).toMatchObject({ state: 'finished', counts: { sent: 50, queued: 0 } });
    expectEachOnce(sentTo(), w.phones);
  });
});

describe('provider faults from a scripted provider', () => {
  it('a recipient refusal fails that recipient only, with the provider words, and is never retried', async () => {
    const w = await world({ n: 16 });
    const bad = w.phones[3]!;
    const p = new ScriptedProvider((m) =>
      m.to === bad ? new ProviderError('recipient', 'Номер не обслуживается', '202') : 'accept',
    );
    await drive(
      dispatcher(w, () => p),
      w,
    );
    expect(status(w)).toMatchObject({ state: 'finished', counts: { sent: 15, failed: 1 } });
    expect(row(w, bad)).toMatchObject({ state: 'failed', provider_text: 'Номер не обслуживается', attempts: 1 });
    expect(p.calls.filter((t) => t === bad)).toHaveLength(1);
  });

  it('a provider that took the message and then threw (a bug, not a ProviderError): unknown, paused, not resent', async () => {
    const w = await world({ n: 16 });
    const victim = w.phones[5]!;
    const p = new ScriptedProvider((m, attempt) =>
      m.to === victim && attempt === 1
        ? { acceptThenThrow: new TypeError("Cannot read properties of undefined (reading 'id')") }
        : 'accept',
    );
    const d = dispatcher(w, () => p);
    await drive(d, w);
    expect(status(w)).toMatchObject({
      state: 'paused',
      reason: "error: Cannot read properties of undefined (reading 'id')",
    });
    expect(row(w, victim)).toMatchObject({ state: 'unknown' });
    // The user looks, decides, resumes: the rest goes, the victim is not sent a second time on our own.
    w.core.handlers['campaigns:resume']({ id: w.campaignId });
    await drive(d, w);
    expect(status(w)).toMatchObject({ state: 'finished', counts: { sent: 15, unknown: 1, queued: 0 } });
    expectEachOnce(p.accepted, w.phones);
  });

  it('the provider cannot be built (vault locked): nothing sent, rows stay queued, paused with the reason', async () => {
    const w = await world({ n: 12 });
    const locked = dispatcher(w, () => {
      throw new VestnikError('vault_locked', 'The secrets are locked: enter the passphrase');
    });
    await drive(locked, w);
    expect(status(w)).toMatchObject({
      state: 'paused',
      reason: 'vault_locked: The secrets are locked: enter the passphrase',
      counts: { queued: 12, sending: 0, unknown: 0 },
    });
    expect(outbox(w).every((r) => r.attempts === 0)).toBe(true);
    locked.release();

    const p = new ScriptedProvider();
    w.core.handlers['campaigns:resume']({ id: w.campaignId });
    await drive(
      dispatcher(w, () => p),
      w,
    );
    expect(status(w)).toMatchObject({ state: 'finished', counts: { sent: 12 } });
    expectEachOnce(p.accepted, w.phones);
  });

  it('an opt-out that arrives after expansion is honoured at send time', async () => {
    const w = await world({ n: 10 });
    const p = new ScriptedProvider();
    const d = dispatcher(w, () => p, { batch: 2 });
    await d.round(); // expands, sends the first two
    const contact = w.core.db.prepare('SELECT id FROM contacts WHERE phone = ?').pluck().get(w.phones[7]) as number;
    w.core.handlers['contacts:set-opt-out']({ id: contact, channel: 'sms', optedOut: true, reason: 'СТОП' });
    await drive(d, w);
    expect(status(w)).toMatchObject({ state: 'finished', counts: { sent: 9, suppressed: 1 } });
    expect(row(w, w.phones[7]!)).toMatchObject({ state: 'suppressed', provider_text: 'Opted out before sending' });
    expect(p.calls).not.toContain(w.phones[7]);
  });

  it('cancelled while a round is in flight: nothing goes back to the queue, nor is sent again later', async () => {
    const w = await world({ n: 20 });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    // Of the four in flight: one taken, two refused for now (503), one refused for good (bad number).
    const p = new ScriptedProvider((m) => {
      const i = w.phones.indexOf(m.to);
      if (i === 2) return new ProviderError('recipient', 'Неверный номер');
      return i % 2 ? retryable() : 'accept';
    });
    const slow: Provider = Object.assign(Object.create(p) as Provider, {
      send: async (m: OutMessage) => {
        await gate;
        return p.send(m);
      },
    });
    const d = dispatcher(w, () => slow, { batch: 4 });
    const inFlight = d.round();
    await new Promise((r) => setImmediate(r));
    expect(status(w).counts.sending).toBe(4);
    w.core.handlers['campaigns:cancel']({ id: w.campaignId });
    release();
    await inFlight;
    await drive(d, w);
    const s = status(w);
    expect(s.state).toBe('cancelled');
    expect(s.counts).toMatchObject({ sent: 1, failed: 1, queued: 0, sending: 0, skipped: 18 });
    expect(d.pending()).toBe(false);
    // "Resend failed" on a cancelled campaign would queue rows that nothing ever sends: refused.
    expect(() => w.core.handlers['campaigns:resend']({ id: w.campaignId, which: 'failed' })).toThrow(
      'Campaign 1 was cancelled: nothing more is sent from it',
    );
    await drive(d, w);
    expect(status(w).counts).toMatchObject({ sent: 1, failed: 1, queued: 0, skipped: 18 });
    expect(p.accepted).toEqual([w.phones[0]]);
  });

  it('cancelled while the outage check is running: it stays cancelled', async () => {
    const w = await world({ n: 20 });
    const p = new ScriptedProvider(() => retryable('Шлюз недоступен'));
    const d = dispatcher(w, () => p);
    await d.round();
    expect(status(w)).toMatchObject({ state: 'paused', reason: 'outage: Шлюз недоступен' });
    let answer!: () => void;
    p.checkImpl = () => new Promise((r) => (answer = () => r({ message: 'ok' })));
    w.clock.advance(60_000);
    const probing = d.round();
    await new Promise((r) => setImmediate(r));
    w.core.handlers['campaigns:cancel']({ id: w.campaignId });
    answer();
    await probing;
    await drive(d, w);
    expect(status(w)).toMatchObject({ state: 'cancelled', reason: 'cancelled by the user' });
    expect(p.accepted).toHaveLength(0);
  });

  it('paused by the user during an outage: it does not resume by itself when the provider recovers', async () => {
    const w = await world({ n: 20 });
    let up = false;
    const p = new ScriptedProvider(() => (up ? 'accept' : retryable('Шлюз недоступен')));
    p.checkImpl = () => (up ? Promise.resolve({ message: 'ok' }) : Promise.reject(retryable('Шлюз недоступен')));
    const d = dispatcher(w, () => p);
    await d.round();
    expect(status(w)).toMatchObject({ state: 'paused', reason: 'outage: Шлюз недоступен' });
    expect(w.core.handlers['campaigns:pause']({ id: w.campaignId })).toMatchObject({
      state: 'paused',
      reason: 'paused by the user (was running)',
    });
    up = true;
    for (let i = 0; i < 20; i++) {
      await d.round();
      w.clock.advance(60_000);
    }
    expect(status(w)).toMatchObject({ state: 'paused', reason: 'paused by the user (was running)' });
    expect(p.accepted).toHaveLength(0);
    w.core.handlers['campaigns:resume']({ id: w.campaignId });
    await drive(d, w);
    expect(status(w)).toMatchObject({ state: 'finished', counts: { sent: 20 } });
    expectEachOnce(p.accepted, w.phones);
  });

  it('property: any mix of faults — sent rows accepted once, failed never, unknown at most once; retries only when refused', async () => {
    const stepArb = fc.oneof(
      { weight: 6, arbitrary: fc.constant<'accept'>('accept') },
      { weight: 2, arbitrary: fc.constant('503') },
      { weight: 1, arbitrary: fc.integer({ min: 1, max: 300 }).map((s) => `429:${s}`) },
      { weight: 1, arbitrary: fc.constant('recipient') },
      { weight: 1, arbitrary: fc.constant('lost-before') },
      { weight: 1, arbitrary: fc.constant('lost-after') },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 10, max: 80 }),
        fc.integer({ min: 1, max: 24 }),
        fc.array(stepArb, { minLength: 1, maxLength: 200 }),
        fc.constantFrom(0, 20),
        async (n, batch, script, flowMs) => {
          const w = await world({ n });
          let k = 0;
          const log: [string, string][] = [];
          // The provider refuses or takes each message as the script says; unknown outcomes come in both kinds:
          // lost before it reached the provider, and lost after it took the message.
          const p = new ScriptedProvider((m) => {
            // The script runs once; after it the provider takes everything (an endless outage never ends).
            const s = script[k++] ?? 'accept';
            log.push([m.to, s]);
            if (s === 'accept') return 'accept';
            if (s === '503') return retryable();
            if (s.startsWith('429:')) return retryable('Too Many Requests', Number(s.slice(4)) * 1000);
            if (s === 'recipient') return new ProviderError('recipient', 'Абонент недоступен');
            if (s === 'lost-before') return new ProviderError('unknown_outcome', 'Связь оборвалась');
            return { acceptThenUnknown: true };
          });
          // Outage pauses resume by themselves (check() answers), so the campaign must end finished.
          await drive(
            dispatcher(w, () => p, { batch }),
            w,
            { stepMs: 5000, maxRounds: 20_000, flowMs },
          );
          expect(status(w).state).toBe('finished');
          const rows = outbox(w);
          const times = tally(p.accepted);
          expect(rows).toHaveLength(n);
          for (const r of rows) {
            const accepted = times.get(r.address) ?? 0;
            expect(['sent', 'failed', 'unknown']).toContain(r.state);
            if (r.state === 'sent') expect(accepted, r.address).toBe(1);
            if (r.state === 'failed') expect(accepted, r.address).toBe(0);
            if (r.state === 'unknown') expect(accepted, r.address).toBeLessThanOrEqual(1);
            // Asked again only after a refusal that proves the message was not taken (503, 429).
            const asked = log.filter(([to]) => to === r.address).map(([, s]) => s);
            expect(
              asked.slice(0, -1).every((s) => s === '503' || s.startsWith('429:')),
              asked.join(),
            ).toBe(true);
            expect(r.attempts).toBe(asked.length);
          }
          w.core.close();
        },
      ),
      { numRuns: 30 },
    );
  });
});
