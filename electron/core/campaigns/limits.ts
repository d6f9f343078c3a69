import { instantFromLocal, localDateTime, utcMs } from '../../../shared/domain/zoned-time';
import type { Clock } from '../clock';
import type { Db } from '../db/open';

/**
 * Per-account sending limits, applied as the dispatcher claims rows (account settings `ratePerSecond` and
 * `dailyQuota`, offered for every provider):
 * - a rate: at most `ratePerSecond` messages in any one second (below one a second: one message per
 *   1/`ratePerSecond` seconds), kept as the times of the latest sends. A row over the rate stays queued for a
 *   later claim;
 * - a daily quota: messages handed to the provider per day, the day as the sender's clock reads it. A row over the
 *   quota waits (`not_before`) until the next midnight. The count starts from what the outbox says was sent that
 *   day (another process, an earlier run) and adds every row claimed since, sent or not: it never lets more out.
 * Only campaign sends count; a single test send is not limited.
 */
export interface AccountLimits {
  ratePerSecond: number | null;
  dailyQuota: number | null;
}

/** The limits in an account's settings; an empty, zero or unreadable value means "no limit". */
export function limitsOf(settings: Readonly<Record<string, string>>): AccountLimits {
  const positive = (v: string | undefined) => {
    const n = v === undefined ? NaN : Number(v);
    return Number.isFinite(n) && n > 0 ? n : null;
  };
  const quota = positive(settings.dailyQuota);
  return { ratePerSecond: positive(settings.ratePerSecond), dailyQuota: quota === null ? null : Math.floor(quota) };
}

/** What a claim may do with one more row of an account: send it, leave it queued, or defer it to a time. */
export type Allowance = { kind: 'ok' } | { kind: 'wait' } | { kind: 'defer'; until: Date };

const OK: Allowance = { kind: 'ok' };
const WAIT: Allowance = { kind: 'wait' };

export class AccountThrottle {
  /** The times of each account's latest sends, at most as many as its rate allows in one window. */
  private readonly recent = new Map<number, number[]>();
  private readonly days = new Map<number, { day: string; count: number }>();
  private limits = new Map<number, AccountLimits>();
  private readonly settingsOf;
  private readonly sentSince;

  constructor(
    db: Db,
    private readonly clock: Clock,
    private readonly timeZone: string,
  ) {
    this.settingsOf = db.prepare('SELECT settings FROM accounts WHERE id = ?').pluck();
    this.sentSince = db
      .prepare(`SELECT count(*) FROM outbox WHERE account_id = ? AND (sent_at >= ? OR state = 'sending')`)
      .pluck();
  }

  /** Starts a claim: the accounts' settings are read afresh (the user may have changed a limit). */
  begin(): void {
    this.limits = new Map();
  }

  take(accountId: number): Allowance {
    const limits = this.limitsFor(accountId);
    if (limits.ratePerSecond === null && limits.dailyQuota === null) return OK;
    const now = this.clock.now().getTime();
    if (limits.dailyQuota !== null) {
      const local = localDateTime(now, this.timeZone);
      const day = `${local.year}-${local.month}-${local.day}`;
      let d = this.days.get(accountId);
      if (d?.day !== day) {
        const start = instantFromLocal({ ...local, hour: 0, minute: 0, second: 0 }, this.timeZone);
        d = { day, count: this.sentSince.get(accountId, start.toISOString()) as number };
        this.days.set(accountId, d);
      }
      if (d.count >= limits.dailyQuota) return { kind: 'defer', until: this.nextMidnight(now) };
    }
    if (limits.ratePerSecond !== null) {
      const rate = limits.ratePerSecond;
      const n = Math.max(1, Math.floor(rate));
      const windowMs = rate >= 1 ? 1000 : 1000 / rate;
      let times = this.recent.get(accountId);
      if (!times) this.recent.set(accountId, (times = []));
      if (times.length >= n && now - times[0]! < windowMs) return WAIT;
      times.push(now);
      if (times.length > n) times.shift();
    }
    if (limits.dailyQuota !== null) this.days.get(accountId)!.count += 1;
    return OK;
  }

  private limitsFor(accountId: number): AccountLimits {
    let l = this.limits.get(accountId);
    if (!l) {
      const json = this.settingsOf.get(accountId) as string | undefined;
      l = limitsOf(json ? (JSON.parse(json) as Record<string, string>) : {});
      this.limits.set(accountId, l);
    }
    return l;
  }

  private nextMidnight(now: number): Date {
    const l = localDateTime(now, this.timeZone);
    const tomorrow = new Date(utcMs(l.year, l.month, l.day + 1));
    return instantFromLocal(
      {
        year: tomorrow.getUTCFullYear(),
        month: tomorrow.getUTCMonth() + 1,
        day: tomorrow.getUTCDate(),
        hour: 0,
        minute: 0,
        second: 0,
      },
      this.timeZone,
    );
  }
}
