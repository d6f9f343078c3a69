import {
  DEFAULT_GRACE_MINUTES,
  type CampaignSpec,
  type CampaignState,
  type OutboxState,
} from '../../../shared/domain/campaigns';
import { VestnikError } from '../../../shared/ipc/result';
import type { Db } from '../db/open';

export interface CampaignRow {
  id: number;
  name: string;
  owner: string;
  state: CampaignState;
  stateReason: string | null;
  spec: CampaignSpec;
  sendAt: string | null;
  /** Recurring campaigns: the cron expression and its time zone. */
  cron: string | null;
  timeZone: string | null;
  graceMs: number;
  nextRunAt: string | null;
  run: number;
  expandedThrough: number;
  createdAt: string;
  launchedAt: string | null;
  finishedAt: string | null;
}

interface Raw {
  id: number;
  name: string;
  owner: string;
  state: CampaignState;
  state_reason: string | null;
  spec: string;
  send_at: string | null;
  cron: string | null;
  time_zone: string | null;
  grace_ms: number;
  next_run_at: string | null;
  run: number;
  expanded_through: number;
  created_at: string;
  launched_at: string | null;
  finished_at: string | null;
}

const toCampaign = (r: Raw): CampaignRow => ({
  id: r.id,
  name: r.name,
  owner: r.owner,
  state: r.state,
  stateReason: r.state_reason,
  spec: JSON.parse(r.spec) as CampaignSpec,
  sendAt: r.send_at,
  cron: r.cron,
  timeZone: r.time_zone,
  graceMs: r.grace_ms,
  nextRunAt: r.next_run_at,
  run: r.run,
  expandedThrough: r.expanded_through,
  createdAt: r.created_at,
  launchedAt: r.launched_at,
  finishedAt: r.finished_at,
});

export function createCampaign(
  db: Db,
  c: {
    name: string;
    owner?: string;
    spec: CampaignSpec;
    sendAt?: string | null;
    repeat?: { cron: string; timeZone: string };
    graceMs?: number;
  },
  now: string,
): CampaignRow {
  const id = Number(
    db
      .prepare(
        `INSERT INTO campaigns (name, owner, spec, send_at, cron, time_zone, grace_ms, created_at)
         VALUES (?, ?, ?, ?, ?, ?, coalesce(?, ${DEFAULT_GRACE_MINUTES * 60_000}), ?)`,
      )
      .run(
        c.name,
        c.owner ?? '',
        JSON.stringify(c.spec),
        c.sendAt ?? null,
        c.repeat?.cron ?? null,
        c.repeat?.timeZone ?? null,
        c.graceMs ?? null,
        now,
      ).lastInsertRowid,
  );
  return requireCampaign(db, id);
}

export function requireCampaign(db: Db, id: number): CampaignRow {
  const r = db.prepare('SELECT * FROM campaigns WHERE id = ?').get(id) as Raw | undefined;
  if (!r) throw new VestnikError('not_found', `Campaign ${id} not found`);
  return toCampaign(r);
}

export function listCampaigns(db: Db): CampaignRow[] {
  return (db.prepare('SELECT * FROM campaigns ORDER BY id DESC').all() as Raw[]).map(toCampaign);
}

export function campaignsInState(db: Db, ...states: CampaignState[]): CampaignRow[] {
  return (
    db
      .prepare(`SELECT * FROM campaigns WHERE state IN (${states.map(() => '?').join(', ')}) ORDER BY id`)
      .all(...states) as Raw[]
  ).map(toCampaign);
}

export function setCampaignState(db: Db, id: number, state: CampaignState, reason: string | null, now: string): void {
  db.prepare(
    `UPDATE campaigns SET state = ?, state_reason = ?,
       launched_at = CASE WHEN ? IN ('expanding', 'running') THEN coalesce(launched_at, ?) ELSE launched_at END,
       finished_at = CASE WHEN ? IN ('finished', 'cancelled') THEN ? ELSE finished_at END
     WHERE id = ?`,
  ).run(state, reason, state, now, state, now, id);
}

/** Counts of the campaign's outbox rows (of one run, if given) by state (every state present, zero when none). */
export function outboxCounts(db: Db, campaignId: number, run?: number): Record<OutboxState, number> {
  const counts: Record<OutboxState, number> = {
    queued: 0,
    sending: 0,
    sent: 0,
    delivered: 0,
    failed: 0,
    unknown: 0,
    suppressed: 0,
    skipped: 0,
  };
  const rows = db
    .prepare('SELECT state, count(*) AS n FROM outbox WHERE campaign_id = ? AND run = coalesce(?, run) GROUP BY state')
    .all(campaignId, run ?? null) as { state: OutboxState; n: number }[];
  for (const r of rows) counts[r.state] = r.n;
  return counts;
}

/** Moves the campaign's failed or unknown rows back to the queue — only ever on the user's explicit word. */
export function requeue(db: Db, campaignId: number, from: 'failed' | 'unknown', now: string): number {
  return db
    .prepare(
      `UPDATE outbox SET state = 'queued', not_before = NULL, error_class = NULL, updated_at = ?
       WHERE campaign_id = ? AND state = ?`,
    )
    .run(now, campaignId, from).changes;
}

/**
 * A status learnt after sending (a delivery report, a status poll) for an outbox row. Final states are never
 * moved back; a row left `unknown` or `sending` by a crash becomes known when the provider tells.
 */
export function applyOutboxStatus(
  db: Db,
  rowId: number,
  accountId: number,
  u: { status: 'queued' | 'sent' | 'delivered' | 'failed' | 'unknown'; providerCode?: string; providerText?: string },
  now: string,
): boolean {
  if (u.status === 'unknown') return false;
  const state = u.status === 'queued' ? 'sent' : u.status;
  const from = state === 'sent' ? "('unknown', 'sending')" : "('sent', 'unknown', 'sending')";
  return (
    db
      .prepare(
        `UPDATE outbox SET state = ?, provider_code = coalesce(?, provider_code), provider_text = coalesce(?, provider_text),
           updated_at = ? WHERE id = ? AND account_id = ? AND state IN ${from}`,
      )
      .run(state, u.providerCode ?? null, u.providerText ?? null, now, rowId, accountId).changes > 0
  );
}

/** Sets when a recurring campaign runs next (null: its schedule has no more runs). */
export function setNextRun(db: Db, id: number, at: string | null): void {
  db.prepare('UPDATE campaigns SET next_run_at = ? WHERE id = ?').run(at, id);
}

/** Starts the campaign's next run: its audience is expanded afresh into rows of that run. */
export function startNextRun(db: Db, id: number, now: string): void {
  db.transaction(() => {
    db.prepare('UPDATE campaigns SET run = run + 1, expanded_through = 0, finished_at = NULL WHERE id = ?').run(id);
    setCampaignState(db, id, 'expanding', null, now);
  })();
}
