// kill -9 mid-send against the real Kannel: a `vestnik worker` child sends a campaign through Kannel and is
// killed at random moments, restarted, and left to finish; the operator (fakesmsc) got every recipient once
// — twice only for rows the app marked `unknown` — and every row has one terminal status.
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core/core';
import { insertContactsBulk } from '../../electron/core/repos/contacts-bulk';
import { tempDir } from '../helpers/temp';
import { kannelMissing, kannelRequired, pollUntil, startKannel, type KannelPeer } from '../peers/kannel';

const BIN = path.resolve(__dirname, '../../bin/vestnik.cjs');
const N = 1500;
const PASSPHRASE = 'kill test passphrase';
const missing = kannelMissing();
const skip = missing !== null && !kannelRequired();

describe.skipIf(skip)('crash safety against the real Kannel (kill -9 mid-send)', () => {
  let kannel: KannelPeer;
  beforeAll(async () => {
    if (missing) throw new Error(`CI needs Kannel: ${missing}`);
    kannel = await startKannel();
  }, 60_000);
  afterAll(async () => {
    await kannel?.stop();
  });

  it(
    'every recipient reaches the operator once, none lost, unknown only where the app says so',
    { timeout: 300_000 },
    async () => {
      const dbPath = path.join(tempDir(), 'v.db');
      const core = createCore({ dbPath, shell: 'test', passphrase: PASSPHRASE });
      insertContactsBulk(
        core.db,
        Array.from({ length: N }, (_, i) => ({
          phone: `+7916${String(i).padStart(7, '0')}`,
          email: null,
          lastName: '',
          firstName: '',
          middleName: '',
          telegramChatId: null,
          attributes: {},
        })),
        new Date().toISOString(),
        'test',
      );
      const { account, check } = await core.handlers['accounts:save']({
        account: {
          name: 'Шлюз',
          provider: 'kannel',
          settings: { url: kannel.sendsmsUrl, username: kannel.username, from: 'Vestnik' },
          secrets: { password: kannel.password },
        },
      });
      expect(check.ok).toBe(true);
      const c = core.handlers['campaigns:create']({
        name: 'Kannel',
        spec: {
          channels: [{ channel: 'sms', accountId: account.id }],
          mode: 'priority',
          audience: { kind: 'all' },
          text: 'Vestnik test',
          marketing: false,
          quietHours: { from: '09:00', to: '21:00' },
        },
      });
      core.handlers['campaigns:launch']({ id: c.id });
      core.close();

      const run = () => {
        const child = spawn(process.execPath, [BIN, 'worker', '--until-idle', '--db', dbPath], {
          stdio: ['ignore', 'ignore', 'pipe'],
          env: { ...process.env, VESTNIK_PASSPHRASE: PASSPHRASE },
        });
        let err = '';
        child.stderr.on('data', (d: Buffer) => (err += d.toString()));
        return {
          child,
          err: () => err,
          exited: new Promise<number | null>((r) => child.on('exit', (code) => r(code))),
        };
      };
      let kills = 0;
      for (let i = 0; i < 3; i++) {
        const before = kannel.received().length;
        const w = run();
        // A liveness bound, not a speed goal: a loaded CI machine may take a while to start the worker.
        await pollUntil(
          'sending started',
          () => kannel.received().length > before || w.child.exitCode !== null,
          60_000,
        ).catch((err: Error) => {
          w.child.kill('SIGKILL');
          throw new Error(`${err.message}\nrun ${i}: ${progress(dbPath)}\nworker: ${w.err()}\n${kannel.logs(15)}`);
        });
        await new Promise((r) => setTimeout(r, 50 + i * 70));
        if (w.child.exitCode === null) {
          w.child.kill('SIGKILL');
          kills += 1;
        }
        await w.exited;
      }
      expect(kills).toBeGreaterThanOrEqual(2);
      const last = run();
      expect(await last.exited, last.err()).toBe(0);

      const db = new Database(dbPath, { readonly: true });
      const rows = db.prepare('SELECT address, state FROM outbox').all() as { address: string; state: string }[];
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.prepare('SELECT state FROM campaigns').pluck().get()).toBe('finished');
      db.close();
      expect(rows).toHaveLength(N);
      const states = new Map<string, number>();
      for (const r of rows) states.set(r.state, (states.get(r.state) ?? 0) + 1);
      // Delivery reports reach the worker's listener too: some rows are already `delivered`.
      expect(
        [...states.keys()].every((s) => ['sent', 'delivered', 'unknown'].includes(s)),
        JSON.stringify([...states]),
      ).toBe(true);
      const sent = rows.filter((r) => r.state !== 'unknown').length;
      // Everything Kannel accepted reaches the operator (it may still be on its way).
      await pollUntil('the operator got every accepted message', () => kannel.received().length >= sent, 60_000);
      const times = new Map<string, number>();
      for (const m of kannel.received()) {
        const to = m.to.startsWith('+') ? m.to : `+${m.to}`;
        times.set(to, (times.get(to) ?? 0) + 1);
      }
      const unknown = new Set(rows.filter((r) => r.state === 'unknown').map((r) => r.address));
      for (const r of rows) {
        const n = times.get(r.address) ?? 0;
        if (r.state !== 'unknown') expect(n, r.address).toBe(1);
        else expect(n, r.address).toBeLessThanOrEqual(1);
      }
      for (const [to, n] of times) if (n > 1) expect(unknown.has(to), to).toBe(true);
    },
  );
});

/** Where the send stands, for a failure message: the campaign's state and the outbox by state. */
function progress(dbPath: string): string {
  const db = new Database(dbPath, { readonly: true });
  try {
    const campaign = db.prepare('SELECT state, state_reason FROM campaigns').get();
    const states = db.prepare('SELECT state, count(*) AS n FROM outbox GROUP BY state').all();
    const lease = db.prepare('SELECT owner, expires_at FROM dispatch_lease').all();
    return JSON.stringify({ campaign, states, lease });
  } finally {
    db.close();
  }
}
