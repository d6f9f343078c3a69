// Recurring (cron) campaigns through the dispatcher on a fake clock: each run goes to the audience as it is
// then, once; a run missed while the computer was off goes out by itself within the grace period (settable per
// campaign) and is otherwise left to the user (send now, or skip this run); of several missed runs only the
// latest counts; runs that fall due while one is still sending are skipped, not doubled; cancel ends the schedule.
import { afterEach, describe, expect, it } from 'vitest';
import type { Audience } from '../../shared/domain/campaigns';
import { closeAll, campaign, HOUR, MIN, phones, run, status, worker, world } from '../helpers/dispatch-world';

afterEach(closeAll);

// Sunday 1 March 2026, 12:00 UTC (15:00 in Moscow).
const SUNDAY = '2026-03-01T12:00:00.000Z';
const MONDAYS_10_MSK = { cron: '0 10 * * 1', timeZone: 'Europe/Moscow' };

describe('recurring campaigns', () => {
  it('runs every Monday at 10:00 Moscow time, each run once, to the audience as it is then', async () => {
    const w = await world(SUNDAY, phones(20));
    const id = campaign(w, { repeat: MONDAYS_10_MSK });
    expect(status(w, id)).toMatchObject({
      state: 'scheduled',
      repeat: MONDAYS_10_MSK,
      run: 0,
      nextRunAt: '2026-03-02T07:00:00.000Z',
    });
    const d = worker(w);
    await run(d, w, '2026-03-02T06:59:00.000Z', 10 * MIN);
    expect(w.gw.accepted).toHaveLength(0);

    await run(d, w, '2026-03-02T09:00:00.000Z');
    expect(status(w, id)).toMatchObject({
      state: 'scheduled',
      run: 1,
      nextRunAt: '2026-03-09T07:00:00.000Z',
      counts: { sent: 20 },
    });
    expect(w.gw.accepted.every((a) => a.at === '2026-03-02T07:00:00.000Z')).toBe(true);

    // A customer added during the week gets the next run too.
    w.core.handlers['contacts:create']({ phone: '+79169999999', firstName: 'Новый' });
    await run(d, w, '2026-03-09T09:00:00.000Z', HOUR);
    expect(status(w, id)).toMatchObject({ state: 'scheduled', run: 2, counts: { sent: 21 } });
    expect(w.gw.accepted).toHaveLength(41);
    const second = w.gw.accepted.filter((a) => a.at === '2026-03-09T07:00:00.000Z').map((a) => a.to);
    expect(new Set(second).size).toBe(21);

    // Another worker (the app restarted) adds nothing until the next Monday.
    d.release();
    await run(worker(w), w, '2026-03-15T23:00:00.000Z', HOUR);
    expect(w.gw.accepted).toHaveLength(41);
  });

  it('three Mondays slept through: only the latest run goes out, and only if within the grace period', async () => {
    const w = await world(SUNDAY, phones(10));
    const id = campaign(w, { repeat: MONDAYS_10_MSK });
    // The computer was off from Sunday until Monday 16 March, 07:30Z: half an hour after that day's run.
    w.clock.advance(Date.parse('2026-03-16T07:30:00.000Z') - Date.parse(SUNDAY));
    await run(worker(w), w);
    expect(status(w, id)).toMatchObject({
      state: 'scheduled',
      run: 1,
      nextRunAt: '2026-03-23T07:00:00.000Z',
      counts: { sent: 10 },
    });
    expect(w.gw.accepted).toHaveLength(10);
  });

  it('missed beyond its own grace period: the user sends it now, or skips it and the schedule goes on', async () => {
    const w = await world(SUNDAY, phones(8));
    const sendNow = campaign(w, { repeat: MONDAYS_10_MSK, graceMinutes: 15, name: 'Сейчас' });
    const skip = campaign(w, { repeat: MONDAYS_10_MSK, graceMinutes: 15, name: 'Пропустить' });
    expect(status(w, skip).graceMinutes).toBe(15);
    w.clock.advance(Date.parse('2026-03-02T07:20:00.000Z') - Date.parse(SUNDAY));
    const d = worker(w);
    await run(d, w);
    for (const id of [sendNow, skip]) {
      expect(status(w, id)).toMatchObject({
        state: 'missed',
        reason: 'missed: the computer was off at the scheduled time (2026-03-02T07:00:00.000Z)',
        nextRunAt: '2026-03-09T07:00:00.000Z',
      });
    }
    expect(w.gw.accepted).toHaveLength(0);

    expect(w.core.handlers['campaigns:resume']({ id: sendNow })).toMatchObject({ state: 'expanding', run: 1 });
    expect(w.core.handlers['campaigns:skip']({ id: skip })).toMatchObject({ state: 'scheduled', run: 0 });
    await run(d, w);
    expect(status(w, sendNow)).toMatchObject({ state: 'scheduled', run: 1, counts: { sent: 8 } });
    expect(w.gw.accepted).toHaveLength(8);

    // The next Monday both run, on time.
    await run(d, w, '2026-03-09T06:50:00.000Z', HOUR);
    await run(d, w, '2026-03-09T08:00:00.000Z');
    expect(status(w, sendNow)).toMatchObject({ state: 'scheduled', run: 2, counts: { sent: 8 } });
    expect(status(w, skip)).toMatchObject({ state: 'scheduled', run: 1, counts: { sent: 8 } });
    expect(w.gw.accepted).toHaveLength(24);
    expect(() => w.core.handlers['campaigns:skip']({ id: skip })).toThrow(/no missed run/);
  });

  it('runs that fall due while one is still sending are skipped, not doubled', async () => {
    const w = await world(SUNDAY, phones(30));
    const id = campaign(w, { repeat: { cron: '*/5 * * * *', timeZone: 'Europe/Moscow' } });
    const d = worker(w);
    await run(d, w, '2026-03-01T12:09:00.000Z');
    expect(status(w, id)).toMatchObject({ state: 'scheduled', run: 1, nextRunAt: '2026-03-01T12:10:00.000Z' });
    // The 12:10 run starts (a round sends 16 of 30), and is held by a pause until 12:22.
    w.clock.advance(MIN);
    await d.round();
    expect(w.core.handlers['campaigns:pause']({ id })).toMatchObject({ state: 'paused', run: 2 });
    expect(status(w, id).counts.queued).toBeGreaterThan(0);
    await run(d, w, '2026-03-01T12:22:00.000Z');
    w.core.handlers['campaigns:resume']({ id });
    await run(d, w);
    // The 12:15 and 12:20 runs are not made up: the next is 12:25.
    expect(status(w, id)).toMatchObject({
      state: 'scheduled',
      run: 2,
      nextRunAt: '2026-03-01T12:25:00.000Z',
      counts: { sent: 30, queued: 0 },
    });
    expect(w.gw.accepted).toHaveLength(60);
  });

  it('cancel ends the schedule: no more runs', async () => {
    const w = await world(SUNDAY, phones(5));
    const id = campaign(w, { repeat: MONDAYS_10_MSK });
    expect(w.core.handlers['campaigns:cancel']({ id })).toMatchObject({ state: 'cancelled' });
    await run(worker(w), w, '2026-03-10T00:00:00.000Z', HOUR);
    expect(w.gw.accepted).toHaveLength(0);
  });

  it('refuses a schedule it could not run: a bad expression, an unknown zone, a campaign sheet, a time as well', async () => {
    const w = await world(SUNDAY, phones(1));
    const create = (o: object, audience: Audience = { kind: 'all' }) =>
      w.core.handlers['campaigns:create']({
        name: 'x',
        spec: {
          channels: [{ channel: 'sms', accountId: w.accountId }],
          mode: 'priority',
          audience,
          text: 'Привет',
          marketing: false,
          quietHours: { from: '09:00', to: '21:00' },
        },
        ...o,
      });
    expect(() => create({ repeat: { cron: '0 25 * * *', timeZone: 'Europe/Moscow' } })).toThrow(/not valid/);
    expect(() => create({ repeat: { cron: '0 10 * * 1', timeZone: 'Europe/Atlantis' } })).toThrow(/time zone/);
    expect(() => create({ repeat: MONDAYS_10_MSK }, { kind: 'sheet', listId: 1 })).toThrow(/own send times/);
    expect(() => create({ repeat: MONDAYS_10_MSK, sendAt: '2026-03-02T10:00:00+03:00' })).toThrow(/not both/);
  });
});

describe('the grace period of a one-off campaign is its own', () => {
  it('15 minutes: 20 minutes late is missed, 10 minutes late goes out', async () => {
    const w = await world('2026-03-02T05:00:00.000Z', phones(4));
    const late = campaign(w, { sendAt: '2026-03-02T06:00:00.000Z', graceMinutes: 15, name: 'Поздно' });
    const w2 = await world('2026-03-02T05:00:00.000Z', phones(4));
    const onTime = campaign(w2, { sendAt: '2026-03-02T06:00:00.000Z', graceMinutes: 15, name: 'Вовремя' });
    w.clock.advance(HOUR + 20 * MIN);
    w2.clock.advance(HOUR + 10 * MIN);
    await run(worker(w), w);
    await run(worker(w2), w2);
    expect(status(w, late)).toMatchObject({ state: 'missed', graceMinutes: 15 });
    expect(status(w2, onTime)).toMatchObject({ state: 'finished', counts: { sent: 4 } });
  });
});
