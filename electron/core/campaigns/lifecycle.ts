import { missedDecision } from '../../../shared/domain/schedule';
import type { Clock } from '../clock';
import type { Db } from '../db/open';
import { campaignsInState, setCampaignState } from '../repos/campaigns';
import { expandChunk } from './expand';

/**
 * A campaign's life around the sending itself, one step per dispatcher round: scheduled campaigns whose time
 * has come start (or become `missed` beyond the grace period), expanding ones get their next chunk, running
 * ones with nothing queued or in flight finish. Each returns whether it changed anything.
 */

/** Scheduled campaigns whose time has come: sent if within the grace period, else the user is asked. */
export function startDue(db: Db, clock: Clock, graceMs?: number): boolean {
  let changed = false;
  for (const c of campaignsInState(db, 'scheduled')) {
    if (!c.sendAt) continue;
    const decision = missedDecision(new Date(c.sendAt), clock.now(), graceMs);
    if (decision === 'wait') continue;
    setCampaignState(
      db,
      c.id,
      decision === 'send' ? 'expanding' : 'missed',
      decision === 'send' ? null : 'missed: the computer was off at the scheduled time',
      clock.now().toISOString(),
    );
    changed = true;
  }
  return changed;
}

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
  for (const c of campaignsInState(db, 'running')) {
    if (open.get(c.id) === 0) {
      setCampaignState(db, c.id, 'finished', null, clock.now().toISOString());
      changed = true;
    }
  }
  return changed;
}
