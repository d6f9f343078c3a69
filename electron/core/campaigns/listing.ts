import type { CampaignSpec, OutboxState } from '../../../shared/domain/campaigns';
import type { Db } from '../db/open';
import type { CampaignRow } from '../repos/campaigns';
import { walkAudience, type Exclusion } from './preview';

/**
 * Who a campaign is for, one by one: after launch every recipient's message with its state and the provider's
 * words (the per-recipient record), before launch who the cost preview leaves out and why.
 */

export interface MessageRow {
  id: number;
  contactId: number | null;
  name: string;
  channel: string;
  address: string;
  state: OutboxState;
  providerCode: string | null;
  providerText: string | null;
  parts: number | null;
  cost: number | null;
  attempts: number;
  sentAt: string | null;
  updatedAt: string;
}

export interface MessagesQuery {
  state?: OutboxState;
  /** Part of the address (a phone's digits, an e-mail). */
  search?: string;
  offset: number;
  limit: number;
}

/** The messages of the campaign's current run (a one-off has one), in queue order. */
export function listMessages(db: Db, c: CampaignRow, q: MessagesQuery): { total: number; rows: MessageRow[] } {
  const where = ['o.campaign_id = ?', 'o.run = ?'];
  const params: unknown[] = [c.id, Math.max(1, c.run)];
  if (q.state) {
    where.push('o.state = ?');
    params.push(q.state);
  }
  const search = q.search?.trim();
  if (search) {
    // A number as typed ("8 920 746"): its digits, a leading 8 read as 7, matched within the stored number.
    const asNumber = /^[\d\s()+-]+$/.test(search) && search.replace(/\D/g, '').length >= 3;
    where.push(asNumber ? 'instr(o.address, ?) > 0' : 'instr(lower(o.address), ?) > 0');
    params.push(asNumber ? search.replace(/\D/g, '').replace(/^8(?=\d{10}$)/, '7') : search.toLowerCase());
  }
  const sql = where.join(' AND ');
  const total = db
    .prepare(`SELECT count(*) FROM outbox o WHERE ${sql}`)
    .pluck()
    .get(...params) as number;
  const rows = db
    .prepare(
      `SELECT o.id, o.contact_id AS contactId,
         coalesce(trim(c.last_name || ' ' || c.first_name || ' ' || c.middle_name), '') AS name,
         o.channel, o.address, o.state, o.provider_code AS providerCode, o.provider_text AS providerText,
         o.parts, o.cost, o.attempts, o.sent_at AS sentAt, o.updated_at AS updatedAt
       FROM outbox o LEFT JOIN contacts c ON c.id = o.contact_id
       WHERE ${sql} ORDER BY o.id LIMIT ? OFFSET ?`,
    )
    .all(...params, q.limit, q.offset) as MessageRow[];
  return { total, rows };
}

export interface ExcludedRow {
  contactId: number | null;
  /** The campaign sheet's row number. */
  row: number | null;
  name: string;
  address: string | null;
}

/** Who the cost preview leaves out on one channel (by its index in the campaign) for one reason, a page of them. */
export function listExcluded(
  db: Db,
  spec: CampaignSpec,
  q: { channel: number; kind: Exclusion; offset: number; limit: number },
): { total: number; rows: ExcludedRow[] } {
  let total = 0;
  const rows: ExcludedRow[] = [];
  walkAudience(db, spec, {
    excluded: (channel, kind, r, address) => {
      if (channel !== q.channel || kind !== q.kind) return;
      if (total >= q.offset && rows.length < q.limit) {
        const f = r.fields;
        const name = [f.lastName, f.firstName, f.middleName].filter((x) => x).join(' ');
        rows.push({ contactId: r.contactId, row: r.row, name, address });
      }
      total += 1;
    },
  });
  return { total, rows };
}
