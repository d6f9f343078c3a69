import type { Clock } from '../clock';
import type { Db } from '../db/open';
import type { Provider } from '../channels/types';
import { applyOutboxStatus } from '../repos/campaigns';

/**
 * Delivery statuses of sent campaign messages, asked from the providers that have a status API (Devino,
 * SMS.ru, SMSC; the sandbox too). Kannel's come by delivery report instead; SMTP, Telegram and WhatsApp have
 * nothing to ask. A row is asked about at most every `everyMs`, for up to two days after sending (Devino
 * forgets after 48 hours).
 */
const POLLED = ['devino', 'smsru', 'smsc', 'sandbox'];

export async function pollStatuses(
  db: Db,
  clock: Clock,
  provider: (accountId: number) => Provider,
  opts: { limit?: number; everyMs?: number } = {},
): Promise<number> {
  const now = clock.now();
  const stale = new Date(now.getTime() - (opts.everyMs ?? 60_000)).toISOString();
  const oldest = new Date(now.getTime() - 48 * 3600_000).toISOString();
  const rows = db
    .prepare(
      `SELECT o.id, o.account_id, o.address, o.provider_ids FROM outbox o JOIN accounts a ON a.id = o.account_id
       WHERE o.state = 'sent' AND o.updated_at < ? AND o.sent_at > ? AND a.provider IN (${POLLED.map(() => '?').join(', ')})
       ORDER BY o.updated_at LIMIT ?`,
    )
    .all(stale, oldest, ...POLLED, opts.limit ?? 50) as {
    id: number;
    account_id: number;
    address: string;
    provider_ids: string | null;
  }[];
  let changed = 0;
  const touch = db.prepare('UPDATE outbox SET updated_at = ? WHERE id = ?');
  for (const r of rows) {
    try {
      const update = await provider(r.account_id).status(JSON.parse(r.provider_ids ?? '[]') as string[], {
        id: `ob-${r.id}`,
        to: r.address,
      });
      if (applyOutboxStatus(db, r.id, r.account_id, update, clock.now().toISOString())) changed += 1;
      else touch.run(clock.now().toISOString(), r.id);
    } catch {
      touch.run(clock.now().toISOString(), r.id);
    }
  }
  return changed;
}
