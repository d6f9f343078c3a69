import type { CampaignSpec, CampaignState, OutboxState } from '../../../shared/domain/campaigns';
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
  run: r.run,
  expandedThrough: r.expanded_through,
  createdAt: r.created_at,
  launchedAt: r.launched_at,
  finishedAt: r.finished_at,
});

export function createCampaign(
  db: Db,
  c: { name: string; owner?: string; spec: CampaignSpec; sendAt?: string | null },
  now: string,
): CampaignRow {
  const id = Number(
    db
      .prepare(`INSERT INTO campaigns (name, owner, spec, send_at, created_at) VALUES (?, ?, ?, ?, ?)`)
      .run(c.name, c.owner ?? '', JSON.stringify(c.spec), c.sendAt ?? null, now).lastInsertRowid,
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

/** Counts of the campaign's outbox rows by state (every state present, zero when none). */
export function outboxCounts(db: Db, campaignId: number): Record<OutboxState, number> {
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
    .prepare('SELECT state, count(*) AS n FROM outbox WHERE campaign_id = ? GROUP BY state')
    .all(campaignId) as { state: OutboxState; n: number }[];
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
