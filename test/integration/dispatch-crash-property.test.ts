// Crashes at every step boundary of the dispatcher, as a property, and a pause/resume/restart storm.
//
// A crash is a dispatcher that stops for good at some point of its work, followed by a new one on a new
// connection (a restart). The crash points:
// - during batch expansion, during the claim, during the result commit: a temporary trigger on the doomed
//   connection fails the k-th write, so that transaction is rolled back exactly as after a kill -9, and the
//   dispatcher is abandoned;
// - after the `sending` commit, before the provider took anything: from the k-th send on, sends never return;
// - after the provider accepted, before the result commit: from the k-th send on, the gateway takes the message
//   and the answer never comes back.
// Each life runs the way a worker does — untilIdle() (sending in flow) or plain round() after round() — and the
// old connection is closed when it is abandoned, so nothing it left behind can be written later.
//
// The invariants after a final, undisturbed life: one outbox row per recipient, each in a terminal state (sent or
// unknown), the campaign finished, no recipient accepted twice, a `sent` recipient accepted exactly once, an
// `unknown` one at most once, exactly the rows in flight at the crashes marked unknown, and PRAGMA
// integrity_check ok. (The kill -9 test in dispatch-crash.test.ts does the same with real processes.)
import fc from 'fast-check';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Dispatcher } from '../../electron/core/campaigns/dispatcher';
import type { OutMessage, Provider, SendResult } from '../../electron/core/channels/types';
import { createCore, type Core } from '../../electron/core/core';
import { openDatabase, type Db } from '../../electron/core/db/open';
import { insertContactsBulk } from '../../electron/core/repos/contacts-bulk';
import { fakeClock } from '../helpers/core';
import { tempDir } from '../helpers/temp';
import { startLoopback } from '../simulators/loopback';

const closers: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

type Clock = ReturnType<typeof fakeClock>;
const LEASE_MS = 15_000;

interface World {
  dbPath: string;
  clock: Clock;
  core: Core;
  campaignId: number;
  phones: string[];
}

const phone = (i: number) => `+7916${String(i).padStart(7, '0')}`;

async function world(n: number, settings?: Record<string, string>): Promise<World> {
  const clock = fakeClock();
  const dbPath = path.join(tempDir(), 'v.db');
  const core = createCore({ dbPath, shell: 'test', clock });
  closers.push(() => core.close());
  const phones = Array.from({ length: n }, (_, i) => phone(i));
  insertContactsBulk(
    core.db,
    phones.map((p, i) => ({
      phone: p,
      email: null,
      lastName: '',
      firstName: i % 3 ? 'Мария' : '',
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
      provider: 'http',
      settings: settings ?? { url: 'http://127.0.0.1:9/send?to={to}&text={text}' },
    },
  });
  const c = core.handlers['campaigns:create']({
    name: 'Crash',
    spec: {
      channels: [{ channel: 'sms', accountId: account.id }],
      mode: 'priority',
      audience: { kind: 'all' },
      text: 'Здравствуйте, {first_name|клиент}!',
      marketing: false,
      quietHours: { from: '09:00', to: '21:00' },
    },
  });
  core.handlers['campaigns:launch']({ id: c.id });
  return { dbPath, clock, core, campaignId: c.id, phones };
}

const status = (w: World) => w.core.handlers['campaigns:get']({ id: w.campaignId });
const count = (w: World, where: string) =>
  w.core.db
    .prepare(`SELECT count(*) FROM outbox WHERE campaign_id = ? AND ${where}`)
    .pluck()
    .get(w.campaignId) as number;

/** The gateway's memory: every recipient it took, in order, duplicates kept. */
class Gateway {
  readonly accepted: string[] = [];
  take(to: string): SendResult {
    this.accepted.push(to);
    return { providerIds: [`gw-${this.accepted.length}`], update: { status: 'sent' } };
  }
}

/** The provider of one life: normal until `after` sends, then as the crash says. */
function provider(gw: Gateway, crash?: { after: number; accept: boolean; onCrash: () => void }): Provider {
  let sends = 0;
  const never = new Promise<SendResult>(() => undefined);
  return {
    id: 'http',
    channel: 'sms',
    check: () => Promise.resolve({ message: 'ok' }),
    balance: () => Promise.resolve(null),
    cost: () => Promise.resolve(null),
    status: () => Promise.resolve({ status: 'unknown' }),
    send(m: OutMessage) {
      sends += 1;
      if (!crash || sends <= crash.after) return Promise.resolve(gw.take(m.to));
      crash.onCrash();
      if (crash.accept) gw.take(m.to);
      return never;
    },
  };
}

type CrashKind = 'expand' | 'claim' | 'sent-commit' | 'accepted' | 'record';

interface Crash {
  kind: CrashKind;
  /** Where in the work left it dies: the k-th write or send of that life, k = at × (the work left), at least 1. */
  at: number;
  /** Or exactly the k-th. */
  k?: number;
  mode: 'flow' | 'rounds';
}

/** Makes the k-th write of a kind on this connection fail, inside its transaction (which is rolled back). */
function armTrigger(db: Db, kind: 'expand' | 'claim' | 'record', k: number, onCrash: () => void): void {
  let n = 0;
  db.function('crash_point', () => {
    if (++n < k) return 0;
    onCrash();
    throw new Error(`crash at ${kind} #${k}`);
  });
  const on = {
    expand: `BEFORE INSERT ON main.outbox`,
    claim: `BEFORE UPDATE OF state ON main.outbox WHEN NEW.state = 'sending'`,
    record: `BEFORE UPDATE OF state ON main.outbox WHEN OLD.state = 'sending' AND NEW.state <> 'sending'`,
  }[kind];
  db.exec(`CREATE TEMP TRIGGER crash_${kind} ${on} BEGIN SELECT crash_point(); END`);
}

const tick = () => new Promise((r) => setImmediate(r));

/** Plain rounds, as `vestnik worker` without --until-idle runs them (minus its sleep). */
async function rounds(d: Dispatcher): Promise<void> {
  for (;;) {
    const r = await d.round();
    if (!r.busy && !d.pending()) return;
    if (!r.busy) await new Promise((res) => setTimeout(res, 20));
  }
}

/**
 * One life of a worker process. Without a crash it must end idle. With one, it runs until the crash point is
 * reached and nothing more moves, and is then abandoned: its connection is closed (a write after that throws,
 * so a dead process cannot touch the database). Returns the ids of the rows it left `sending`.
 */
async function life(
  w: World,
  gw: Gateway,
  crash: Crash | null,
  batch: number,
  mode: 'flow' | 'rounds' = crash?.mode ?? 'flow',
): Promise<number[]> {
  // A restart comes later than the dead process's lease (in the same process, its pid is never "gone").
  w.clock.advance(LEASE_MS + 1000);
  const db = openDatabase(w.dbPath);
  closers.push(() => db.open && db.close());
  const state: { crashed: boolean; ended: 'idle' | Error | null } = { crashed: false, ended: null };
  const onCrash = () => void (state.crashed = true);
  // The work left: rows to insert (while expanding), rows to claim and send, rows to settle.
  const left =
    (status(w).state === 'expanding' ? w.phones.length - count(w, '1') : 0) +
    count(w, `state = 'queued'`) +
    count(w, `state = 'sending'`);
  const k = crash?.k ?? Math.max(1, Math.ceil((crash?.at ?? 0) * left));
  if (crash && (crash.kind === 'expand' || crash.kind === 'claim' || crash.kind === 'record')) {
    armTrigger(db, crash.kind, k, onCrash);
  }
  const sendCrash =
    crash && (crash.kind === 'sent-commit' || crash.kind === 'accepted')
      ? { after: k - 1, accept: crash.kind === 'accepted', onCrash }
      : undefined;
  const p = provider(gw, sendCrash);
  const d = new Dispatcher({ db, clock: w.clock, provider: () => p, batch, leaseMs: LEASE_MS });
  const run = (mode === 'rounds' ? rounds(d) : d.untilIdle()).then(
    () => void (state.ended = 'idle'),
    (err: Error) => void (state.ended = err),
  );
  // Wait for the end of the life, or for the crash point and the quiet after it.
  const deadline = Date.now() + 10_000;
  for (let quiet = 0; state.ended === null && quiet < 5;) {
    await Promise.race([run, new Promise((r) => setTimeout(r, 2))]);
    await tick();
    if (state.crashed) quiet += 1;
    // A life that neither ends nor crashes is stuck (rows left `sending` for ever, say).
    if (Date.now() > deadline) throw new Error(`stuck: ${JSON.stringify(status(w).counts)}`);
  }
  const ended = state.ended;
  if (ended === null) {
    // Dead in mid-send: the round never finishes. Nothing of it may be written from now on.
    db.close();
  } else if (ended instanceof Error) {
    expect(ended.message).toMatch(/^crash at /);
    db.close();
  } else {
    // The crash point was never reached (the work ran out first): the process just ended.
    d.release();
    db.close();
  }
  return w.core.db
    .prepare(`SELECT id FROM outbox WHERE campaign_id = ? AND state = 'sending'`)
    .pluck()
    .all(w.campaignId) as number[];
}

function expectInvariants(w: World, gw: Gateway, inFlightAtCrashes: ReadonlySet<number>) {
  const check = openDatabase(w.dbPath);
  expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
  check.close();
  const rows = w.core.db
    .prepare('SELECT id, contact_id, address, state FROM outbox WHERE campaign_id = ?')
    .all(w.campaignId) as { id: number; contact_id: number; address: string; state: string }[];
  // None lost, none doubled: one row per recipient.
  expect(rows).toHaveLength(w.phones.length);
  expect(new Set(rows.map((r) => r.contact_id)).size).toBe(w.phones.length);
  expect(rows.map((r) => r.address).sort()).toEqual([...w.phones].sort());
  // One terminal status each, and the campaign knows it is done.
  const states = new Map<string, number>();
  for (const r of rows) states.set(r.state, (states.get(r.state) ?? 0) + 1);
  expect([...states.keys()].filter((s) => s !== 'sent' && s !== 'unknown')).toEqual([]);
  expect(status(w).state).toBe('finished');
  // Only what was in flight when a process died is unknown.
  expect(rows.filter((r) => r.state === 'unknown').map((r) => r.id)).toEqual(
    rows.filter((r) => inFlightAtCrashes.has(r.id)).map((r) => r.id),
  );
  // The gateway's view: sent = taken once, unknown = at most once, nobody twice.
  const times = new Map<string, number>();
  for (const to of gw.accepted) times.set(to, (times.get(to) ?? 0) + 1);
  expect([...times].filter(([, n]) => n > 1)).toEqual([]);
  for (const r of rows) {
    const n = times.get(r.address) ?? 0;
    if (r.state === 'sent') expect(n, r.address).toBe(1);
    else expect(n, r.address).toBeLessThanOrEqual(1);
  }
}

const crashArb = (kinds: CrashKind[]) =>
  fc.record({
    kind: fc.constantFrom(...kinds),
    at: fc.double({ min: 0, max: 1.05, noNaN: true }),
    mode: fc.constantFrom<'flow' | 'rounds'>('flow', 'rounds'),
  });

describe('crash at every step boundary (property)', () => {
  it('every recipient has exactly one terminal status; none accepted twice, none lost; integrity ok', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 20, max: 300 }),
        fc.integer({ min: 1, max: 64 }),
        crashArb(['expand', 'claim', 'sent-commit', 'accepted', 'record']),
        fc.array(crashArb(['claim', 'sent-commit', 'accepted', 'record']), { maxLength: 4 }),
        fc.constantFrom<'flow' | 'rounds'>('flow', 'rounds'),
        async (n, batch, first, more, finalMode) => {
          const w = await world(n);
          const gw = new Gateway();
          const inFlight = new Set<number>();
          for (const crash of [first, ...more]) for (const id of await life(w, gw, crash, batch)) inFlight.add(id);
          expect(await life(w, gw, null, batch, finalMode)).toEqual([]);
          expectInvariants(w, gw, inFlight);
          w.core.close();
        },
      ),
      { numRuns: 40 },
    );
  });

  it('crashes inside and between expansion chunks (4,100 recipients, chunks of 2,000) resume where they stopped', async () => {
    const w = await world(4100);
    const gw = new Gateway();
    const expanded = () =>
      w.core.db.prepare('SELECT expanded_through FROM campaigns WHERE id = ?').pluck().get(w.campaignId) as number;

    // Inside the second chunk: the first stays, the second is rolled back whole.
    await life(w, gw, { kind: 'expand', at: 0, k: 2000 + 137, mode: 'flow' }, 32);
    expect([count(w, '1'), expanded(), status(w).state]).toEqual([2000, 2000, 'expanding']);
    // The next life redoes the second chunk and dies inside the third.
    await life(w, gw, { kind: 'expand', at: 0, k: 2000 + 5, mode: 'rounds' }, 32);
    expect([count(w, '1'), expanded(), status(w).state]).toEqual([4000, 4000, 'expanding']);
    expect(gw.accepted).toHaveLength(0);

    // After the last chunk, before the campaign is marked running: nothing is sent twice from a half-done state.
    const db = openDatabase(w.dbPath);
    closers.push(() => db.open && db.close());
    const running = { crashed: false };
    db.function('crash_point', () => {
      running.crashed = true;
      throw new Error('crash at running');
    });
    db.exec(
      `CREATE TEMP TRIGGER crash_running BEFORE UPDATE OF state ON main.campaigns WHEN NEW.state = 'running'
       BEGIN SELECT crash_point(); END`,
    );
    w.clock.advance(LEASE_MS + 1000);
    const p = provider(gw);
    await expect(new Dispatcher({ db, clock: w.clock, provider: () => p }).untilIdle()).rejects.toThrow(
      'crash at running',
    );
    expect(running.crashed).toBe(true);
    db.close();
    expect([count(w, '1'), status(w).state]).toEqual([4100, 'expanding']);

    expect(await life(w, gw, null, 64)).toEqual([]);
    expectInvariants(w, gw, new Set());
    expect(count(w, `state = 'sent'`)).toBe(4100);
  });

  it('a worker that slept while another took over and died settles what the other left (lease taken back)', async () => {
    const w = await world(200);
    const gw = new Gateway();
    const open = () => {
      const db = openDatabase(w.dbPath);
      closers.push(() => db.open && db.close());
      return db;
    };
    const healthy = provider(gw);
    const a = new Dispatcher({ db: open(), clock: w.clock, provider: () => healthy, batch: 20 });
    for (let i = 0; i < 3; i++) await a.round();
    expect(gw.accepted).toHaveLength(60);

    // A sleeps (a laptop lid closed) past its lease; B starts, claims a batch and dies in mid-send.
    w.clock.advance(LEASE_MS + 1000);
    const bDb = open();
    const b = { dead: false };
    const dying = provider(gw, { after: 5, accept: true, onCrash: () => void (b.dead = true) });
    void new Dispatcher({ db: bDb, clock: w.clock, provider: () => dying, batch: 20 }).round();
    for (let i = 0; i < 10 && !b.dead; i++) await tick();
    expect(b.dead).toBe(true);
    bDb.close();
    const left = w.core.db
      .prepare(`SELECT id FROM outbox WHERE campaign_id = ? AND state = 'sending'`)
      .pluck()
      .all(w.campaignId) as number[];
    expect(left).toHaveLength(20);

    // A wakes up and, once B's lease has run out, takes it back: B's rows must not stay `sending` for ever.
    for (let i = 0; i < 2000; i++) {
      const r = await a.round();
      if (!r.busy && !a.pending()) break;
      if (!r.busy) w.clock.advance(1000);
    }
    expect(status(w)).toMatchObject({ state: 'finished', counts: { sent: 180, unknown: 20, sending: 0 } });
    expect(gw.accepted).toHaveLength(200);
    expectInvariants(w, gw, new Set(left));
  });
});

describe('pause/resume/restart storm (5,000 recipients over HTTP)', () => {
  // Room for fast-check to shrink a failure to its smallest case (each run sends 5,000 messages), so that a
  // failure reports its counterexample instead of the test's time limit.
  it(
    'the gateway accepts exactly the recipient set, nobody twice, and the campaign does not finish early',
    { timeout: 180_000 },
    async () => {
      const N = 5000;
      // One gateway for all runs; each run has its own recipients' campaign and checks its own acceptances.
      let onRequest: (() => void) | null = null;
      let accepted: string[] = [];
      let n = 0;
      const loop = await startLoopback((req) => {
        onRequest?.();
        accepted.push(req.query.get('to') ?? '');
        return { body: { status: 'OK', id: `gw-${++n}` } };
      });
      closers.push(() => loop.close());
      const settings = { url: `${loop.url}/send?to={to}&text={text}&id={id}`, idPattern: '"id":"([^"]+)"' };

      // Runs alternate between plain rounds and rounds that send in flow (as untilIdle() does).
      let runs = 0;
      const action = fc.constantFrom<'pause' | 'resume' | 'restart' | 'kill'>('pause', 'resume', 'restart', 'kill');
      await fc.assert(
        fc.asyncProperty(
          // Actions while messages are on the wire (at the k-th request) and between rounds (after the r-th round).
          fc.array(fc.record({ at: fc.integer({ min: 1, max: N }), action }), { minLength: 5, maxLength: 40 }),
          fc.array(fc.record({ at: fc.integer({ min: 1, max: 200 }), action }), { minLength: 5, maxLength: 40 }),
          fc.integer({ min: 16, max: 64 }),
          async (onWire, betweenRounds, batch) => {
            accepted = [];
            const flowMs = runs++ % 2 ? 30 : 0;
            const w = await world(N, settings);
            // At least one pause while expanding (after the first of three chunks) and one in mid-send, a restart
            // asked for in mid-send and a kill between rounds.
            const actionsAt = new Map<number, string[]>([
              [N / 5, ['restart']],
              [N / 2, ['pause']],
            ]);
            for (const x of onWire) actionsAt.set(x.at, [...(actionsAt.get(x.at) ?? []), x.action]);
            const roundActions = new Map<number, string[]>([
              [1, ['pause']],
              [4, ['kill']],
            ]);
            for (const x of betweenRounds) roundActions.set(x.at, [...(roundActions.get(x.at) ?? []), x.action]);

            const pending: { restart: 'restart' | 'kill' | null } = { restart: null };
            const reasons = new Set<string>();
            const user = (a: string) => {
              const s = status(w);
              if (a === 'pause' && ['running', 'expanding'].includes(s.state)) {
                reasons.add(w.core.handlers['campaigns:pause']({ id: w.campaignId }).reason ?? '');
              } else if (a === 'resume' && s.state === 'paused') {
                w.core.handlers['campaigns:resume']({ id: w.campaignId });
              } else if (a === 'restart' || a === 'kill') {
                pending.restart = a;
              }
            };
            let requests = 0;
            onRequest = () => {
              requests += 1;
              for (const a of actionsAt.get(requests) ?? []) user(a);
            };
            const start = () => {
              const db = openDatabase(w.dbPath);
              closers.push(() => db.open && db.close());
              return { db, d: new Dispatcher({ db, clock: w.clock, provider: realProvider, batch }) };
            };
            const realProvider = (id: number) => w.core.channels.providerFor(id);
            let { db, d } = start();
            let restarts = 0;
            for (let round = 1; ; round++) {
              expect(round).toBeLessThan(5000);
              // The first round is a plain one: it expands one chunk of three, so the pause after it finds the
              // campaign still expanding (a flowing round may expand them all within its time).
              const r = await d.round(flowMs && round > 1 ? { flowMs } : {});
              for (const a of roundActions.get(round) ?? []) user(a);
              const s = status(w);
              if (s.state === 'finished') {
                // Not finished early: everyone was sent to by then.
                expect(new Set(accepted).size).toBe(N);
                expect(s.counts).toMatchObject({ sent: N, queued: 0, sending: 0, unknown: 0 });
                break;
              }
              if (pending.restart) {
                // Between rounds nothing is in flight: a restart (lease released) or a kill (lease left to expire).
                if (pending.restart === 'restart') d.release();
                else w.clock.advance(LEASE_MS + 1000);
                db.close();
                ({ db, d } = start());
                pending.restart = null;
                restarts += 1;
              }
              if (!r.busy && s.state === 'paused') user('resume'); // the user comes back to it
            }
            expect(accepted).toHaveLength(N);
            expect(new Set(accepted)).toEqual(new Set(w.phones));
            expect(restarts).toBeGreaterThanOrEqual(2);
            expect(reasons).toEqual(
              new Set(['paused by the user (was expanding)', 'paused by the user (was running)']),
            );
            onRequest = null;
            d.release();
            w.core.close();
          },
        ),
        { numRuns: 3 },
      );
    },
  );
});
