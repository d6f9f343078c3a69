import Database from 'better-sqlite3';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LATEST_VERSION, migrate, openDatabase, schemaVersion } from '../../electron/core/db/open';
import type { Migration } from '../../electron/core/db/migrations/types';
import { tempDbPath } from '../helpers/temp';

function schemaOf(file: string): string {
  const db = new Database(file, { readonly: true });
  const rows = db
    .prepare(
      `SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type, name`,
    )
    .all() as { type: string; name: string; sql: string }[];
  db.close();
  return rows.map((r) => `-- ${r.type} ${r.name}\n${r.sql};\n`).join('\n');
}

describe('store: opening and migrations', () => {
  it('creates a new database at the latest schema with WAL and foreign keys', () => {
    const file = tempDbPath();
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('re-opening an up-to-date database changes nothing', () => {
    const file = tempDbPath();
    openDatabase(file).close();
    const before = schemaOf(file);
    openDatabase(file).close();
    expect(schemaOf(file)).toBe(before);
  });

  it('matches the schema snapshot', async () => {
    const file = tempDbPath();
    openDatabase(file).close();
    await expect(
      schemaOf(file),
      'The schema changed. If on purpose: add a numbered migration (never edit a shipped one), then update the ' +
        'snapshot with `npx vitest run test/db/migrations.test.ts -u` and review the diff.',
    ).toMatchFileSnapshot('./__snapshots__/schema.sql');
  });

  it('refuses a database written by a newer version and leaves the file untouched', () => {
    const file = tempDbPath();
    openDatabase(file).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST_VERSION + 10}`);
    raw.close();
    const bytes = fs.readFileSync(file);
    expect(() => openDatabase(file)).toThrow(/newer Vestnik/);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });

  it('applies a migration and its version bump atomically: a failing step leaves the old version', () => {
    const file = tempDbPath();
    const db = openDatabase(file);
    const broken: Migration = {
      version: LATEST_VERSION + 10,
      name: 'broken',
      up: (d) => {
        d.exec('CREATE TABLE half_done (x)');
        throw new Error('boom');
      },
    };
    const { MIGRATIONS } = { MIGRATIONS: [{ version: LATEST_VERSION, name: 'current', up: () => {} }, broken] };
    expect(() => migrate(db, MIGRATIONS)).toThrow('boom');
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'half_done'`).get()).toEqual({ n: 0 });
    db.close();
  });

  it('migrates an older database forward in order', () => {
    const file = tempDbPath();
    const db = openDatabase(file);
    const next: Migration = {
      version: LATEST_VERSION + 10,
      name: 'next',
      up: (d) => d.exec('ALTER TABLE contacts ADD COLUMN note TEXT'),
    };
    migrate(db, [{ version: LATEST_VERSION, name: 'current', up: () => {} }, next]);
    expect(schemaVersion(db)).toBe(LATEST_VERSION + 10);
    expect((db.prepare('PRAGMA table_info(contacts)').all() as { name: string }[]).map((c) => c.name)).toContain(
      'note',
    );
    db.close();
  });
});
