// A large import into an empty base builds its search index in a second thread (repos/search-index-build.ts):
// the result must be the same base, searchable the same way, as an import that indexes row by row; cancel
// must leave nothing behind.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/open';
import type { ImportJobSpec } from '../../electron/core/import/job';
import { startImportWorker } from '../../electron/core/import/start-worker';
import { person, prng } from '../bench/fake-people';
import { testCore } from '../helpers/core';
import { tempDir } from '../helpers/temp';
import { writeCsv } from '../fixtures/text-fixtures';

const N = 30_000;

function clients(): (string | number)[][] {
  const r = prng(11);
  const rows: (string | number)[][] = [['ФИО', 'Телефон', 'E-mail', 'Город']];
  for (let i = 0; i < N; i++) {
    const p = person(i, r);
    rows.push([`${p.lastName} ${p.firstName} ${p.middleName}`, p.phone, p.email ?? '', i % 2 ? 'Тула' : 'Орёл']);
  }
  // Duplicates within the file are still found by the faster path.
  const withEmail = rows.find((r, k) => k > 0 && r[2] !== '')!;
  rows.push(['Повтор Телефона', rows[5]![1]!, '', ''], ['Повтор Почты', '+79990000001', withEmail[2]!, '']);
  return rows;
}

const spec = (dbPath: string, file: string): ImportJobSpec => ({
  dbPath,
  file,
  region: 'RU',
  duplicates: 'skip',
  dryRun: false,
  source: 'import:test',
  now: '2026-01-15T10:00:00.000Z',
});

let scratch: string;
let savedTmp: string | undefined;
beforeEach(() => {
  // The builder's scratch files go to the OS temp directory; point it at one this test can inspect.
  scratch = tempDir('vestnik-scratch-');
  savedTmp = process.env.TMPDIR;
  process.env.TMPDIR = scratch;
});
afterEach(() => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
});

const matches = (dbPath: string, q: string, skipId = 0) => {
  const db = new Database(dbPath, { readonly: true });
  const phones = db
    .prepare(
      'SELECT c.phone FROM contacts_fts f JOIN contacts c ON c.id = f.rowid WHERE contacts_fts MATCH ? AND c.id <> ? ORDER BY 1',
    )
    .pluck()
    .all(q, skipId);
  db.close();
  return phones;
};

describe('import into an empty base: the search index built beside the contacts', () => {
  it('gives the same contacts and the same search answers as an import into a base that has contacts', async () => {
    const dir = tempDir();
    const file = writeCsv(dir, 'clients.csv', clients());
    const empty = path.join(dir, 'empty.db');
    const seeded = path.join(dir, 'seeded.db');
    openDatabase(empty).close();
    const core = testCore(seeded);
    const first = core.handlers['contacts:create']({ phone: '+79161234567', lastName: 'Первый' });
    core.close();

    const a = await startImportWorker(spec(empty, file)).result;
    const b = await startImportWorker(spec(seeded, file)).result;
    expect(a).toMatchObject({ rows: N + 2, imported: N, duplicates: 2, rejected: [] });
    expect(b).toMatchObject({ rows: N + 2, imported: N, duplicates: 2, rejected: [] });

    const db = new Database(empty, { readonly: true });
    const other = new Database(seeded, { readonly: true });
    const contacts = (d: Database.Database, skip: number) =>
      d
        .prepare(
          'SELECT phone, email, last_name, first_name, middle_name, attributes FROM contacts WHERE id <> ? ORDER BY id',
        )
        .all(skip);
    expect(contacts(db, 0)).toEqual(contacts(other, first.id));
    expect(db.prepare('SELECT sql FROM sqlite_master ORDER BY name').pluck().all()).toEqual(
      other.prepare('SELECT sql FROM sqlite_master ORDER BY name').pluck().all(),
    );
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
    other.close();

    for (const q of [
      '"иван"*',
      '"петров"*',
      '"федор"*',
      '"семенов"*',
      '"а"*',
      '"mail"*',
      '"ivan"*',
      '"ал"* AND "серг"*',
    ]) {
      const found = matches(empty, q);
      expect(found, q).toEqual(matches(seeded, q, first.id));
    }
    expect(matches(empty, '"иван"*').length).toBeGreaterThan(100);

    // The base keeps working as usual afterwards: new and deleted contacts reach the index.
    const after = testCore(empty);
    after.handlers['contacts:create']({ phone: '+79161234599', lastName: 'Новенький' });
    expect(after.handlers['contacts:list']({ query: 'новеньк', offset: 0, limit: 5 }).total).toBe(1);
    after.db.exec(`INSERT INTO contacts_fts (contacts_fts) VALUES ('integrity-check')`);
    expect(fs.readdirSync(scratch).filter((f) => f.startsWith('vestnik-search-'))).toEqual([]);
  });

  it("copies the import from the WAL into the database file in its own thread, not in the app's next write", async () => {
    const dir = tempDir();
    const file = writeCsv(dir, 'clients.csv', clients());
    const dbPath = path.join(dir, 'vestnik.db');
    // The app's connection stays open (so closing the import's connection does not checkpoint) and writes nothing.
    const app = openDatabase(dbPath);
    const before = fs.statSync(dbPath).size;
    const summary = await startImportWorker(spec(dbPath, file)).result;
    expect(summary.imported).toBe(N);
    const deadline = Date.now() + 15_000;
    while (fs.statSync(dbPath).size < before + 2_000_000 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(fs.statSync(dbPath).size).toBeGreaterThan(before + 2_000_000);
    expect(app.prepare('SELECT count(*) FROM contacts').pluck().get()).toBe(N);
    app.close();
  });

  it('cancelled while the index is being built: the base, its schema and the temp directory as they were', async () => {
    const dir = tempDir();
    const file = writeCsv(dir, 'clients.csv', clients());
    const dbPath = path.join(dir, 'vestnik.db');
    openDatabase(dbPath).close();
    const schemaOf = () => {
      const db = new Database(dbPath, { readonly: true });
      const s = db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all();
      db.close();
      return s;
    };
    const before = schemaOf();
    const job = startImportWorker(spec(dbPath, file), (p) => {
      if (p.rows >= 15_000) job.cancel();
    });
    await expect(job.result).rejects.toThrow(/cancelled/);
    expect(schemaOf()).toEqual(before);
    const db = new Database(dbPath, { readonly: true });
    expect(db.prepare('SELECT count(*) FROM contacts').pluck().get()).toBe(0);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
    expect(fs.readdirSync(scratch).filter((f) => f.startsWith('vestnik-search-'))).toEqual([]);
  });
});
