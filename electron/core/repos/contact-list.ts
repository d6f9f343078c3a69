import type { Contact, SegmentFilter } from '../../../shared/domain/contact';
import type { Db } from '../db/open';
import { HAS_ADDRESS_SQL, OPTED_OUT_SQL } from './addresses';
import { CONTACT_COLUMNS, selectContacts } from './contacts';
import { toFtsQuery } from './search-query';

/** What the list and the segments filter by; all conditions are ANDed. */
export interface ListFilter extends SegmentFilter {
  /** The group chosen in the sidebar. */
  groupId?: number | null;
}

/** Beyond this many matches a search says "10 000+" instead of counting every row. */
export const COUNT_CAP = 10_000;

interface Plan {
  from: string;
  where: string[];
  params: unknown[];
  order: string;
  /** The FTS expression, when the filter searches. */
  fts: string | null;
}

/**
 * Chooses the table that drives the query so that every plan yields rows already in id order and LIMIT
 * stops early: the FTS index for a search, the membership index for a group, the contacts table otherwise.
 */
function plan(filter: ListFilter): Plan {
  const where: string[] = [];
  const params: unknown[] = [];
  const fts = filter.query ? toFtsQuery(filter.query) : null;
  const groups = [...(filter.groupId ? [filter.groupId] : []), ...(filter.groupIds ?? [])];
  let from: string;
  let order: string;
  if (fts) {
    from = 'contacts_fts f JOIN contacts c ON c.id = f.rowid';
    where.push('contacts_fts MATCH ?');
    params.push(fts);
    order = 'f.rowid';
  } else if (groups.length > 0) {
    from = 'contact_groups g0 JOIN contacts c ON c.id = g0.contact_id';
    where.push('g0.group_id = ?');
    params.push(groups.shift());
    order = 'g0.contact_id';
  } else {
    from = 'contacts c';
    order = 'c.id';
  }
  for (const g of groups) {
    where.push('EXISTS (SELECT 1 FROM contact_groups cg WHERE cg.contact_id = c.id AND cg.group_id = ?)');
    params.push(g);
  }
  if (filter.reachableOn) {
    where.push(HAS_ADDRESS_SQL[filter.reachableOn], `NOT ${OPTED_OUT_SQL[filter.reachableOn]}`);
  }
  return { from, where, params, order, fts };
}

const whereSql = (p: Plan) => (p.where.length > 0 ? `WHERE ${p.where.join(' AND ')}` : '');

export function listContacts(db: Db, filter: ListFilter, offset: number, limit: number): Contact[] {
  const p = plan(filter);
  return selectContacts(db, `SELECT ${CONTACT_COLUMNS} FROM ${p.from} ${whereSql(p)} ORDER BY ${p.order} LIMIT ? OFFSET ?`, [
    ...p.params,
    limit,
    offset,
  ]);
}

/** Counts matches; a search stops counting at COUNT_CAP and reports `exact: false`. */
export function countContacts(db: Db, filter: ListFilter): { total: number; exact: boolean } {
  const p = plan(filter);
  if (p.fts !== null) {
    // A plain search counts on the FTS index alone; other conditions need the join.
    const sql =
      p.where.length === 1
        ? `SELECT 1 FROM contacts_fts WHERE contacts_fts MATCH ? LIMIT ${COUNT_CAP + 1}`
        : `SELECT 1 FROM ${p.from} ${whereSql(p)} LIMIT ${COUNT_CAP + 1}`;
    const row = db.prepare(`SELECT count(*) AS n FROM (${sql})`).get(...p.params) as { n: number };
    return row.n > COUNT_CAP ? { total: COUNT_CAP, exact: false } : { total: row.n, exact: true };
  }
  const row = db.prepare(`SELECT count(*) AS n FROM ${p.from} ${whereSql(p)}`).get(...p.params) as { n: number };
  return { total: row.n, exact: true };
}

/** Ids of every contact matching a filter (for "select all", bulk actions and later, campaign audiences). */
export function listContactIds(db: Db, filter: ListFilter): number[] {
  const p = plan(filter);
  return (db.prepare(`SELECT c.id FROM ${p.from} ${whereSql(p)} ORDER BY ${p.order}`).pluck().all(...p.params) as number[]);
}
