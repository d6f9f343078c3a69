import Database from 'better-sqlite3';
import type { Db } from '../db/open';

/**
 * Building the search index of a large first import beside the contacts instead of after them.
 *
 * Indexing a million contacts' names (FTS5 with prefix indexes 1–16, see migrations 0010 and 0050) costs
 * about 4 s of CPU, a third of parsing, normalising and inserting them. When the index is empty — an import into an
 * empty base — a second thread builds it into a scratch database file while the import thread inserts the
 * contacts; at the end the import thread copies the finished index's tables into the base inside the
 * import's own transaction, so the import stays atomic: cancel, an error or a crash rolls back contacts and
 * index together, and the scratch file is only ever a copy.
 *
 * The copy writes FTS5's shadow tables directly, which SQLite's defensive mode (better-sqlite3's default)
 * forbids; it is lifted on the import's connection for exactly those statements. The scratch index is
 * created from the base's own CREATE VIRTUAL TABLE statement, so its format and options are the same.
 */

/** The statement that created the base's search index. */
export function searchIndexSql(db: Db): string {
  return db
    .prepare(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'contacts_fts'`)
    .pluck()
    .get() as string;
}

/**
 * Names ("last first middle", as typed) of `count` consecutive contacts, joined by "\n". Imported names hold
 * no line breaks; a batch that splits into another count is refused.
 */
export interface SearchRows {
  firstId: number;
  count: number;
  names: string;
}

/** The texts the search index takes for a batch (ё → е, as the FTS triggers do), checked line for line. */
export function searchRowsOf(rows: SearchRows): string[] {
  const names = rows.names.replaceAll('ё', 'е').replaceAll('Ё', 'Е').split('\n');
  if (names.length !== rows.count) throw new Error('A batch of the search index does not split into its rows');
  return names;
}

/** Writes a search index into a scratch database file; runs in the builder thread. */
export class SearchIndexFile {
  private readonly db: Db;
  private readonly insert: Database.Statement;

  constructor(file: string, createSql: string, nativeBinding?: string) {
    this.db = new Database(file, { nativeBinding });
    // A scratch file: nobody else reads it, and a crash simply loses it.
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    this.db.exec(createSql);
    this.db.exec('BEGIN');
    // Segments are merged once at the end (optimize), not while writing.
    this.db.exec(`INSERT INTO contacts_fts (contacts_fts, rank) VALUES ('automerge', 0)`);
    this.insert = this.db.prepare('INSERT INTO contacts_fts (rowid, names) VALUES (?, ?)');
  }

  add(rows: SearchRows): void {
    const names = searchRowsOf(rows);
    for (let i = 0; i < names.length; i++) this.insert.run(rows.firstId + i, names[i]);
  }

  finish(): void {
    this.db.exec(`INSERT INTO contacts_fts (contacts_fts) VALUES ('optimize')`);
    this.db.exec('COMMIT');
    this.db.close();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/** The index's tables that hold data (columnsize = 0: no per-row sizes; its config stays the base's own). */
const SHADOW_TABLES = ['data', 'idx'] as const;
const ALIAS = 'search_build';

/**
 * Replaces the base's search index with the one built in `file`. Call inside the import's transaction, when
 * the base held no contacts at its start and nothing in it has used the search index yet. SQLite cannot
 * detach a database inside a transaction: call `detachSearchIndex` after the commit or rollback.
 */
export function adoptSearchIndex(db: Db, file: string): void {
  db.prepare(`ATTACH ? AS ${ALIAS}`).run(file);
  const ours = searchIndexSql(db);
  const theirs = db
    .prepare(`SELECT sql FROM ${ALIAS}.sqlite_master WHERE type = 'table' AND name = 'contacts_fts'`)
    .pluck()
    .get();
  if (theirs !== ours) throw new Error('The search index was built with another definition');
  db.unsafeMode(true);
  try {
    for (const t of SHADOW_TABLES) {
      db.exec(`DELETE FROM main.contacts_fts_${t}`);
      db.exec(`INSERT INTO main.contacts_fts_${t} SELECT * FROM ${ALIAS}.contacts_fts_${t}`);
    }
  } finally {
    db.unsafeMode(false);
  }
}

/** Detaches the scratch index, if attached; outside a transaction. */
export function detachSearchIndex(db: Db): void {
  const attached = db.prepare(`SELECT 1 FROM pragma_database_list WHERE name = ?`).get(ALIAS);
  if (attached) db.exec(`DETACH ${ALIAS}`);
}
