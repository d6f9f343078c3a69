import { hostname } from 'node:os';
import { quietHoursCheck } from '../../../shared/domain/quiet-hours';
import { missedDecision } from '../../../shared/domain/schedule';
import { VestnikError } from '../../../shared/ipc/result';
import type { Clock } from '../clock';
import type { Db } from '../db/open';
import { campaignsInState, requireCampaign, setCampaignState, type CampaignRow } from '../repos/campaigns';
import { ProviderError, type Provider, type SendResult } from '../channels/types';
import { expandChunk } from './expand';

/**
 * The dispatcher: sends the outbox under the delivery contract (../shared/ARCHITECTURE.md).
 *
 * One round: claim a batch of due `queued` rows of running campaigns and commit them as `sending` (with
 * synchronous=FULL on this connection), then call the providers, then commit every result in one
 * transaction. A crash between the two commits leaves `sending` rows, which the next start turns into
 * `unknown`: they may or may not have reached the provider, so only the user's "resend unknown" sends them
 * again. Retries happen only when the provider provably did not take the message (retryable errors), with
 * exponential backoff and jitter, honouring Retry-After. Account-level errors pause the campaign with the
 * provider's words and leave the rest queued; an outage (several retryable failures in a row) pauses it too,
 * and it resumes by itself once the provider answers a check again.
 *
 * Only one process sends at a time: a lease row names the owner (host and pid) and is renewed every round;
 * it is taken over when it expired or its owner's process is gone.
 */

export interface DispatcherOptions {
  db: Db;
  clock: Clock;
  provider: (accountId: number) => Provider;
  /** Rows claimed per round, all sent concurrently. */
  batch?: number;
  leaseMs?: number;
  /** The campaign's time zone for {today} and scheduled starts. */
  timeZone?: string;
  graceMs?: number;
  /** Called after each round that changed something. */
  onChange?: () => void;
}

interface Claimed {
  id: number;
  campaign_id: number;
  channel: string;
  account_id: number;
  address: string;
  body: string;
  subject: string | null;
  attempts: number;
}

type Outcome =
  { row: Claimed; result: SendResult } | { row: Claimed; error: ProviderError } | { row: Claimed; fault: Error };

const OUTAGE_AFTER = 5;
const BACKOFF_BASE_MS = 2_000;
const BACKOFF_MAX_MS = 10 * 60_000;

export class Dispatcher {
  private readonly owner = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  private settled = false;
  private readonly failuresInRow = new Map<number, number>();
  private readonly outageProbeAt = new Map<number, number>();

  constructor(private readonly o: DispatcherOptions) {
    o.db.pragma('synchronous = FULL');
  }

  /** One round of work. `busy`: something was sent or changed; the caller loops again at once. */
  async round(): Promise<{ busy: boolean; sent: number }> {
    if (!this.lease()) return { busy: false, sent: 0 };
    let busy = false;
    if (!this.settled) {
      const n = this.o.db
        .prepare(
          `UPDATE outbox SET state = 'unknown', error_class = 'unknown_outcome', updated_at = ?,
             provider_text = 'The sender stopped while sending: check the status before sending again'
           WHERE state = 'sending'`,
        )
        .run(this.now()).changes;
      this.settled = true;
      busy ||= n > 0;
    }
    busy = this.startDue() || busy;
    busy = this.expand() || busy;
    busy = (await this.resumeAfterOutage()) || busy;
    const rows = this.claim();
    if (rows.length === 0) {
      busy = this.finish() || busy;
      if (busy) this.o.onChange?.();
      return { busy, sent: 0 };
    }
    const outcomes = await Promise.all(rows.map((row) => this.sendOne(row)));
    this.record(outcomes);
    this.o.onChange?.();
    return { busy: true, sent: rows.length };
  }

  /** Runs rounds until nothing is due or in flight (`vestnik worker --until-idle`). */
  async untilIdle(): Promise<void> {
    for (;;) {
      const r = await this.round();
      if (!r.busy && !this.pending()) return;
      if (!r.busy) await new Promise((res) => setTimeout(res, 200));
    }
  }

  /** Whether anything remains that a later round would do. */
  pending(): boolean {
    return (
      this.o.db
        .prepare(
          `SELECT EXISTS (SELECT 1 FROM campaigns WHERE state IN ('expanding', 'running')
             OR (state = 'paused' AND state_reason LIKE 'outage:%'))`,
        )
        .pluck()
        .get() === 1
    );
  }

  release(): void {
    this.o.db.prepare('DELETE FROM dispatch_lease WHERE owner = ?').run(this.owner);
  }

  // --- steps -------------------------------------------------------------------------------------------

  private lease(): boolean {
    const db = this.o.db;
    const now = this.o.clock.now().getTime();
    const until = new Date(now + (this.o.leaseMs ?? 15_000)).toISOString();
    const current = db.prepare('SELECT owner, expires_at FROM dispatch_lease WHERE id = 1').get() as
      { owner: string; expires_at: string } | undefined;
    const free =
      !current || current.owner === this.owner || Date.parse(current.expires_at) < now || ownerIsGone(current.owner);
    if (!free) return false;
    db.prepare(
      `INSERT INTO dispatch_lease (id, owner, expires_at) VALUES (1, ?, ?)
       ON CONFLICT (id) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at`,
    ).run(this.owner, until);
    return true;
  }

  /** Scheduled campaigns whose time has come: sent if within the grace period, else the user is asked. */
  private startDue(): boolean {
    let changed = false;
    for (const c of campaignsInState(this.o.db, 'scheduled')) {
      if (!c.sendAt) continue;
      const decision = missedDecision(new Date(c.sendAt), this.o.clock.now(), this.o.graceMs);
      if (decision === 'wait') continue;
      setCampaignState(
        this.o.db,
        c.id,
        decision === 'send' ? 'expanding' : 'missed',
        decision === 'send' ? null : 'missed: the computer was off at the scheduled time',
        this.now(),
      );
      changed = true;
    }
    return changed;
  }

  private expand(): boolean {
    let changed = false;
    for (const c of campaignsInState(this.o.db, 'expanding')) {
      const done = expandChunk(this.o.db, c, { timeZone: this.o.timeZone ?? 'Europe/Moscow', now: this.o.clock.now() });
      if (done) setCampaignState(this.o.db, c.id, 'running', null, this.now());
      changed = true;
    }
    return changed;
  }

  /** Claims due rows and commits them as `sending` — before any of them goes to a provider. */
  private claim(): Claimed[] {
    const db = this.o.db;
    const now = this.now();
    return db.transaction(() => {
      const candidates = db
        .prepare(
          `SELECT o.id, o.campaign_id, o.channel, o.account_id, o.address, o.body, o.subject, o.attempts, o.time_zone
           FROM outbox o JOIN campaigns c ON c.id = o.campaign_id
           WHERE c.state = 'running' AND o.state = 'queued' AND (o.not_before IS NULL OR o.not_before <= ?)
           ORDER BY o.id LIMIT ?`,
        )
        .all(now, this.o.batch ?? 32) as (Claimed & { time_zone: string | null })[];
      const optedOut = db.prepare('SELECT 1 FROM opt_outs WHERE channel = ? AND address = ?').pluck();
      const suppress = db.prepare(
        `UPDATE outbox SET state = 'suppressed', provider_text = 'Opted out before sending', updated_at = ? WHERE id = ?`,
      );
      const defer = db.prepare('UPDATE outbox SET not_before = ?, updated_at = ? WHERE id = ?');
      const mark = db.prepare(
        `UPDATE outbox SET state = 'sending', attempts = attempts + 1, updated_at = ? WHERE id = ?`,
      );
      const specs = new Map<number, CampaignRow>();
      const claimed: Claimed[] = [];
      for (const r of candidates) {
        // Opt-outs are checked again at send time: one may have arrived since the campaign was expanded.
        if (optedOut.get(r.channel, r.address)) {
          suppress.run(now, r.id);
          continue;
        }
        let c = specs.get(r.campaign_id);
        if (!c) specs.set(r.campaign_id, (c = requireCampaign(db, r.campaign_id)));
        if (c.spec.marketing && r.channel === 'sms' && r.time_zone) {
          const q = quietHoursCheck(this.o.clock.now(), r.time_zone, c.spec.quietHours);
          if (!q.allowed) {
            defer.run(q.nextAllowed.toISOString(), now, r.id);
            continue;
          }
        }
        mark.run(now, r.id);
        claimed.push(r);
      }
      return claimed;
    })();
  }

  private async sendOne(row: Claimed): Promise<Outcome> {
    try {
      const c = requireCampaign(this.o.db, row.campaign_id);
      const channel = c.spec.channels.find((x) => x.accountId === row.account_id && x.channel === row.channel);
      const result = await this.o.provider(row.account_id).send({
        id: `ob-${row.id}`,
        to: row.address,
        text: row.body,
        subject: row.subject ?? undefined,
        sender: channel?.sender,
      });
      return { row, result };
    } catch (err) {
      if (err instanceof ProviderError) return { row, error: err };
      return { row, fault: err instanceof Error ? err : new Error(String(err)) };
    }
  }

  /** Commits every result of a round in one transaction. */
  private record(outcomes: readonly Outcome[]): void {
    const db = this.o.db;
    const now = this.now();
    const at = this.o.clock.now().getTime();
    const done = db.prepare(
      `UPDATE outbox SET state = ?, provider_ids = ?, provider_code = ?, provider_text = ?, error_class = NULL,
         parts = ?, cost = ?, sent_at = ?, updated_at = ? WHERE id = ?`,
    );
    const fail = db.prepare(
      `UPDATE outbox SET state = ?, provider_code = ?, provider_text = ?, error_class = ?, updated_at = ? WHERE id = ?`,
    );
    const retry = db.prepare(
      `UPDATE outbox SET state = 'queued', not_before = ?, attempts = attempts - ?, provider_code = ?, provider_text = ?,
         error_class = ?, updated_at = ? WHERE id = ?`,
    );
    db.transaction(() => {
      for (const o of outcomes) {
        const { row } = o;
        if ('result' in o) {
          this.failuresInRow.set(row.account_id, 0);
          const u = o.result.update;
          // Accepted by the provider: never queued again on our side, whatever its first status says.
          const state = u.status === 'delivered' || u.status === 'failed' ? u.status : 'sent';
          done.run(
            state,
            JSON.stringify(o.result.providerIds),
            u.providerCode ?? null,
            u.providerText ?? null,
            o.result.parts ?? null,
            o.result.cost?.amount ?? null,
            now,
            now,
            row.id,
          );
        } else if ('error' in o) {
          const e = o.error;
          switch (e.errorClass) {
            case 'recipient':
              fail.run('failed', e.providerCode ?? null, e.message, e.errorClass, now, row.id);
              break;
            case 'unknown_outcome':
              fail.run('unknown', e.providerCode ?? null, e.message, e.errorClass, now, row.id);
              break;
            case 'retryable': {
              const wait = e.retryAfterMs ?? backoff(row.attempts);
              retry.run(
                new Date(at + wait).toISOString(),
                0,
                e.providerCode ?? null,
                e.message,
                e.errorClass,
                now,
                row.id,
              );
              const n = (this.failuresInRow.get(row.account_id) ?? 0) + 1;
              this.failuresInRow.set(row.account_id, n);
              if (n >= OUTAGE_AFTER) this.pause(row, `outage: ${e.message}`, at);
              break;
            }
            case 'account':
              // Not this recipient's fault, and nothing was sent: it waits in the queue for the account.
              retry.run(null, 1, e.providerCode ?? null, e.message, e.errorClass, now, row.id);
              this.pause(row, `account: ${e.message}`, at);
              break;
          }
        } else {
          const reason =
            o.fault instanceof VestnikError ? `${o.fault.code}: ${o.fault.message}` : `error: ${o.fault.message}`;
          retry.run(null, 1, null, o.fault.message, null, now, row.id);
          this.pause(row, reason, at);
        }
      }
    })();
  }

  private pause(row: Claimed, reason: string, at: number): void {
    const c = requireCampaign(this.o.db, row.campaign_id);
    if (c.state !== 'running') return;
    setCampaignState(this.o.db, c.id, 'paused', reason.slice(0, 500), this.now());
    if (reason.startsWith('outage:')) this.outageProbeAt.set(c.id, at + 30_000);
  }

  /** A campaign paused by an outage resumes by itself once its accounts answer a check. */
  private async resumeAfterOutage(): Promise<boolean> {
    const now = this.o.clock.now().getTime();
    let changed = false;
    for (const c of campaignsInState(this.o.db, 'paused')) {
      if (!c.stateReason?.startsWith('outage:')) continue;
      const due = this.outageProbeAt.get(c.id) ?? 0;
      if (now < due) continue;
      try {
        for (const ch of c.spec.channels) await this.o.provider(ch.accountId).check();
        setCampaignState(this.o.db, c.id, 'running', null, this.now());
        for (const ch of c.spec.channels) this.failuresInRow.set(ch.accountId, 0);
        this.outageProbeAt.delete(c.id);
        changed = true;
      } catch {
        this.outageProbeAt.set(c.id, now + Math.min(5 * 60_000, Math.max(30_000, (now - due) * 2 || 30_000)));
      }
    }
    return changed;
  }

  /** Running campaigns with nothing queued or in flight are finished. */
  private finish(): boolean {
    const db = this.o.db;
    let changed = false;
    for (const c of campaignsInState(db, 'running')) {
      const open = db
        .prepare(`SELECT EXISTS (SELECT 1 FROM outbox WHERE campaign_id = ? AND state IN ('queued', 'sending'))`)
        .pluck()
        .get(c.id);
      if (open === 0) {
        setCampaignState(db, c.id, 'finished', null, this.now());
        changed = true;
      }
    }
    return changed;
  }

  private now(): string {
    return this.o.clock.now().toISOString();
  }
}

/** Exponential backoff with jitter: 2 s, 4 s, 8 s … up to 10 min, each ±25 %. */
export function backoff(attempts: number): number {
  const base = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

/** A lease owner on this host whose process no longer exists. */
function ownerIsGone(owner: string): boolean {
  const [host, pidText] = owner.split(':');
  const pid = Number(pidText);
  if (host !== hostname() || !Number.isInteger(pid)) return false;
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
