// `vestnik worker --until-idle` exits once nothing is due: messages held for quiet hours and a campaign scheduled
// for tomorrow stay in the queue, and the worker says what waits and until when. A plain `vestnik worker` stops
// on SIGTERM and hands the dispatch lease back.
import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp';
import { pollUntil } from '../peers/kannel';

const BIN = path.resolve(__dirname, '..', '..', 'bin', 'vestnik.cjs');
const HOUR = 3_600_000;

function vestnik(args: string[]) {
  // A CLI that never exits fails the test instead of hanging the run.
  const res = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: res.status, out: res.stdout, err: res.stderr, signal: res.signal };
}

const hh = (h: number) => `${String(((h % 24) + 24) % 24).padStart(2, '0')}:00`;

describe('CLI: worker --until-idle and what it leaves waiting', () => {
  it('exits with marketing SMS held for quiet hours and a campaign set for tomorrow, naming both', () => {
    const dir = tempDir();
    const db = ['--db', path.join(dir, 'v.db')];
    expect(vestnik(['accounts', 'add', '--provider', 'sandbox', '--name', 'S', ...db]).code).toBe(0);
    for (const phone of ['89161234567', '89161234568', '89161234569'])
      expect(vestnik(['contacts', 'add', '--phone', phone, ...db]).code).toBe(0);

    // A send window that opens two hours from now on a Moscow clock (UTC+3, no DST): now is quiet hours.
    const now = Date.now();
    const moscowHour = new Date(now + 3 * HOUR).getUTCHours();
    const from = hh(moscowHour + 2);
    const opens = new Date(now + 3 * HOUR);
    opens.setUTCHours(moscowHour + 2, 0, 0, 0); // rolls into tomorrow past 23:00
    const expectedOpen = new Date(opens.getTime() - 3 * HOUR).toISOString();
    const create = (name: string, extra: string[]) => {
      const r = vestnik(
        ['campaign', 'create', '--name', name, '--account', 'S', '--all', '--text', 'Скидка 10%'].concat(extra, [
          '--json',
          ...db,
        ]),
      );
      expect(r.code, r.err).toBe(0);
      return (JSON.parse(r.out) as { id: number }).id;
    };
    const quiet = create('Вечерняя', ['--quiet-hours', `${from}-${hh(moscowHour + 3)}`]);
    const tomorrow = new Date(now + 24 * HOUR).toISOString();
    const later = create('Завтра', ['--at', tomorrow]);
    for (const id of [quiet, later]) expect(vestnik(['campaign', 'launch', String(id), ...db]).code).toBe(0);

    const worker = vestnik(['worker', '--until-idle', ...db]);
    expect(worker.code, worker.err).toBe(0);
    expect(worker.out).toContain('Worker idle: nothing due or in flight.');
    expect(worker.out).toContain(`#${quiet} Вечерняя: 3 message(s) queued, next at ${expectedOpen}`);
    expect(worker.out).toContain(`#${later} Завтра: scheduled, next at ${tomorrow}`);

    // Nothing was sent or lost: the three wait in the queue for the window to open.
    const status = JSON.parse(vestnik(['campaign', 'status', String(quiet), '--json', ...db]).out) as {
      state: string;
      counts: Record<string, number>;
    };
    expect(status).toMatchObject({ state: 'running', counts: { queued: 3, sent: 0, sending: 0 } });

    // --json: the same, as one object.
    const json = vestnik(['worker', '--until-idle', '--json', ...db]);
    expect(json.code, json.err).toBe(0);
    expect(JSON.parse(json.out)).toEqual({
      stopped: false,
      waiting: [
        { id: quiet, name: 'Вечерняя', state: 'running', queued: 3, nextAt: expectedOpen },
        { id: later, name: 'Завтра', state: 'scheduled', queued: 0, nextAt: tomorrow },
      ],
    });

    // A wrong window is refused with the form it takes.
    const bad = vestnik([
      'campaign',
      'create',
      '--name',
      'X',
      '--account',
      'S',
      '--all',
      '--text',
      'x',
      '--quiet-hours',
      '9-21',
      ...db,
    ]);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain('--quiet-hours is FROM-TO, e.g. 10:00-20:00: 9-21');
  });

  it('a worker stops on SIGTERM and gives the dispatch lease back', async () => {
    const dir = tempDir();
    const dbPath = path.join(dir, 'v.db');
    expect(vestnik(['accounts', 'add', '--provider', 'sandbox', '--name', 'S', '--db', dbPath]).code).toBe(0);
    const child = spawn(process.execPath, [BIN, 'worker', '--db', dbPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const lease = () => {
      const db = new Database(dbPath, { readonly: true });
      try {
        return db.prepare('SELECT owner FROM dispatch_lease').pluck().get() as string | undefined;
      } finally {
        db.close();
      }
    };
    const owner = await pollUntil('the worker holds the lease', lease, 60_000);
    expect(owner).toContain(`:${child.pid}:`);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toContain('Worker stopped.');
    expect(lease()).toBeUndefined();
  });
});
