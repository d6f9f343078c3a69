// A large .xlsx is read by a thread of its own while the import writes (import/row-reader.ts): the result must be
// the same as reading it in the import's thread — the same contacts, the same rejected rows by the same numbers —
// and the reader's errors and a cancel must leave the base as it was.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/open';
import { XlsxWriter } from '../../electron/core/export/xlsx-writer';
import type { ImportJobSpec } from '../../electron/core/import/job';
import { READER_THREAD_MIN_BYTES, runImportJob } from '../../electron/core/import/run-job';
import { startImportWorker } from '../../electron/core/import/start-worker';
import { person, prng } from '../bench/fake-people';
import { tempDir } from '../helpers/temp';

const N = 30_000;

function workbook(dir: string, name: string, extra?: (i: number) => string[] | null): string {
  const file = path.join(dir, name);
  const w = new XlsxWriter(file, 'Клиенты');
  w.addRow(['ФИО', 'Телефон', 'E-mail', 'Город']);
  const r = prng(3);
  for (let i = 0; i < N; i++) {
    const p = person(i, r);
    const d = p.phone.slice(2);
    w.addRow(
      extra?.(i) ?? [
        `${p.lastName} ${p.firstName} ${p.middleName}`,
        `8 (${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6, 8)}-${d.slice(8)}`,
        p.email ?? '',
        i % 2 ? 'Тула' : 'Орёл',
      ],
    );
  }
  w.close();
  expect(fs.statSync(file).size).toBeGreaterThan(READER_THREAD_MIN_BYTES);
  return file;
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

const contactsOf = (dbPath: string) => {
  const db = new Database(dbPath, { readonly: true });
  const rows = db
    .prepare('SELECT id, phone, email, last_name, first_name, middle_name, attributes FROM contacts ORDER BY id')
    .all();
  db.close();
  return rows;
};

describe('import: a large workbook read by a reader thread', () => {
  it('gives the same contacts and the same rejected rows as reading it in the import thread', async () => {
    const dir = tempDir();
    // A bad phone deep in the file, past the first batches the reader sends.
    const file = workbook(dir, 'clients.xlsx', (i) => (i === 20_000 ? ['Плохой Номер', '12-34', '', ''] : null));
    const threaded = path.join(dir, 'threaded.db');
    const inline = path.join(dir, 'inline.db');
    openDatabase(threaded).close();
    const a = await startImportWorker(spec(threaded, file)).result;
    const db = openDatabase(inline);
    const b = await runImportJob(db, spec(inline, file));
    db.close();
    expect(a).toMatchObject({ rows: N, imported: N - 1, rejected: [{ row: 20_002 }] });
    expect(a.rejected[0]!.reason).toMatch(/phone/);
    expect({ ...b, mapping: undefined, headerRow: undefined }).toMatchObject({
      rows: a.rows,
      imported: a.imported,
      duplicates: a.duplicates,
      rejected: a.rejected,
    });
    expect(contactsOf(threaded)).toEqual(contactsOf(inline));
  });

  it("a reader's error fails the import with its reason and leaves the base empty", async () => {
    const dir = tempDir();
    const wide = Array.from({ length: 1001 }, (_, k) => `c${k}`);
    const file = workbook(dir, 'wide.xlsx', (i) => (i === 28_000 ? wide : null));
    const dbPath = path.join(dir, 'vestnik.db');
    openDatabase(dbPath).close();
    const err = await startImportWorker(spec(dbPath, file)).result.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'too_many_columns' });
    expect(String(err)).toMatch(/28002/);
    expect(contactsOf(dbPath)).toEqual([]);
  });

  it('cancelled while the reader thread is reading: the base as it was', async () => {
    const dir = tempDir();
    const file = workbook(dir, 'clients.xlsx');
    const dbPath = path.join(dir, 'vestnik.db');
    openDatabase(dbPath).close();
    const job = startImportWorker(spec(dbPath, file), (p) => {
      if (p.rows >= 10_000) job.cancel();
    });
    await expect(job.result).rejects.toThrow(/cancelled/);
    expect(contactsOf(dbPath)).toEqual([]);
    const db = new Database(dbPath, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});
