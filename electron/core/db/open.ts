import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { VestnikError } from '../../../shared/ipc/result';
import { LATEST_VERSION, MIGRATIONS } from './migrations';
import type { Migration } from './migrations/types';

export type Db = Database.Database;

export interface OpenOptions {
  /** A better-sqlite3 binary built for another ABI (Electron's), see README "Native module". */
  nativeBinding?: string;
  readonly?: boolean;
  migrations?: readonly Migration[];
}

/**
 * Opens (creating if needed) the one database file: WAL so the UI reads while a send writes, foreign keys
 * on, a busy timeout for the second process (CLI beside the app), then brings the schema up to date.
 * A database written by a newer Vestnik is refused rather than half-understood.
 */
export function openDatabase(file: string, opts: OpenOptions = {}): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file, { nativeBinding: opts.nativeBinding, readonly: opts.readonly ?? false });
  try {
    db.pragma('busy_timeout = 5000');
    // 64 MB of page cache: bulk writes touch several indexes (phone, e-mail, FTS) in random order.
    db.pragma('cache_size = -65536');
    if (!opts.readonly) db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    // NORMAL is durable in WAL mode except for the last transactions before a power cut; the send queue
    // (a later migration) switches to FULL around its own transitions.
    db.pragma('synchronous = NORMAL');
    migrate(db, opts.migrations ?? MIGRATIONS);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Applies each pending migration together with its user_version bump in one transaction. */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): void {
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  const current = schemaVersion(db);
  if (current > latest) {
    throw new VestnikError(
      'schema_too_new',
      `This database was written by a newer Vestnik (schema ${current}, this version knows up to ${latest}). ` +
        'Update Vestnik to open it; the file was not changed.',
    );
  }
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${Math.trunc(m.version)}`);
    })();
  }
}

export { LATEST_VERSION };
