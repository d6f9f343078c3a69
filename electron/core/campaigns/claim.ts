import type { Statement } from 'better-sqlite3';
import type { CampaignSpec } from '../../../shared/domain/campaigns';
import { quietHoursCheck } from '../../../shared/domain/quiet-hours';
import type { Clock } from '../clock';
import type { Db } from '../db/open';
import { setCampaignState } from '../repos/campaigns';
import { BudgetGuard } from './budget';
import { AccountThrottle } from './limits';

/**
 * Which queued rows go out now, decided and committed in one transaction before any network call: due rows of
 * running campaigns in queue order, minus those opted out since expansion (suppressed), those outside quiet hours
 * on the recipient's clock (deferred), those past the campaign's budget (the campaign pauses, budget.ts) and
 * those over the account's rate or daily quota (limits.ts). What is left is marked `sending`.
 */

export interface Claimed {
  id: number;
  campaign_id: number;
  channel: string;
  account_id: number;
  address: string;
  body: string;
  subject: string | null;
  /** The recipient's values for what is rendered at send time (./content.ts), or null. */
  vars: string | null;
  attempts: number;
  /** The campaign's sender name for this channel and account, read when the row was claimed. */
  sender?: string;
}

const COLUMNS = 'id, campaign_id, channel, account_id, address, body, subject, vars, attempts, time_zone';
type RawCandidate = [
  number,
  number,
  string,
  number,
  string,
  string,
  string | null,
  string | null,
  number,
  string | null,
  number,
];
/** A row read by the claim: the row as it is sent, and what the claim decides on besides. */
interface Candidate {
  row: Claimed;
  timeZone: string | null;
  optedOut: number;
}

/** A row read by the claim (COLUMNS, then opted_out). */
function candidate(r: RawCandidate): Candidate {
  return {
    row: {
      id: r[0],
      campaign_id: r[1],
      channel: r[2],
      account_id: r[3],
      address: r[4],
      body: r[5],
      subject: r[6],
      vars: r[7],
      attempts: r[8],
      sender: undefined,
    },
    timeZone: r[9],
    optedOut: r[10],
  };
}

export class Claimer {
  /** Rows the last claim held back (opted out, quiet hours, a daily quota) instead of sending. */
  held = 0;
  /** Parsed specs of running campaigns, kept while their JSON is unchanged. */
  private readonly specs = new Map<number, { json: string; spec: CampaignSpec }>();
  private readonly throttle: AccountThrottle;
  readonly budget: BudgetGuard;

  constructor(
    private readonly o: { db: Db; clock: Clock; timeZone?: string },
    private readonly prepare: (sql: string) => Statement,
  ) {
    this.throttle = new AccountThrottle(o.db, o.clock, o.timeZone ?? 'Europe/Moscow');
    this.budget = new BudgetGuard(o.db);
  }

  /** The spec of a running campaign as the last claim read it. */
  specOf(campaignId: number): CampaignSpec | undefined {
    return this.specs.get(campaignId)?.spec;
  }

  /** Claims up to `limit` due rows and commits them as `sending` — before any of them goes to a provider. */
  claim(limit: number, now: string): Claimed[] {
    const db = this.o.db;
    if (limit <= 0) return [];
    return db.transaction(() => {
      // Per running campaign, along the queue index: the rows without a time in id order, then those whose time
      // has come in time order. Neither walks past the rows already sent nor sorts the whole queue.
      const running = this.prepare(`SELECT id, spec, run FROM campaigns WHERE state = 'running' ORDER BY id`).all() as {
        id: number;
        spec: string;
        run: number;
      }[];
      // Opt-outs are checked again at send time: one may have arrived since the campaign was expanded.
      // Read as arrays (COLUMNS order) and made into objects here: better-sqlite3 builds a row object property by
      // property, which costs more than the query, and the objects made here share one shape.
      const columns = `${COLUMNS},
        EXISTS (SELECT 1 FROM opt_outs WHERE channel = outbox.channel AND address = outbox.address) AS opted_out`;
      const undated = this.prepare(
        `SELECT ${columns} FROM outbox
         WHERE campaign_id = ? AND state = 'queued' AND not_before IS NULL ORDER BY id LIMIT ?`,
      ).raw();
      const due = this.prepare(
        `SELECT ${columns} FROM outbox
         WHERE campaign_id = ? AND state = 'queued' AND not_before <= ? ORDER BY not_before, id LIMIT ?`,
      ).raw();
      const specs = new Map<number, { spec: CampaignSpec; run: number }>();
      let candidates: Candidate[] = [];
      for (const { id, spec, run } of running) {
        let c = this.specs.get(id);
        if (c?.json !== spec) this.specs.set(id, (c = { json: spec, spec: JSON.parse(spec) as CampaignSpec }));
        specs.set(id, { spec: c.spec, run });
        for (const q of [undated.all(id, limit), due.all(id, now, limit)]) {
          for (const r of q as RawCandidate[]) candidates.push(candidate(r));
        }
      }
      // In id order, as the queue was expanded (a retried row goes before the rest once it is due).
      candidates = candidates.sort((a, b) => a.row.id - b.row.id).slice(0, limit);
      const suppress = this.prepare(
        `UPDATE outbox SET state = 'suppressed', provider_text = 'Opted out before sending', updated_at = ? WHERE id = ?`,
      );
      const defer = this.prepare('UPDATE outbox SET not_before = ?, updated_at = ? WHERE id = ?');
      // One statement for the whole claim: `ids` is a JSON array.
      const mark = this.prepare(
        `UPDATE outbox SET state = 'sending', attempts = attempts + 1, updated_at = ?
         WHERE id IN (SELECT value FROM json_each(?))`,
      );
      const claimed: Claimed[] = [];
      this.held = 0;
      this.throttle.begin();
      this.budget.begin();
      const overBudget = new Set<number>();
      for (const { row: r, timeZone, optedOut } of candidates) {
        if (optedOut) {
          suppress.run(now, r.id);
          this.held += 1;
          continue;
        }
        const c = specs.get(r.campaign_id)!;
        if (c.spec.marketing && r.channel === 'sms') {
          // A number whose region is unknown keeps the quiet hours of the sender's zone.
          const zone = timeZone ?? this.o.timeZone ?? 'Europe/Moscow';
          const q = quietHoursCheck(this.o.clock.now(), zone, c.spec.quietHours);
          if (!q.allowed) {
            defer.run(q.nextAllowed.toISOString(), now, r.id);
            this.held += 1;
            continue;
          }
        }
        const budget = c.spec.budget;
        if (
          budget !== undefined &&
          (overBudget.has(r.campaign_id) || !this.budget.fits({ ...c, id: r.campaign_id, budget }, r))
        ) {
          overBudget.add(r.campaign_id);
          continue;
        }
        // The account's own limits (campaigns/limits.ts): over the rate it waits in the queue, over the daily
        // quota until the next day.
        const allowance = this.throttle.take(r.account_id);
        if (allowance.kind === 'wait') continue;
        if (allowance.kind === 'defer') {
          defer.run(allowance.until.toISOString(), now, r.id);
          this.held += 1;
          continue;
        }
        r.sender = c.spec.channels.find((x) => x.accountId === r.account_id && x.channel === r.channel)?.sender;
        claimed.push(r);
      }
      if (claimed.length) mark.run(now, JSON.stringify(claimed.map((r) => r.id)));
      for (const id of overBudget) {
        const budget = specs.get(id)!.spec.budget!;
        const spent = Math.round(this.budget.committed(id) * 100) / 100;
        setCampaignState(
          db,
          id,
          'paused',
          `budget: the next messages would pass the budget of ${budget} (${spent} spent or in flight)`,
          now,
        );
      }
      return claimed;
    })();
  }
}
