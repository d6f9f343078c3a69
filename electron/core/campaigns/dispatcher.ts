import { VestnikError } from '../../../shared/ipc/result';
import type { Clock } from '../clock';
import type { Db } from '../db/open';
import type { Statement } from 'better-sqlite3';
import { campaignsInState, requireCampaign, setCampaignState } from '../repos/campaigns';
import { ProviderError, type OutMessage, type Provider, type SendResult } from '../channels/types';
import { CampaignContent } from './content';
import { expandNext, finishDone, startDue } from './lifecycle';
import { DispatchLease } from './lease';
import { partsOf } from './budget';
import { Claimer, type Claimed } from './claim';
import { hasPendingWork } from './idle';

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
 * Only one process sends at a time: see ./lease.ts.
 */

export interface DispatcherOptions {
  db: Db;
  clock: Clock;
  provider: (accountId: number) => Provider;
  /** Rows claimed per round, all sent concurrently; in untilIdle(), the rows in flight at any time. */
  batch?: number;
  leaseMs?: number;
  /** The campaign's time zone for {today} and scheduled starts. */
  timeZone?: string;
  graceMs?: number;
  /** Called after each round that changed something. */
  onChange?: () => void;
}

type Outcome =
  | { row: Claimed; result: SendResult }
  | { row: Claimed; error: ProviderError }
  /** Failed before the provider was asked (no provider for the account, the vault locked…): provably not sent. */
  | { row: Claimed; fault: Error }
  /** The provider's send threw something other than a ProviderError: it may have taken the message. */
  | { row: Claimed; lost: Error };

const OUTAGE_AFTER = 5;
/** How long a lease lasts without renewal (renewed every round; a flow round is at most a third of it). */
const LEASE_MS = 15_000;
const BACKOFF_BASE_MS = 2_000;
const BACKOFF_MAX_MS = 10 * 60_000;
/**
 * How long untilIdle() keeps sending before it looks at schedules, expansion, outages and the lease again (at
 * most a third of the lease). Each time the rows in flight are waited for, so not much more often than this.
 */
const FLOW_MS = 5_000;
/** The longest a result that came back waits for others to share its commit (each commit waits for the disk). */
const GROUP_MS = 50;
/**
 * Rows left in flight when results are committed: while the commit waits for the disk, the HTTP client's
 * connections (16 per host) still have requests to answer. A larger window commits the rest together: fewer
 * commits, each of which blocks the thread for an fsync.
 */
const KEEP_IN_FLIGHT = 64;
/** Accepted rows recorded by one UPDATE statement. */
const DONE_ROWS = 64;

export class Dispatcher {
  private readonly leaseRow: DispatchLease;
  private settled = false;
  private readonly failuresInRow = new Map<number, number>();
  private readonly outageProbeAt = new Map<number, number>();
  /** Prepared statements, by SQL text: prepared once, not once per round. */
  private readonly statements = new Map<string, Statement>();
  /** Parsed specs of running campaigns, with the JSON they were parsed from. */
  /** Rows the last claim held back (opted out, quiet hours, a daily quota) instead of sending. */
  private held = 0;
  private readonly claimer: Claimer;
  private readonly content: CampaignContent;

  constructor(private readonly o: DispatcherOptions) {
    o.db.pragma('synchronous = FULL');
    this.leaseRow = new DispatchLease(o.db, o.clock, o.leaseMs ?? LEASE_MS);
    this.claimer = new Claimer(o, (sql) => this.prepare(sql));
    this.content = new CampaignContent(o.db);
  }

  /**
   * One round of work. `busy`: something was sent or changed; the caller loops again at once.
   * With `flowMs`, the round does not stop after one batch: it keeps up to `batch` rows in flight for that long
   * (see flow()), then waits for them.
   */
  async round(opts: { flowMs?: number } = {}): Promise<{ busy: boolean; sent: number }> {
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
    busy = startDue(this.o.db, this.o.clock, this.o.graceMs) || busy;
    // One chunk per round; a flowing round goes on with the next chunks within its time (letting the event loop
    // run between them, as between rounds), instead of a round for every chunk — lease renewal, schedules and an
    // empty claim, each with its own commit.
    const until = performance.now() + (opts.flowMs ?? 0);
    for (;;) {
      const expanded = expandNext(this.o.db, this.o.clock, this.o.timeZone ?? 'Europe/Moscow');
      busy ||= expanded;
      if (!expanded || performance.now() >= until) break;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    busy = (await this.resumeAfterOutage()) || busy;
    const rows = this.claim();
    // Rows held back made room in the batch: others may be due right now, so the caller must not sleep.
    busy ||= this.held > 0;
    if (rows.length === 0) {
      busy = finishDone(this.o.db, this.o.clock) || busy;
      if (busy) this.o.onChange?.();
      return { busy, sent: 0 };
    }
    let sent = rows.length;
    if (opts.flowMs) sent += await this.flow(rows, Math.max(0, until - performance.now()));
    else this.record(await Promise.all(rows.map((row) => this.sendOne(row))));
    this.o.onChange?.();
    return { busy: true, sent };
  }

  /** Runs rounds until nothing is due or in flight (`vestnik worker --until-idle`). */
  async untilIdle(stopped: () => boolean = () => false): Promise<void> {
    while (!stopped()) {
      const r = await this.round({ flowMs: Math.min(FLOW_MS, (this.o.leaseMs ?? LEASE_MS) / 3) });
      if (!r.busy && !this.pending()) return;
      if (!r.busy) await new Promise((res) => setTimeout(res, 200));
    }
  }

  /** Whether anything remains that a later round would do now (./idle.ts): not what waits for a later time. */
  pending(): boolean {
    return hasPendingWork(this.o.db, this.now());
  }

  release(): void {
    this.leaseRow.release();
  }

  // --- steps -------------------------------------------------------------------------------------------

  /**
   * Sending without a pause between batches: `first` (just claimed) goes out, and as replies come back their
   * results and the rows that take their places are committed together, in one transaction — results after the
   * network, claims before it, as in a plain round, and never more than `batch` rows `sending`. A commit waits
   * for most of the window to come back (all but KEEP_IN_FLIGHT rows, at least half; or everything in flight, or
   * GROUP_MS), since each one waits for the disk.
   * Stops claiming after `ms`, then waits for what is in flight. Returns the number of rows claimed after `first`.
   */
  private async flow(first: readonly Claimed[], ms: number): Promise<number> {
    const window = this.o.batch ?? 32;
    const enough = Math.max(1, Math.floor(window / 2), window - KEEP_IN_FLIGHT);
    const until = performance.now() + ms;
    let toldAt = performance.now();
    const back: Outcome[] = [];
    let inFlight = 0;
    let claimed = 0;
    // Set GROUP_MS after the first result of a commit came back (a timer per commit, not per result).
    let late = false;
    let timer: NodeJS.Timeout | undefined;
    let wake: (() => void) | null = null;
    const ready = () => back.length >= enough || inFlight === 0 || late;
    const launch = (row: Claimed) => {
      inFlight += 1;
      void this.sendOne(row).then((o) => {
        back.push(o);
        inFlight -= 1;
        if (back.length === 1) {
          timer = setTimeout(() => {
            late = true;
            wake?.();
          }, GROUP_MS);
        }
        if (wake && ready()) wake();
      });
    };
    first.forEach(launch);
    for (;;) {
      if (!ready()) await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
      // Every reply already on the wire comes in before the commit, so that one commit covers them all.
      await new Promise<void>((resolve) => setImmediate(resolve));
      clearTimeout(timer);
      late = false;
      const outcomes = back.splice(0);
      const rows = this.o.db.transaction(() => {
        this.record(outcomes);
        return performance.now() < until ? this.claim(window - inFlight) : [];
      })();
      claimed += rows.length;
      rows.forEach(launch);
      if (inFlight === 0) return claimed;
      // A long round tells about its progress now and then, not only at its end.
      if (performance.now() - toldAt >= 1_000) {
        toldAt = performance.now();
        this.o.onChange?.();
      }
    }
  }

  /** A statement prepared once per dispatcher. */
  private prepare(sql: string): Statement {
    let s = this.statements.get(sql);
    if (!s) this.statements.set(sql, (s = this.o.db.prepare(sql)));
    return s;
  }

  private lease(): boolean {
    const { ok, takenOver } = this.leaseRow.acquire();
    // Taken over (not renewed): whatever the previous owner left `sending` is settled again, even when this
    // dispatcher held the lease before (a process that slept while another one sent and died).
    if (takenOver) this.settled = false;
    return ok;
  }

  /** Claims due rows and commits them as `sending` — before any of them goes to a provider (claim.ts). */
  private claim(limit = this.o.batch ?? 32): Claimed[] {
    const rows = this.claimer.claim(limit, this.now());
    this.held = this.claimer.held;
    return rows;
  }

  private async sendOne(row: Claimed): Promise<Outcome> {
    let provider: Provider;
    let message: OutMessage;
    try {
      provider = this.o.provider(row.account_id);
      // The letter's HTML and pictures, WhatsApp's template: rendered now, after the claim was committed and
      // before the network (./content.ts). Failing here, nothing went out.
      const spec = this.claimer.specOf(row.campaign_id) ?? requireCampaign(this.o.db, row.campaign_id).spec;
      message = {
        id: `ob-${row.id}`,
        to: row.address,
        text: row.body,
        subject: row.subject ?? undefined,
        sender: row.sender,
        ...this.content.extras(row, spec),
      };
    } catch (err) {
      if (err instanceof ProviderError) return { row, error: err };
      return { row, fault: asError(err) };
    }
    try {
      const result = await provider.send(message);
      return { row, result };
    } catch (err) {
      if (err instanceof ProviderError) return { row, error: err };
      // Not a ProviderError: the provider broke its contract somewhere, possibly after the message went out.
      return { row, lost: asError(err) };
    }
  }

  /** Commits every result of a round in one transaction. */
  private record(outcomes: readonly Outcome[]): void {
    const db = this.o.db;
    const now = this.now();
    const at = this.o.clock.now().getTime();
    const done = this.prepare(
      `UPDATE outbox SET state = ?, provider_ids = ?, provider_code = ?, provider_text = ?, error_class = NULL,
         parts = ?, cost = ?, sent_at = ?, updated_at = ? WHERE id = ?`,
    );
    // Accepted rows, DONE_ROWS to a statement (about 15 % less per row than a statement each); the rest one by one.
    const doneMany = this.prepare(
      `UPDATE outbox SET state = v.column2, provider_ids = v.column3, provider_code = v.column4,
         provider_text = v.column5, error_class = NULL, parts = v.column6, cost = v.column7, sent_at = ?, updated_at = ?
       FROM (VALUES ${Array.from({ length: DONE_ROWS }, () => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}) AS v
       WHERE outbox.id = v.column1`,
    );
    const accepted: (string | number | null)[] = [];
    const flushAccepted = (all: boolean) => {
      if (accepted.length === DONE_ROWS * 7) doneMany.run(now, now, accepted);
      else if (all) {
        for (let i = 0; i < accepted.length; i += 7) {
          const [id, state, ids, code, text, parts, cost] = accepted.slice(i, i + 7);
          done.run(state, ids, code, text, parts, cost, now, now, id);
        }
      } else return;
      accepted.length = 0;
    };
    const fail = this.prepare(
      `UPDATE outbox SET state = ?, provider_code = ?, provider_text = ?, error_class = ?, updated_at = ? WHERE id = ?`,
    );
    const retry = this.prepare(
      `UPDATE outbox SET state = 'queued', not_before = ?, attempts = attempts - ?, provider_code = ?, provider_text = ?,
         error_class = ?, updated_at = ? WHERE id = ?`,
    );
    // Cancelled while the round was in flight: what went back to the queue is skipped, as cancel does.
    const dropCancelled = this.prepare(
      `UPDATE outbox SET state = 'skipped', provider_text = 'Cancelled', updated_at = ?
       WHERE campaign_id = ? AND state = 'queued' AND (SELECT state FROM campaigns WHERE id = ?) = 'cancelled'`,
    );
    db.transaction(() => {
      for (const o of outcomes) {
        const { row } = o;
        if ('result' in o) {
          this.failuresInRow.set(row.account_id, 0);
          const u = o.result.update;
          // Accepted by the provider: never queued again on our side, whatever its first status says.
          const state = u.status === 'delivered' || u.status === 'failed' ? u.status : 'sent';
          // Parts and cost as the provider reports them; otherwise counted here, at the account's tariff.
          const parts = o.result.parts ?? partsOf(row);
          const cost = o.result.cost?.amount ?? this.claimer.budget.costOf(row, parts);
          this.claimer.budget.settle(row.campaign_id, row, cost ?? 0, parts);
          accepted.push(
            row.id,
            state,
            JSON.stringify(o.result.providerIds),
            u.providerCode ?? null,
            u.providerText ?? null,
            parts,
            cost,
          );
          flushAccepted(false);
        } else if ('error' in o) {
          const e = o.error;
          // What may have gone out counts against a budget at its estimate; what provably did not, not at all.
          const maybeSent = e.errorClass === 'unknown_outcome';
          this.claimer.budget.settle(
            row.campaign_id,
            row,
            maybeSent ? (this.claimer.budget.costOf(row, partsOf(row)) ?? 0) : null,
            null,
          );
          switch (e.errorClass) {
            case 'recipient':
              fail.run('failed', e.providerCode ?? null, e.message, e.errorClass, now, row.id);
              break;
            case 'unknown_outcome':
              fail.run('unknown', e.providerCode ?? null, e.message, e.errorClass, now, row.id);
              break;
            case 'retryable': {
              // row.attempts is the count before this attempt: the first retry waits backoff(1).
              const wait = e.retryAfterMs ?? backoff(row.attempts + 1);
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
        } else if ('lost' in o) {
          this.claimer.budget.settle(row.campaign_id, row, this.claimer.budget.costOf(row, partsOf(row)) ?? 0, null);
          // It may have gone out: never queued again on our own; the campaign stops so someone looks.
          fail.run('unknown', null, o.lost.message, 'unknown_outcome', now, row.id);
          this.pause(row, faultReason(o.lost), at);
        } else {
          this.claimer.budget.settle(row.campaign_id, row, null, null);
          retry.run(null, 1, null, o.fault.message, null, now, row.id);
          this.pause(row, faultReason(o.fault), at);
        }
      }
      flushAccepted(true);
      // (The campaign's state is read first: the UPDATE would otherwise walk every queued row of the campaign.)
      const stateOf = this.prepare('SELECT state FROM campaigns WHERE id = ?').pluck();
      for (const id of new Set(outcomes.map((o) => o.row.campaign_id))) {
        if (stateOf.get(id) === 'cancelled') dropCancelled.run(now, id, id);
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
        // The user may have cancelled, paused or resumed it while the check ran.
        const still = requireCampaign(this.o.db, c.id);
        if (still.state !== 'paused' || still.stateReason !== c.stateReason) {
          this.outageProbeAt.delete(c.id);
          continue;
        }
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

  private now(): string {
    return this.o.clock.now().toISOString();
  }
}

/** Exponential backoff with jitter: 2 s, 4 s, 8 s … up to 10 min, each ±25 %. */
export function backoff(attempts: number): number {
  const base = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

/** A fault in words for the campaign's reason. */
function faultReason(err: Error): string {
  return err instanceof VestnikError ? `${err.code}: ${err.message}` : `error: ${err.message}`;
}
