import type { Db } from '../db/open';

/**
 * What `vestnik worker --until-idle` waits for, and what it leaves waiting when it exits.
 *
 * Work is pending while a campaign is being expanded, is paused by an outage (it resumes by itself), or is
 * running with a queued message that is due now or is a retry after a failure the provider provably did not
 * accept (its backoff is part of the send). Messages held for a later time — quiet hours on the recipient's
 * clock, a campaign sheet's own send time, an account's daily quota — and campaigns scheduled for later are
 * not: they wait in the durable queue for the desktop app or the next worker run.
 */
export function hasPendingWork(db: Db, now: string): boolean {
  return (
    db
      .prepare(
        `SELECT EXISTS (SELECT 1 FROM campaigns WHERE state = 'expanding'
             OR (state = 'paused' AND state_reason LIKE 'outage:%'))
           OR EXISTS (SELECT 1 FROM campaigns c WHERE c.state = 'running' AND (
             EXISTS (SELECT 1 FROM outbox WHERE campaign_id = c.id AND state = 'sending')
             OR EXISTS (SELECT 1 FROM outbox WHERE campaign_id = c.id AND state = 'queued' AND not_before IS NULL)
             OR EXISTS (SELECT 1 FROM outbox WHERE campaign_id = c.id AND state = 'queued' AND not_before <= ?)
             OR EXISTS (SELECT 1 FROM outbox WHERE campaign_id = c.id AND state = 'queued' AND attempts > 0)))`,
      )
      .pluck()
      .get(now) === 1
  );
}

/** A campaign with work left for later: queued messages not yet due, or its own start or next run. */
export interface WaitingCampaign {
  id: number;
  name: string;
  state: string;
  /** Messages queued for later. */
  queued: number;
  /** When the first of them, or the campaign itself, is due (ISO). */
  nextAt: string | null;
}

/** What is left waiting for a later time, campaign by campaign (the worker prints it when it exits). */
export function waitingWork(db: Db): WaitingCampaign[] {
  return db
    .prepare(
      `SELECT c.id, c.name, c.state,
         (SELECT count(*) FROM outbox WHERE campaign_id = c.id AND state = 'queued') AS queued,
         CASE WHEN c.state = 'running'
           THEN (SELECT min(not_before) FROM outbox WHERE campaign_id = c.id AND state = 'queued')
           ELSE coalesce(c.next_run_at, c.send_at) END AS nextAt
       FROM campaigns c
       WHERE c.state = 'running' OR (c.state = 'scheduled' AND coalesce(c.next_run_at, c.send_at) IS NOT NULL)
       ORDER BY c.id`,
    )
    .all() as WaitingCampaign[];
}

/** One line per waiting campaign, for people. */
export function describeWaiting(w: WaitingCampaign): string {
  const what = w.state === 'running' ? `${w.queued} message(s) queued` : 'scheduled';
  return `#${w.id} ${w.name}: ${what}${w.nextAt ? `, next at ${w.nextAt}` : ''}`;
}
