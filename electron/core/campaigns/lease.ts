import { hostname } from 'node:os';
import type { Clock } from '../clock';
import type { Db } from '../db/open';

/**
 * The dispatch lease: one process sends at a time. The row names its owner (host, pid, a random tag) and an
 * expiry; every round renews it. It is free when expired, or when its owner's process on this host is gone
 * (a crashed worker does not block the next one). Read and written in one IMMEDIATE transaction, so two
 * processes cannot both see it free.
 */
export class DispatchLease {
  readonly owner = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly ms: number,
  ) {}

  /** Renews or takes the lease; `takenOver` when it was someone else's (or nobody's) before. */
  acquire(): { ok: boolean; takenOver: boolean } {
    return this.db
      .transaction(() => {
        const now = this.clock.now().getTime();
        const current = this.db.prepare('SELECT owner, expires_at FROM dispatch_lease WHERE id = 1').get() as
          { owner: string; expires_at: string } | undefined;
        const free =
          !current ||
          current.owner === this.owner ||
          Date.parse(current.expires_at) < now ||
          ownerIsGone(current.owner);
        if (!free) return { ok: false, takenOver: false };
        this.db
          .prepare(
            `INSERT INTO dispatch_lease (id, owner, expires_at) VALUES (1, ?, ?)
             ON CONFLICT (id) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at`,
          )
          .run(this.owner, new Date(now + this.ms).toISOString());
        return { ok: true, takenOver: current?.owner !== this.owner };
      })
      .immediate();
  }

  release(): void {
    this.db.prepare('DELETE FROM dispatch_lease WHERE owner = ?').run(this.owner);
  }
}

/** A lease owner on this host whose process no longer exists. */
function ownerIsGone(owner: string): boolean {
  const [host, pidText] = owner.split(':');
  const pid = Number(pidText);
  if (host !== hostname() || !Number.isInteger(pid) || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
