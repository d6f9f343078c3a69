import { INSERT_CONTACT_SQL, insertParams, type NormalisedFields } from './contacts';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/open';
import { adoptSearchIndex, type SearchRows } from './search-index-build';

/** A contact already normalised: what an import writes. */
export type BulkContact = NormalisedFields;

/** What the search index takes of a contact row, as the triggers of migration 0050 compute it. */
const FTS_ROW = `replace(replace(last_name || ' ' || first_name || ' ' || middle_name, 'ё', 'е'), 'Ё', 'Е')`;

/**
 * Inserts many contacts in one transaction, several times faster than row by row: the per-row FTS trigger is
 * dropped for the duration and the new rows are indexed in one INSERT … SELECT (measured: 200,000 rows in
 * 2.4 s instead of 10.7 s). The DDL is part of the transaction, so an error anywhere — a duplicate phone, a
 * crash — rolls back the rows, the index and the trigger together. Returns the new ids' range.
 */
export function insertContactsBulk(
  db: Db,
  rows: Iterable<BulkContact>,
  now: string,
  source: string,
): { firstId: number; count: number } {
  return db.transaction(() => {
    const trigger = db
      .prepare(`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'contacts_fts_ai'`)
      .pluck()
      .get() as string;
    const before = (db.prepare('SELECT coalesce(max(id), 0) FROM contacts').pluck().get() as number) ?? 0;
    db.exec('DROP TRIGGER contacts_fts_ai');
    const insert = db.prepare(INSERT_CONTACT_SQL);
    let count = 0;
    for (const r of rows) {
      insert.run(...insertParams(r, source, now));
      count += 1;
    }
    // Incremental segment merging off while the batch is indexed, back on after (same transaction): measured
    // at a million rows, indexing takes half the time, and search over the unmerged segments is as fast.
    db.exec(`INSERT INTO contacts_fts (contacts_fts, rank) VALUES ('automerge', 0)`);
    db.prepare(`INSERT INTO contacts_fts (rowid, names) SELECT id, ${FTS_ROW} FROM contacts WHERE id > ?`).run(before);
    db.exec(`INSERT INTO contacts_fts (contacts_fts, rank) VALUES ('automerge', 4)`);
    db.exec(trigger);
    return { firstId: before + 1, count };
  })();
}

/**
 * Merges the search index into one segment. Bulk batches index with automerge off (fast to write, but they
 * leave many segments, and at a million rows that made searches 2–3× slower); one optimize after a large
 * load costs about 1.5 s per million contacts and restores search speed.
 */
export function optimizeContactsIndex(db: Db): void {
  db.exec(`INSERT INTO contacts_fts (contacts_fts) VALUES ('optimize')`);
}

/** Below this many new contacts an import leaves the few segments it made to the usual merging. */
export const OPTIMIZE_AFTER_ROWS = 10_000;

/** A search index built beside a load (repos/search-index-build.ts). */
export interface SearchIndexFeed {
  readonly file: string;
  add(rows: SearchRows): void;
  /** Resolves when the feed can take more rows without piling them up. */
  ready(): Promise<void>;
  finish(): Promise<void>;
}

/** Rows per INSERT statement: one statement for 64 rows costs a fifth less than 64 statements. */
const ROWS_PER_INSERT = 64;
const CONTACT_COLUMNS =
  'id, phone, email, last_name, first_name, middle_name, telegram_chat_id, attributes, source, created_at, updated_at';
const CONTACT_INDEXES = ['contacts_phone', 'contacts_email', 'contacts_email_domain', 'contacts_telegram'] as const;
/** The indexes each field's values go into (all partial: WHERE the field IS NOT NULL). */
const PHONE_INDEXES = ['contacts_phone'];
const EMAIL_INDEXES = ['contacts_email', 'contacts_email_domain'];
const TELEGRAM_INDEXES = ['contacts_telegram'];
/** Bound once per statement: the same for every row of a load. */
type Constants = { source: string; now: string };

/**
 * A load into an EMPTY base — the first import, the common big one — inside the caller's transaction.
 * Measured at a million contacts, it takes under half the time of inserting into a live base:
 * - the phone, e-mail, e-mail domain and Telegram indexes are dropped and built once at the end (sorting beats a million
 *   random B-tree inserts); the file was checked for duplicates already, and a duplicate would still fail
 *   the unique index when it is rebuilt. Each is dropped only when the first row with a value for it comes:
 *   the index of a field no row has (Telegram chat ids in most files, e-mails in a phone list) stays as it
 *   is, empty, and building it again would only scan the table (some 0.15 s a million rows, each);
 * - the search index is built by another thread into a scratch file and copied in at the end (`feed`);
 *   without one, it is indexed from the table at the end;
 * - rows go in 64 per statement, with ids given (1, 2, … as SQLite would choose them in an empty table).
 * All of it is DDL and DML in the caller's transaction: a rollback restores indexes and triggers too.
 */
export class EmptyBaseLoad {
  private nextId: number;
  private readonly restore: string[] = [];
  private readonly many: Statement<[unknown[], Constants]>;
  private readonly one: Statement<[unknown[], Constants]>;
  private readonly params: unknown[] = [];
  /** The CONTACT_INDEXES dropped so far, to build at the end. */
  private readonly dropped = new Set<string>();
  private phones = false;
  private emails = false;
  private telegrams = false;

  constructor(
    private readonly db: Db,
    private readonly source: string,
    private readonly now: string,
    private feed: SearchIndexFeed | null,
  ) {
    if (db.prepare('SELECT EXISTS (SELECT 1 FROM contacts)').pluck().get() === 1) {
      throw new Error('EmptyBaseLoad needs an empty base');
    }
    this.nextId = (db.prepare('SELECT coalesce(max(id), 0) FROM contacts').pluck().get() as number) + 1;
    const sqlOf = db.prepare(`SELECT sql FROM sqlite_master WHERE name = ?`).pluck();
    for (const name of [...CONTACT_INDEXES, 'contacts_fts_ai']) this.restore.push(sqlOf.get(name) as string);
    db.exec('DROP TRIGGER contacts_fts_ai');
    // The source and time are the same for every row: bound once per statement as named parameters.
    const values = '(?, ?, ?, ?, ?, ?, ?, ?, @source, @now, @now)';
    // The table's CHECK constraints (phone form, a way to reach the contact, attributes as JSON) cost a third of
    // the insert; `push` checks the same in JavaScript. SQLite compiles CHECKs into a statement when it is
    // prepared, so the two statements below are prepared without them; `end` turns them back on.
    db.pragma('ignore_check_constraints = ON');
    this.many = db.prepare<[unknown[], Constants]>(
      `INSERT INTO contacts (${CONTACT_COLUMNS}) VALUES ${Array<string>(ROWS_PER_INSERT).fill(values).join(', ')}`,
    );
    this.one = db.prepare<[unknown[], Constants]>(`INSERT INTO contacts (${CONTACT_COLUMNS}) VALUES ${values}`);
  }

  /** Inserts the rows; returns the first new id (the rest follow it). */
  insert(rows: readonly BulkContact[]): number {
    const firstId = this.nextId;
    const p = this.params;
    const constants = { source: this.source, now: this.now };
    let i = 0;
    for (; i + ROWS_PER_INSERT <= rows.length; i += ROWS_PER_INSERT) {
      p.length = 0;
      for (let j = i; j < i + ROWS_PER_INSERT; j++) this.push(rows[j]!, firstId + j);
      this.many.run(p, constants);
    }
    for (; i < rows.length; i++) {
      p.length = 0;
      this.push(rows[i]!, firstId + i);
      this.one.run(p, constants);
    }
    this.nextId += rows.length;
    if (this.feed) {
      let names = '';
      for (let j = 0; j < rows.length; j++) {
        const r = rows[j]!;
        names += `${j === 0 ? '' : '\n'}${r.lastName} ${r.firstName} ${r.middleName}`;
      }
      // ё → е and the line check happen in the builder's thread (searchRowsOf).
      this.feed.add({ firstId, count: rows.length, names });
    }
    return firstId;
  }

  private push(r: BulkContact, id: number): void {
    // What the skipped CHECK constraints ask (migration 0010), for values that normalisation already made so.
    const phone = r.phone;
    if (phone !== null && (phone.charCodeAt(0) !== 43 || !(phone.charCodeAt(1) >= 49 && phone.charCodeAt(1) <= 57)))
      throw new Error(`Not an E.164 phone: ${phone}`);
    if (phone === null && r.email === null && (r.telegramChatId ?? null) === null)
      throw new Error('A contact needs a phone, an e-mail or a Telegram chat id');
    // No statement is running here, so an index can go (the prepared INSERTs are prepared again by SQLite).
    if (!this.phones && phone !== null) this.phones = this.drop(PHONE_INDEXES);
    if (!this.emails && r.email !== null) this.emails = this.drop(EMAIL_INDEXES);
    if (!this.telegrams && (r.telegramChatId ?? null) !== null) this.telegrams = this.drop(TELEGRAM_INDEXES);
    this.params.push(
      id,
      phone,
      r.email,
      r.lastName,
      r.firstName,
      r.middleName,
      r.telegramChatId ?? null,
      // JSON.stringify of a plain object is always valid JSON.
      JSON.stringify(r.attributes ?? {}),
    );
  }

  private drop(names: readonly string[]): true {
    for (const name of names) {
      this.db.exec(`DROP INDEX ${name}`);
      this.dropped.add(name);
    }
    return true;
  }

  /** CHECK constraints on again for whatever the connection runs next; called by `finish`, or after a failure. */
  end(): void {
    this.db.pragma('ignore_check_constraints = OFF');
  }

  /** Rebuilds the indexes and puts the triggers back; `adopted` tells whether the built index was used. */
  async finish(): Promise<{ adopted: boolean }> {
    const db = this.db;
    this.end();
    // The builder merges its index (optimize, about 0.5 s a million names) while this thread builds the
    // B-tree indexes (about 2 s), so the import no longer waits for it at the end. A failed builder answers
    // false, and the index is then made from the table.
    const built = this.feed?.finish().then(
      () => true,
      () => false,
    );
    CONTACT_INDEXES.forEach((name, i) => {
      if (this.dropped.has(name)) db.exec(this.restore[i]!);
    });
    let adopted = false;
    if (this.feed && (await built)) {
      db.exec('SAVEPOINT adopt_search_index');
      try {
        adoptSearchIndex(db, this.feed.file);
        db.exec('RELEASE adopt_search_index');
        adopted = true;
      } catch {
        // Not adopted: index from the table instead, slower but the same result.
        db.exec('ROLLBACK TO adopt_search_index');
        db.exec('RELEASE adopt_search_index');
      }
    }
    if (!adopted && this.nextId > 1) {
      db.exec(`INSERT INTO contacts_fts (contacts_fts, rank) VALUES ('automerge', 0)`);
      db.exec(`INSERT INTO contacts_fts (rowid, names) SELECT id, ${FTS_ROW} FROM contacts`);
      db.exec(`INSERT INTO contacts_fts (contacts_fts, rank) VALUES ('automerge', 4)`);
      optimizeContactsIndex(db);
    }
    db.exec(this.restore[CONTACT_INDEXES.length]!);
    return { adopted };
  }
}
