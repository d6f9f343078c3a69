import { smsParts } from '../../../shared/domain/sms-fast';
import type { Db } from '../db/open';

/**
 * A campaign's budget cap (spec.budget, roubles), kept while it sends: a row is claimed only if what the run has
 * cost so far, plus the rows in flight and this row, stays within the budget. Otherwise the campaign pauses with
 * the figures and the rest stays queued — resuming is the user's word to go past the cap.
 *
 * A row's cost is what the provider reported; when it reports none, its parts times the account's tariff (the
 * sandbox's price); with neither, what this campaign's parts have cost on average so far. Before anything is known
 * (no tariff, nothing reported yet) the first rows go out and price the rest.
 *
 * The figures are read from the outbox once per campaign run and then kept here as rows are claimed (reserved at
 * their estimate) and recorded (the reservation replaced by the cost), so a claim never sums the whole outbox.
 */
interface RunSpending {
  run: number;
  /** Cost of the rows recorded, and their parts (for the average price). */
  spent: number;
  parts: number;
  /** Estimates of the rows claimed and not yet recorded, by row id. */
  reserved: Map<number, number>;
  reservedTotal: number;
}

export interface BudgetRow {
  id: number;
  channel: string;
  account_id: number;
  body: string;
}

export class BudgetGuard {
  private readonly runs = new Map<number, RunSpending>();
  private readonly prices = new Map<number, number | null>();
  private readonly recorded;
  private readonly inFlight;
  private readonly settingsOf;

  constructor(db: Db) {
    this.recorded = db.prepare(
      `SELECT coalesce(sum(cost), 0) AS cost, coalesce(sum(CASE WHEN cost IS NOT NULL THEN parts END), 0) AS parts
       FROM outbox WHERE campaign_id = ? AND run = ? AND state IN ('sent', 'delivered', 'failed', 'unknown')`,
    );
    this.inFlight = db.prepare(
      `SELECT id, channel, account_id, body FROM outbox WHERE campaign_id = ? AND run = ? AND state = 'sending'`,
    );
    this.settingsOf = db.prepare('SELECT settings FROM accounts WHERE id = ?').pluck();
  }

  /** Starts a claim: account prices are read afresh (the user may have changed a tariff). */
  begin(): void {
    this.prices.clear();
  }

  /** Whether one more row fits the campaign's budget; a row that fits is reserved against it. */
  fits(campaign: { id: number; run: number; budget: number }, row: BudgetRow): boolean {
    let s = this.runs.get(campaign.id);
    if (s?.run !== campaign.run) {
      const r = this.recorded.get(campaign.id, campaign.run) as { cost: number; parts: number };
      s = { run: campaign.run, spent: r.cost, parts: r.parts, reserved: new Map(), reservedTotal: 0 };
      this.runs.set(campaign.id, s);
      // Rows another process left in flight count at their estimate.
      for (const f of this.inFlight.all(campaign.id, campaign.run) as BudgetRow[]) this.reserve(s, f);
    }
    if (s.spent + s.reservedTotal + this.estimate(s, row) > campaign.budget + 1e-9) return false;
    this.reserve(s, row);
    return true;
  }

  /** What the run has cost and holds in flight (for the pause's words). */
  committed(campaignId: number): number {
    const s = this.runs.get(campaignId);
    return s ? s.spent + s.reservedTotal : 0;
  }

  /**
   * A claimed row's outcome: `cost` when it went out (reported, or estimated by `costOf`), null when it did not
   * (refused, or back to the queue). Rows of campaigns without a budget are ignored.
   */
  settle(campaignId: number, row: BudgetRow, cost: number | null, parts: number | null): void {
    const s = this.runs.get(campaignId);
    const held = s?.reserved.get(row.id);
    if (!s || held === undefined) return;
    s.reserved.delete(row.id);
    s.reservedTotal -= held;
    if (cost !== null) {
      s.spent += cost;
      s.parts += parts ?? 0;
    }
  }

  /** The cost of a sent row whose provider reported none: its parts at the account's tariff, else null. */
  costOf(row: BudgetRow, parts: number): number | null {
    const price = this.priceOf(row.account_id);
    return price === null ? null : Math.round(parts * price * 10_000) / 10_000;
  }

  private reserve(s: RunSpending, row: BudgetRow): void {
    const e = this.estimate(s, row);
    s.reserved.set(row.id, e);
    s.reservedTotal += e;
  }

  private estimate(s: RunSpending, row: BudgetRow): number {
    const price = this.priceOf(row.account_id) ?? (s.parts > 0 ? s.spent / s.parts : 0);
    return partsOf(row) * price;
  }

  private priceOf(accountId: number): number | null {
    if (!this.prices.has(accountId)) {
      const json = this.settingsOf.get(accountId) as string | undefined;
      const settings = json ? (JSON.parse(json) as Record<string, string>) : {};
      const raw = settings.tariff ?? settings.pricePerPart;
      const price = raw === undefined ? NaN : Number(raw);
      this.prices.set(accountId, Number.isFinite(price) && price >= 0 ? price : null);
    }
    return this.prices.get(accountId)!;
  }
}

/** Parts of a message: an SMS by its text, anything else one. */
export const partsOf = (row: { channel: string; body: string }): number =>
  row.channel === 'sms' ? smsParts(row.body).parts : 1;
