import type { Contact, SegmentFilter } from '../../../shared/domain/contact';
import type { Db } from '../db/open';
import { HAS_ADDRESS_SQL, OPTED_OUT_SQL } from './addresses';
import { CONTACT_COLUMNS, selectContacts } from './contacts';
import { isSearch, parseSearch, prefixRange } from './search-query';

/** What the list and the segments filter by; all conditions are ANDed. */
export interface ListFilter extends SegmentFilter {
  /** The group chosen in the sidebar. */
  groupId?: number | null;
}

/** Beyond this many matches a search says "10 000+" instead of counting every row. */
export const COUNT_CAP = 10_000;

/** One way of finding rows: its tables, conditions and parameters. */
interface Source {
  from: string;
  where: string[];
  params: unknown[];
}

interface Plan extends Source {
  order: string;
  /** True when the filter searches (FTS terms, phone prefixes, e-mail prefixes): results are then capped at COUNT_CAP. */
  search: boolean;
  /** True when the whole filter is one FTS match, so the FTS index alone answers it. */
  ftsOnly: boolean;
  /**
   * More ways a search finds rows (a word may also begin an e-mail address or domain); a contact found by
   * any of them is a match. Each carries the filter's other conditions too.
   */
  also: Source[];
}

const EMAIL_DOMAIN = `substr(c.email, instr(c.email, '@') + 1)`;

/**
 * Chooses the table that drives the query so that every plan yields rows already in id order and LIMIT
 * stops early: the FTS index for a search, the membership index for a group, the contacts table otherwise.
 */
function plan(filter: ListFilter, strict = false): Plan {
  // Conditions every source of rows carries: groups, a channel to reach the contact on.
  const common: string[] = [];
  const commonParams: unknown[] = [];
  const search = parseSearch(filter.query ?? '', strict);
  const groups = [...(filter.groupId ? [filter.groupId] : []), ...(filter.groupIds ?? [])];
  let from: string;
  let order: string;
  const where: string[] = [];
  const params: unknown[] = [];
  if (search.fts) {
    from = 'contacts_fts f JOIN contacts c ON c.id = f.rowid';
    where.push('contacts_fts MATCH ?');
    params.push(search.fts);
    order = 'f.rowid';
  } else if (groups.length > 0 && !search.email) {
    from = 'contact_groups g0 JOIN contacts c ON c.id = g0.contact_id';
    where.push('g0.group_id = ?');
    params.push(groups.shift());
    order = 'g0.contact_id';
  } else {
    from = 'contacts c';
    order = 'c.id';
  }
  if (search.phonePrefixes.length > 0) {
    // "+7920" ≤ phone < "+7920:" (":" sorts right after "9"): a range scan of the unique phone index.
    where.push(`(${search.phonePrefixes.map(() => '(c.phone >= ? AND c.phone < ?)').join(' OR ')})`);
    for (const p of search.phonePrefixes) params.push(p, `${p}:`);
  }
  for (const g of groups) {
    common.push('EXISTS (SELECT 1 FROM contact_groups cg WHERE cg.contact_id = c.id AND cg.group_id = ?)');
    commonParams.push(g);
  }
  if (filter.reachableOn) {
    common.push(HAS_ADDRESS_SQL[filter.reachableOn], `NOT ${OPTED_OUT_SQL[filter.reachableOn]}`);
  }
  const also: Source[] = [];
  const email = search.email;
  if (email?.address) {
    also.push({
      from: 'contacts c',
      where: ['c.email >= ? AND c.email < ?', ...common],
      params: [...prefixRange(email.address), ...commonParams],
    });
  }
  if (email?.domain) {
    // The same expression as the partial index contacts_email_domain, and its condition, so that it is used.
    also.push({
      from: 'contacts c',
      where: [`c.email IS NOT NULL AND ${EMAIL_DOMAIN} >= ? AND ${EMAIL_DOMAIN} < ?`, ...common],
      params: [...prefixRange(email.domain), ...commonParams],
    });
  }
  // An e-mail alone ("u299@mail", "@mail.ru") is found by the e-mail ranges only.
  const names = search.fts !== null || search.phonePrefixes.length > 0 || email === null;
  const first: Source = names
    ? { from, where: [...where, ...common], params: [...params, ...commonParams] }
    : also.shift()!;
  return {
    ...first,
    order: names ? order : 'c.id',
    search: isSearch(search),
    // The e-mail sources, if any, are read apart and merged (see `ids`): they do not stop FTS from answering alone.
    ftsOnly: search.fts !== null && first.where.length === 1,
    also,
  };
}

const whereSql = (p: Source) => (p.where.length > 0 ? `WHERE ${p.where.join(' AND ')}` : '');

/** Every this many rows the listing remembers the id there, so a deep page skips at most this many rows. */
const ANCHOR_EVERY = 512;

interface Measured {
  total: number;
  exact: boolean;
  /** For a search: the first matching ids (at most COUNT_CAP), so any page of the result is a lookup. */
  ids?: number[];
  /** For a list: the ordering key at every ANCHOR_EVERY-th row, built when someone scrolls deep. */
  anchors?: number[];
  /** The search needed the strict retry (see parseSearch). */
  strict?: boolean;
}

/**
 * Pages of the base for the virtualised table, fast at any depth of a million rows. Per filter it keeps the
 * count, and either the capped id list of a search (one FTS pass serves the count and every page) or the
 * anchors of a list (OFFSET 900000 would otherwise walk 900,000 rows). The core calls `invalidate()` after
 * every write.
 */
export class ContactListing {
  private readonly cache = new Map<string, Measured>();
  private dataVersion = -1;

  constructor(private readonly db: Db) {}

  invalidate(): void {
    this.cache.clear();
  }

  page(filter: ListFilter, offset: number, limit: number): { rows: Contact[]; total: number; exact: boolean } {
    // Another process (the CLI beside the app) may have written since the cache was filled.
    const version = this.db.pragma('data_version', { simple: true }) as number;
    if (version !== this.dataVersion) {
      this.dataVersion = version;
      this.cache.clear();
    }
    let p = plan(filter);
    const key = JSON.stringify(filter);
    let m = this.cache.get(key);
    if (!m) {
      try {
        m = this.measure(p);
      } catch (err) {
        if (!(err instanceof Error && err.message.startsWith('fts5:'))) throw err;
        p = plan(filter, true);
        m = { ...this.measure(p), strict: true };
      }
      if (this.cache.size >= 100) this.cache.clear();
      this.cache.set(key, m);
    } else if (m.strict) {
      p = plan(filter, true);
    }
    let rows: Contact[];
    if (m.ids) {
      // A search shows at most its first COUNT_CAP matches, all of them in `ids`.
      rows = this.byIds(m.ids.slice(offset, offset + limit));
    } else if (!m.ids && offset >= ANCHOR_EVERY * 4) {
      m.anchors ??= this.anchors(p);
      const anchor = m.anchors[Math.floor(offset / ANCHOR_EVERY)];
      rows = anchor === undefined ? [] : this.offsetQuery(p, offset % ANCHOR_EVERY, limit, anchor);
    } else {
      rows = this.offsetQuery(p, offset, limit);
    }
    return { rows, total: m.total, exact: m.exact };
  }

  /** Every matching id, uncapped (bulk actions on "all N"); a search that FTS5 refuses matches nothing. */
  allIds(filter: ListFilter): number[] {
    try {
      return this.ids(plan(filter), null);
    } catch (err) {
      if (!(err instanceof Error && err.message.startsWith('fts5:'))) throw err;
      return this.ids(plan(filter, true), null);
    }
  }

  /** The ids each source of the plan finds (at most `cap` + 1 from each), merged in id order. */
  private ids(p: Plan, cap: number | null): number[] {
    const limit = cap === null ? '' : ` LIMIT ${cap + 1}`;
    // A plain search reads the FTS index alone, in id order. Otherwise the planner picks the index (phone and
    // e-mail ranges come in their own order), and the ids are sorted here.
    const first = this.db
      .prepare(
        p.ftsOnly
          ? `SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ? ORDER BY rowid${limit}`
          : `SELECT c.id FROM ${p.from} ${whereSql(p)}${limit}`,
      )
      .pluck()
      .all(...p.params) as number[];
    if (p.also.length === 0) return p.ftsOnly ? first : first.sort((a, b) => a - b);
    const more = p.also.flatMap(
      (s) =>
        this.db
          .prepare(`SELECT c.id FROM ${s.from} ${whereSql(s)}${limit}`)
          .pluck()
          .all(...s.params) as number[],
    );
    // Most words begin no e-mail at all: the first source's ids stand as they are.
    if (more.length === 0) return p.ftsOnly ? first : first.sort((a, b) => a - b);
    const found = new Set(first);
    for (const id of more) found.add(id);
    return [...found].sort((a, b) => a - b);
  }

  private measure(p: Plan): Measured {
    if (p.search) {
      const ids = this.ids(p, COUNT_CAP);
      const exact = ids.length <= COUNT_CAP;
      return { total: Math.min(ids.length, COUNT_CAP), exact, ids: ids.slice(0, COUNT_CAP) };
    }
    const n = this.db
      .prepare(`SELECT count(*) FROM ${p.from} ${whereSql(p)}`)
      .pluck()
      .get(...p.params) as number;
    return { total: n, exact: true };
  }

  private anchors(p: Plan): number[] {
    // One pass over the ordering key (8 bytes a row in memory, briefly), keeping every ANCHOR_EVERY-th.
    const keys = this.db
      .prepare(`SELECT ${p.order} FROM ${p.from} ${whereSql(p)} ORDER BY ${p.order}`)
      .pluck()
      .all(...p.params) as number[];
    const out: number[] = [];
    for (let i = 0; i < keys.length; i += ANCHOR_EVERY) out.push(keys[i]!);
    return out;
  }

  private offsetQuery(p: Plan, offset: number, limit: number, from?: number): Contact[] {
    const where = from === undefined ? p.where : [...p.where, `${p.order} >= ?`];
    const params = from === undefined ? p.params : [...p.params, from];
    const w = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    return selectContacts(
      this.db,
      `SELECT ${CONTACT_COLUMNS} FROM ${p.from} ${w} ORDER BY ${p.order} LIMIT ? OFFSET ?`,
      [...params, limit, offset],
    );
  }

  private byIds(ids: readonly number[]): Contact[] {
    if (ids.length === 0) return [];
    return selectContacts(
      this.db,
      `SELECT ${CONTACT_COLUMNS} FROM contacts c WHERE c.id IN (SELECT value FROM json_each(?)) ORDER BY c.id`,
      [JSON.stringify(ids)],
    );
  }
}
