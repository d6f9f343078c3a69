// Per-account limits (campaigns/limits.ts) through the dispatcher on a fake clock: a rate (never more than N
// messages in any one second) and a daily quota (the rest waits for the sender's next midnight, also when another
// worker takes over mid-day). Nothing is lost or sent twice either way.
import { afterEach, describe, expect, it } from 'vitest';
import { limitsOf } from '../../electron/core/campaigns/limits';
import { closeAll, campaign, HOUR, phones, run, status, worker, world, type World } from '../helpers/dispatch-world';

afterEach(closeAll);

const GATEWAY_URL = 'http://127.0.0.1:9/send?to={to}&text={text}';

async function limit(w: World, settings: Record<string, string>) {
  await w.core.handlers['accounts:save']({
    id: w.accountId,
    account: { name: 'Шлюз', provider: 'http', settings: { url: GATEWAY_URL, ...settings } },
  });
}

/** The most sends that fell within any `windowMs` (by the gateway's clock). */
function busiest(times: readonly number[], windowMs: number): number {
  const t = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; j < t.length; j++) {
    while (t[j]! - t[i]! >= windowMs) i++;
    most = Math.max(most, j - i + 1);
  }
  return most;
}

describe('per-account limits', () => {
  it('a rate of 5 a second: never more than 5 in any second, all 60 sent once, in about 12 seconds', async () => {
    const w = await world('2026-03-02T10:00:00.000Z', phones(60));
    await limit(w, { ratePerSecond: '5' });
    const id = campaign(w);
    await run(worker(w), w, '2026-03-02T10:01:00.000Z', 100);
    expect(status(w, id)).toMatchObject({ state: 'finished', counts: { sent: 60 } });
    const times = w.gw.accepted.map((a) => Date.parse(a.at));
    expect(new Set(w.gw.to()).size).toBe(60);
    expect(busiest(times, 1000)).toBe(5);
    const spanS = (Math.max(...times) - Math.min(...times)) / 1000;
    expect(spanS).toBeGreaterThanOrEqual(11);
    expect(spanS).toBeLessThan(13);
  });

  it('a rate below one a second: one message every 2 seconds at 0.5', async () => {
    const w = await world('2026-03-02T10:00:00.000Z', phones(4));
    await limit(w, { ratePerSecond: '0.5' });
    campaign(w);
    await run(worker(w), w, '2026-03-02T10:01:00.000Z', 500);
    const times = w.gw.accepted.map((a) => Date.parse(a.at));
    expect(times).toHaveLength(4);
    expect(busiest(times, 2000)).toBe(1);
  });

  it('a daily quota of 10: the rest waits for midnight on the sender clock, also across a worker restart', async () => {
    // 20:00Z is 23:00 in Moscow (the dispatcher's zone in tests): midnight comes at 21:00Z.
    const w = await world('2026-03-02T20:00:00.000Z', phones(25));
    await limit(w, { dailyQuota: '10' });
    const id = campaign(w);
    const first = worker(w);
    await run(first, w, '2026-03-02T20:30:00.000Z');
    expect(w.gw.accepted).toHaveLength(10);
    expect(status(w, id)).toMatchObject({ state: 'running', counts: { sent: 10, queued: 15 } });

    // Another worker takes over before midnight: it counts what went out today and sends nothing more.
    first.release();
    const second = worker(w);
    await run(second, w, '2026-03-02T20:59:00.000Z');
    expect(w.gw.accepted).toHaveLength(10);

    await run(second, w, '2026-03-02T21:30:00.000Z');
    expect(w.gw.accepted).toHaveLength(20);
    expect(w.gw.accepted.slice(10).every((a) => a.at === '2026-03-02T21:00:00.000Z')).toBe(true);
    await run(second, w, '2026-03-03T21:30:00.000Z', HOUR);
    expect(status(w, id)).toMatchObject({ state: 'finished', counts: { sent: 25, queued: 0 } });
    expect(new Set(w.gw.to()).size).toBe(25);
  });

  it('reads the limits from the settings: empty or zero is no limit; a wrong value is refused when saved', async () => {
    expect(limitsOf({})).toEqual({ ratePerSecond: null, dailyQuota: null });
    expect(limitsOf({ ratePerSecond: '0', dailyQuota: '' })).toEqual({ ratePerSecond: null, dailyQuota: null });
    expect(limitsOf({ ratePerSecond: '2.5', dailyQuota: '1000' })).toEqual({ ratePerSecond: 2.5, dailyQuota: 1000 });
    const w = await world('2026-03-02T10:00:00.000Z', phones(1));
    await expect(limit(w, { dailyQuota: 'много' })).rejects.toThrow(/must be a number/);
  });
});
