// The scheduler side of the dispatcher, on a fake clock: a deferred campaign fires once at its time (also across
// restarts), a start missed while the computer was off goes out by itself within the grace period (one hour) and
// is otherwise left to the user ('missed': send now or discard), and marketing SMS wait for 09:00–21:00 on the
// recipient's own wall clock — Kaliningrad (UTC+2), Moscow (UTC+3), Novosibirsk (UTC+7), Kamchatka (UTC+12), and
// the sender's zone for a number whose region is unknown.
//
// Recurring (cron) campaigns: dispatch-recurring.test.ts.
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { closeAll, campaign, HOUR, MIN, phones, run, status, worker, world } from '../helpers/dispatch-world';

afterEach(closeAll);

describe('deferred campaigns', () => {
  it('fires once at its time, and never again: more rounds, days later, a new worker', async () => {
    const w = await world('2026-03-02T03:00:00.000Z', phones(40));
    // Launched at 03:00Z for 09:00 Moscow time (06:00Z): scheduled; nothing happens until then.
    const id = campaign(w, { sendAt: '2026-03-02T09:00:00+03:00' });
    const d = worker(w);
    expect(status(w, id).state).toBe('scheduled');
    await run(d, w, '2026-03-02T05:59:00.000Z');
    expect(status(w, id)).toMatchObject({ state: 'scheduled', launchedAt: null });
    expect(w.gw.accepted).toHaveLength(0);

    await run(d, w, '2026-03-02T06:00:00.000Z');
    expect(status(w, id)).toMatchObject({
      state: 'finished',
      launchedAt: '2026-03-02T06:00:00.000Z',
      counts: { sent: 40 },
    });
    expect(new Set(w.gw.to()).size).toBe(40);
    expect(w.gw.accepted.every((a) => a.at === '2026-03-02T06:00:00.000Z')).toBe(true);

    await run(d, w, '2026-03-04T06:00:00.000Z', HOUR);
    d.release();
    await run(worker(w), w, '2026-03-05T06:00:00.000Z', HOUR);
    expect(w.gw.accepted).toHaveLength(40);
  });

  it('a restart before the due time fires it once, whichever worker is left standing', async () => {
    const w = await world('2026-03-02T05:00:00.000Z', phones(30));
    const id = campaign(w, { sendAt: '2026-03-02T06:00:00.000Z' });
    const first = worker(w);
    await run(first, w, '2026-03-02T05:30:00.000Z');
    expect(status(w, id).state).toBe('scheduled');

    // The first worker's process dies (its lease names a pid that no longer exists); a new one starts at once.
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    w.core.db.prepare('UPDATE dispatch_lease SET owner = ?').run(`${hostname()}:${dead}:gone`);
    const second = worker(w);
    await run(second, w, '2026-03-02T05:59:00.000Z');
    expect(w.gw.accepted).toHaveLength(0);
    await run(second, w, '2026-03-02T06:10:00.000Z');
    expect(status(w, id)).toMatchObject({ state: 'finished', launchedAt: '2026-03-02T06:00:00.000Z' });
    // A third worker started after the time, and the old one coming back, add nothing.
    second.release();
    await run(worker(w), w, '2026-03-02T07:00:00.000Z');
    await run(first, w, '2026-03-02T08:00:00.000Z');
    expect(w.gw.accepted).toHaveLength(30);
    expect(new Set(w.gw.to()).size).toBe(30);
  });

  it('paused before its time and resumed before it: still fires at its time, once', async () => {
    const w = await world('2026-03-02T05:00:00.000Z', phones(10));
    const id = campaign(w, { sendAt: '2026-03-02T06:00:00.000Z' });
    const d = worker(w);
    expect(w.core.handlers['campaigns:pause']({ id })).toMatchObject({
      state: 'paused',
      reason: 'paused by the user (was scheduled)',
    });
    await run(d, w, '2026-03-02T05:30:00.000Z');
    expect(w.core.handlers['campaigns:resume']({ id }).state).toBe('scheduled');
    await run(d, w, '2026-03-02T05:59:00.000Z');
    expect(w.gw.accepted).toHaveLength(0);
    await run(d, w, '2026-03-02T07:00:00.000Z');
    expect(status(w, id)).toMatchObject({ state: 'finished', launchedAt: '2026-03-02T06:00:00.000Z' });
    expect(w.gw.accepted).toHaveLength(10);
  });
});

describe('starts missed while the computer was off (grace period one hour)', () => {
  it('late within the grace period (59 min, exactly 60 min): sent by itself on start, once', async () => {
    for (const late of [59 * MIN, 60 * MIN]) {
      const w = await world('2026-03-02T05:00:00.000Z', phones(12));
      const id = campaign(w, { sendAt: '2026-03-02T06:00:00.000Z' });
      // No worker ran at 06:00: the computer was off; it starts `late` after.
      w.clock.advance(HOUR + late);
      const d = worker(w);
      await run(d, w);
      expect(status(w, id)).toMatchObject({ state: 'finished', reason: null, counts: { sent: 12 } });
      await run(d, w, '2026-03-03T06:00:00.000Z', HOUR);
      expect(w.gw.accepted).toHaveLength(12);
      expect(new Set(w.gw.to()).size).toBe(12);
    }
  });

  it('beyond the grace period: missed, nothing sent, the user chooses — send now (once) or discard', async () => {
    const w = await world('2026-03-02T05:00:00.000Z', phones(12));
    const sendNow = campaign(w, { sendAt: '2026-03-02T06:00:00.000Z', name: 'Отправить сейчас' });
    const discard = campaign(w, { sendAt: '2026-03-02T06:00:00.000Z', name: 'Отменить' });
    w.clock.advance(HOUR + HOUR + 1000); // 07:00:01Z: an hour and a second late
    const d = worker(w);
    await run(d, w, '2026-03-02T09:00:00.000Z');
    for (const id of [sendNow, discard]) {
      expect(status(w, id)).toMatchObject({
        state: 'missed',
        reason: 'missed: the computer was off at the scheduled time (2026-03-02T06:00:00.000Z)',
        launchedAt: null,
      });
    }
    expect(w.gw.accepted).toHaveLength(0);
    expect(d.pending()).toBe(false);

    expect(w.core.handlers['campaigns:resume']({ id: sendNow }).state).toBe('expanding');
    expect(w.core.handlers['campaigns:cancel']({ id: discard })).toMatchObject({ state: 'cancelled' });
    await run(d, w, '2026-03-03T09:00:00.000Z', HOUR);
    expect(status(w, sendNow)).toMatchObject({
      state: 'finished',
      launchedAt: '2026-03-02T09:00:00.000Z',
      counts: { sent: 12 },
    });
    expect(status(w, discard)).toMatchObject({ state: 'cancelled', launchedAt: null, counts: { sent: 0 } });
    expect(w.gw.accepted).toHaveLength(12);
    expect(new Set(w.gw.to()).size).toBe(12);
  });
});

describe('quiet hours (marketing SMS: 09:00–21:00 on the recipient clock)', () => {
  // Landline ranges whose region the numbering plan tells; the last number is a mobile range the table does not
  // know, which keeps the sender's zone (Moscow).
  const zones = {
    kaliningrad: ['+74012000001', '+74012000002'],
    moscow: ['+74951000001', '+74951000002'],
    novosibirsk: ['+73831000001', '+73831000002'],
    kamchatka: ['+74152000001', '+74152000002'],
    unknown: ['+79991234567'],
  };
  const all = Object.values(zones).flat();

  it('launched at 22:30 Moscow: each recipient gets it at 09:00 of their own clock, not before', async () => {
    // 19:30Z: Kaliningrad 21:30, Moscow 22:30, Novosibirsk 02:30, Kamchatka 07:30 — quiet everywhere.
    const w = await world('2026-01-15T19:30:00.000Z', all);
    const id = campaign(w, { marketing: true });
    const d = worker(w);
    await d.round();
    expect(status(w, id)).toMatchObject({ state: 'running', counts: { queued: all.length, sending: 0 } });
    expect(w.gw.accepted).toHaveLength(0);
    const notBefore = new Map(
      (
        w.core.db.prepare('SELECT address, not_before FROM outbox WHERE campaign_id = ?').all(id) as {
          address: string;
          not_before: string;
        }[]
      ).map((r) => [r.address, r.not_before]),
    );

    await run(d, w, '2026-01-16T08:00:00.000Z');
    const at = new Map(w.gw.accepted.map((a) => [a.to, a.at]));
    const expected = {
      kamchatka: '2026-01-15T21:00:00.000Z', // 09:00 UTC+12
      novosibirsk: '2026-01-16T02:00:00.000Z', // 09:00 UTC+7
      moscow: '2026-01-16T06:00:00.000Z', // 09:00 UTC+3
      unknown: '2026-01-16T06:00:00.000Z', // the sender's zone: Moscow
      kaliningrad: '2026-01-16T07:00:00.000Z', // 09:00 UTC+2
    };
    for (const [zone, list] of Object.entries(zones)) {
      for (const to of list) {
        const when = expected[zone as keyof typeof expected];
        expect(notBefore.get(to), `${zone} ${to}`).toBe(when);
        expect(at.get(to), `${zone} ${to}`).toBe(when);
      }
    }
    expect(w.gw.accepted).toHaveLength(all.length);
    expect(status(w, id)).toMatchObject({ state: 'finished', counts: { sent: all.length } });
  });

  it('launched at 08:30 Moscow: Novosibirsk and Kamchatka now, Moscow at 09:00, Kaliningrad an hour later', async () => {
    // 05:30Z: Kaliningrad 07:30, Moscow 08:30, Novosibirsk 12:30, Kamchatka 17:30.
    const w = await world('2026-01-15T05:30:00.000Z', all);
    const id = campaign(w, { marketing: true });
    const d = worker(w);
    await run(d, w, '2026-01-15T05:59:00.000Z');
    expect(w.gw.to().sort()).toEqual([...zones.novosibirsk, ...zones.kamchatka].sort());
    expect(w.gw.accepted.every((a) => a.at === '2026-01-15T05:30:00.000Z')).toBe(true);
    expect(status(w, id)).toMatchObject({ state: 'running', counts: { sent: 4, queued: 5 } });

    await run(d, w, '2026-01-15T06:59:00.000Z');
    expect(w.gw.accepted).toHaveLength(7);
    expect(w.gw.accepted.slice(4).every((a) => a.at === '2026-01-15T06:00:00.000Z')).toBe(true);
    await run(d, w, '2026-01-15T08:00:00.000Z');
    expect(w.gw.accepted.slice(7)).toEqual(zones.kaliningrad.map((to) => ({ to, at: '2026-01-15T07:00:00.000Z' })));
    expect(status(w, id)).toMatchObject({ state: 'finished', counts: { sent: 9 } });
  });

  it('the window ends at 21:00 local: Kamchatka stops at 09:00Z while the west goes on', async () => {
    // 08:59:30Z: Kamchatka 20:59:30 (still allowed); the next round at 09:00Z is 21:00 there.
    const many = Array.from({ length: 40 }, (_, i) => `+74152${String(i).padStart(6, '0')}`);
    const w = await world('2026-01-15T08:59:30.000Z', [...many, ...zones.moscow]);
    const id = campaign(w, { marketing: true });
    const d = worker(w);
    await d.round(); // 16 Kamchatka numbers at 20:59:30 local
    w.clock.advance(30_000);
    await run(d, w, '2026-01-15T09:10:00.000Z');
    const byZone = (list: string[]) => w.gw.accepted.filter((a) => list.includes(a.to));
    expect(byZone(many)).toHaveLength(16);
    expect(byZone(zones.moscow).map((a) => a.at)).toEqual(['2026-01-15T09:00:00.000Z', '2026-01-15T09:00:00.000Z']);
    expect(status(w, id)).toMatchObject({ state: 'running', counts: { sent: 18, queued: 24 } });
    await run(d, w, '2026-01-15T21:00:00.000Z', 10 * MIN);
    expect(
      byZone(many)
        .slice(16)
        .every((a) => a.at === '2026-01-15T21:00:00.000Z'),
    ).toBe(true);
    expect(status(w, id)).toMatchObject({ state: 'finished', counts: { sent: 42 } });
  });

  it('transactional messages (not marketing) ignore quiet hours', async () => {
    const w = await world('2026-01-15T19:30:00.000Z', all);
    const id = campaign(w, { marketing: false });
    await run(worker(w), w);
    expect(status(w, id)).toMatchObject({ state: 'finished', counts: { sent: all.length } });
    expect(w.gw.accepted.every((a) => a.at === '2026-01-15T19:30:00.000Z')).toBe(true);
  });
});
