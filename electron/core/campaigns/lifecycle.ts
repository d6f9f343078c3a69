import { missedDecision, nextCronOccurrence, stepRecurring } from '../../../shared/domain/schedule';
import type { Clock } from '../clock';
import type { Db } from '../db/open';
import { campaignsInState, setCampaignState, setNextRun, startNextRun } from '../repos/campaigns';
import { expandChunk } from './expand';

/**
 * A campaign's life around the sending itself, one step per dispatcher round: scheduled campaigns whose time
 * has come start (or become `missed` beyond the grace period), expanding ones get their next chunk, running
 * ones with nothing queued or in flight finish. Each returns whether it changed anything.
 */

/**
 * Scheduled campaigns whose time has come: sent if within the grace period, else the user is asked. A recurring
 * campaign starts its next run (its audience as it is now); of several runs missed while the computer was off,
 * only the latest counts, and the schedule moves on to the first run after now (shared/domain/schedule.ts).
 */
export function startDue(db: Db, clock: Clock, graceMs?: number): boolean {
  let changed = false;
  const now = clock.now();
  for (const c of campaignsInState(db, 'scheduled')) {
    const grace = graceMs ?? c.graceMs;
    if (c.cron !== null && c.timeZone !== null) {
      if (c.nextRunAt === null) continue;
      const step = stepRecurring({ cron: c.cron, zone: c.timeZone, nextDueAt: Date.parse(c.nextRunAt) }, now, grace);
      if (step.action.type === 'none') continue;
      const dueAt = step.action.dueAt;
      db.transaction(() => {
        setNextRun(db, c.id, step.job.nextDueAt === null ? null : new Date(step.job.nextDueAt).toISOString());
        if (step.action.type === 'send') startNextRun(db, c.id, now.toISOString());
        else setCampaignState(db, c.id, 'missed', missedReason(dueAt), now.toISOString());
      })();
      changed = true;
      continue;
    }
    if (!c.sendAt) continue;
    const decision = missedDecision(new Date(c.sendAt), now, grace);
    if (decision === 'wait') continue;
    setCampaignState(
      db,
      c.id,
      decision === 'send' ? 'expanding' : 'missed',
      decision === 'send' ? null : missedReason(Date.parse(c.sendAt)),
      now.toISOString(),
    );
    changed = true;
  }
  return changed;
}

const missedReason = (dueAt: number) =>
  `missed: the computer was off at the scheduled time (${new Date(dueAt).toISOString()})`;

/** The next chunk of every expanding campaign; a campaign whose audience is exhausted starts running. */
export function expandNext(db: Db, clock: Clock, timeZone: string): boolean {
  let changed = false;
  for (const c of campaignsInState(db, 'expanding')) {
    const done = expandChunk(db, c, { timeZone, now: clock.now() });
    if (done) setCampaignState(db, c.id, 'running', null, clock.now().toISOString());
    changed = true;
  }
  return changed;
}

/** Running campaigns with nothing queued or in flight are finished. */
export function finishDone(db: Db, clock: Clock): boolean {
  let changed = false;
  const open = db
    .prepare(`SELECT EXISTS (SELECT 1 FROM outbox WHERE campaign_id = ? AND state IN ('queued', 'sending'))`)
    .pluck();
  const now = clock.now();
  for (const c of campaignsInState(db, 'running')) {
    if (open.get(c.id) !== 0) continue;
    if (c.cron !== null && c.timeZone !== null) {
      // A run is over: wait for the next one. Runs that fell due while this one was sending are skipped.
      const next =
        c.nextRunAt !== null && Date.parse(c.nextRunAt) > now.getTime()
          ? c.nextRunAt
          : (nextCronOccurrence(c.cron, c.timeZone, now)?.toISOString() ?? null);
      db.transaction(() => {
        setNextRun(db, c.id, next);
        setCampaignState(db, c.id, next === null ? 'finished' : 'scheduled', null, now.toISOString());
      })();
    } else {
      setCampaignState(db, c.id, 'finished', null, now.toISOString());
    }
    changed = true;
  }
  return changed;
}
