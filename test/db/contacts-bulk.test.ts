import fc from 'fast-check';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EmptyBaseLoad, insertContactsBulk, type SearchIndexFeed } from '../../electron/core/repos/contacts-bulk';
import { SearchIndexFile, searchIndexSql, searchRowsOf } from '../../electron/core/repos/search-index-build';
import { openDatabase } from '../../electron/core/db/open';
import { testCore } from '../helpers/core';
import { tempDir } from '../helpers/temp';

const row = (i: number) => ({
  phone: `+7920000${String(i).padStart(4, '0')}`,
  email: `u${i}@mail.ru`,
  lastName: `Петров${i % 3 === 0 ? 'а' : ''}`,
  firstName: 'Семён',
  middleName: '',
});

describe('store: bulk insert', () => {
  it('inserts rows that are searchable at once, and leaves the per-row index trigger in place', () => {
    const core = testCore();
    const h = core.handlers;
    h['contacts:create']({ phone: '+79161234567', lastName: 'Первый' });
    const res = insertContactsBulk(
      core.db,
      Array.from({ length: 300 }, (_, i) => row(i)),
      '2026-01-01T00:00:00.000Z',
      'import',
    );
    expect(res).toEqual({ firstId: 2, count: 300 });
    expect(h['contacts:list']({ query: 'петрова семен', offset: 0, limit: 500 }).total).toBe(100);
    expect(h['contacts:list']({ query: 'u299@mail', offset: 0, limit: 5 }).rows.map((r) => r.source)).toEqual([
      'import',
    ]);
    const later = h['contacts:create']({ phone: '+79161234568', lastName: 'Последний' });
    expect(h['contacts:list']({ query: 'последн', offset: 0, limit: 5 }).rows.map((r) => r.id)).toEqual([later.id]);
    expect(core.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('a bad row rolls back the whole batch, the index and the trigger together', () => {
    const core = testCore();
    const rows = [row(1), row(2), { ...row(3), phone: row(1).phone }];
    expect(() => insertContactsBulk(core.db, rows, '2026-01-01T00:00:00.000Z', 'import')).toThrow(/UNIQUE/);
    expect(core.handlers['contacts:list']({ offset: 0, limit: 10 }).total).toBe(0);
    expect(core.db.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'contacts_fts_ai'`).pluck().get()).toBe(1);
    core.handlers['contacts:create']({ phone: '+79161234567', lastName: 'Проверка' });
    expect(core.handlers['contacts:list']({ query: 'провер', offset: 0, limit: 5 }).total).toBe(1);
  });
});

const NOW = '2026-01-01T00:00:00.000Z';
const schema = (db: ReturnType<typeof openDatabase>) =>
  db.prepare(`SELECT type, name, sql FROM sqlite_master ORDER BY name`).all();
const found = (db: ReturnType<typeof openDatabase>, q: string) =>
  db
    .prepare(
      'SELECT c.phone FROM contacts_fts f JOIN contacts c ON c.id = f.rowid WHERE contacts_fts MATCH ? ORDER BY 1',
    )
    .pluck()
    .all(q);

/** A feed that builds the index in this thread, the way the builder thread does. */
function inProcessFeed(dir: string, createSql: string, fail = false): SearchIndexFeed {
  const file = path.join(dir, 'scratch-index.db');
  const index = new SearchIndexFile(file, createSql);
  return {
    file,
    add: (rows) => index.add(rows),
    ready: () => Promise.resolve(),
    finish: () => {
      if (fail) {
        index.close();
        return Promise.reject(new Error('builder crashed'));
      }
      index.finish();
      return Promise.resolve();
    },
  };
}

describe('store: loading an empty base', () => {
  const rows = Array.from({ length: 1000 }, (_, i) => ({
    ...row(i),
    lastName: i % 2 ? 'Фёдоров' : 'ЁЛКИН',
    telegramChatId: i % 7 ? null : String(1000 + i),
    attributes: { Город: 'Тула' },
  }));

  for (const mode of ['built beside', 'built in a failing thread', 'indexed at the end'] as const) {
    it(`search index ${mode}: the same answers as row-by-row indexing, schema and triggers as before`, async () => {
      const dir = tempDir();
      const db = openDatabase(path.join(dir, 'a.db'));
      const before = schema(db);
      db.exec('BEGIN IMMEDIATE');
      const feed =
        mode === 'indexed at the end' ? null : inProcessFeed(dir, searchIndexSql(db), mode !== 'built beside');
      const load = new EmptyBaseLoad(db, 'import', NOW, feed);
      expect(load.insert(rows.slice(0, 600))).toBe(1);
      expect(load.insert(rows.slice(600))).toBe(601);
      expect(await load.finish()).toEqual({ adopted: mode === 'built beside' });
      db.exec('COMMIT');
      db.exec(`INSERT INTO contacts_fts (contacts_fts) VALUES ('integrity-check')`);
      expect(schema(db)).toEqual(before);

      // The reference: the same rows through the per-row trigger.
      const ref = openDatabase(path.join(dir, 'b.db'));
      const insert = ref.prepare(
        `INSERT INTO contacts (phone, email, last_name, first_name, middle_name, telegram_chat_id, attributes, source, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'import', ?, ?)`,
      );
      ref.transaction(() => {
        for (const r of rows)
          insert.run(
            r.phone,
            r.email,
            r.lastName,
            r.firstName,
            r.middleName,
            r.telegramChatId,
            '{"Город":"Тула"}',
            NOW,
            NOW,
          );
      })();
      for (const q of [
        '"федоров"*',
        '"елкин"*',
        '"семен"*',
        '"u99"*',
        '"mail"*',
        '"ф"* AND "с"*',
        '"u1"* AND "елк"*',
      ]) {
        expect(found(db, q), q).toEqual(found(ref, q));
      }
      expect(found(db, '"федоров"*')).toHaveLength(500);
      expect(db.prepare('SELECT * FROM contacts ORDER BY id').all()).toEqual(
        ref.prepare('SELECT * FROM contacts ORDER BY id').all(),
      );
      // Triggers are back: a later change is indexed, a deleted contact is gone from search.
      db.prepare('DELETE FROM contacts WHERE id = 2').run();
      expect(found(db, '"федоров"*')).toHaveLength(499);
      db.prepare(`UPDATE contacts SET last_name = 'Щукин' WHERE id = 4`).run();
      expect(found(db, '"щукин"*')).toEqual([rows[3]!.phone]);
      db.close();
      ref.close();
    });
  }

  it('a rollback puts the dropped indexes and the trigger back', () => {
    const dir = tempDir();
    const db = openDatabase(path.join(dir, 'a.db'));
    const before = schema(db);
    db.exec('BEGIN IMMEDIATE');
    new EmptyBaseLoad(db, 'import', NOW, null).insert(rows.slice(0, 10));
    db.exec('ROLLBACK');
    expect(schema(db)).toEqual(before);
    expect(db.prepare('SELECT count(*) FROM contacts').pluck().get()).toBe(0);
    db.close();
  });

  it('rebuilds only the indexes rows gave values for: a field no row has keeps its index, one that came late gets it whole', async () => {
    const dir = tempDir();
    const db = openDatabase(path.join(dir, 'a.db'));
    const before = schema(db);
    const ran: string[] = [];
    const exec = db.exec.bind(db);
    db.exec = (sql: string) => (ran.push(sql), exec(sql));
    db.exec('BEGIN IMMEDIATE');
    const load = new EmptyBaseLoad(db, 'import', NOW, null);
    // A phone list: no e-mails; one Telegram chat id, on the 250th row of the second batch.
    const phones = Array.from({ length: 400 }, (_, i) => ({
      ...row(i),
      email: null,
      telegramChatId: i === 349 ? '777000' : null,
    }));
    load.insert(phones.slice(0, 100));
    load.insert(phones.slice(100));
    await load.finish();
    db.exec('COMMIT');
    db.exec = exec;
    const touched = (name: string) => ran.filter((sql) => sql.includes(` ${name} `) || sql.endsWith(` ${name}`));
    expect(touched('contacts_email')).toEqual([]);
    expect(touched('contacts_email_domain')).toEqual([]);
    expect(touched('contacts_phone')).toHaveLength(2);
    expect(touched('contacts_telegram')).toHaveLength(2);
    expect(schema(db)).toEqual(before);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(
      db
        .prepare(`SELECT id FROM contacts INDEXED BY contacts_telegram WHERE telegram_chat_id = '777000'`)
        .pluck()
        .all(),
    ).toEqual([350]);
    expect(
      db.prepare(`SELECT count(*) FROM contacts INDEXED BY contacts_phone WHERE phone >= '+7'`).pluck().get(),
    ).toBe(400);
    // The kept index works: an e-mail added later is found through it, and stays unique.
    db.prepare(`UPDATE contacts SET email = 'a@b.ru' WHERE id = 5`).run();
    expect(
      db.prepare(`SELECT id FROM contacts INDEXED BY contacts_email WHERE email = 'a@b.ru'`).pluck().all(),
    ).toEqual([5]);
    expect(() => db.prepare(`UPDATE contacts SET email = 'a@b.ru' WHERE id = 6`).run()).toThrow(/UNIQUE/);
    db.close();
  });

  it('refuses a base that is not empty', () => {
    const core = testCore();
    core.handlers['contacts:create']({ phone: '+79161234567' });
    expect(() => new EmptyBaseLoad(core.db, 'import', NOW, null)).toThrow(/empty/);
  });

  it('the index text computed in JavaScript is the one the triggers compute in SQL', () => {
    const db = openDatabase(':memory:');
    const sql = db.prepare(`SELECT replace(replace(? || ' ' || ? || ' ' || ?, 'ё', 'е'), 'Ё', 'Е')`).pluck();
    const oneLine = (s: fc.Arbitrary<string>) => s.filter((x) => !x.includes('\n'));
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            oneLine(fc.string({ unit: 'grapheme' })),
            oneLine(fc.string()),
            fc.constantFrom('', 'Ёж', 'ёлка', 'Семён'),
          ),
          { minLength: 1, maxLength: 5 },
        ),
        (people) => {
          const batch = searchRowsOf({
            firstId: 1,
            count: people.length,
            names: people.map(([a, b, c]) => `${a} ${b} ${c}`).join('\n'),
          });
          expect(batch).toEqual(people.map(([a, b, c]) => sql.get(a, b, c)));
        },
      ),
    );
    db.close();
  });

  it('a batch for the search index that does not split into its rows is refused', () => {
    expect(() => searchRowsOf({ firstId: 1, count: 2, names: 'Иванов\nПетров\nлишняя' })).toThrow(/does not split/);
  });

  it('checks in JavaScript what the skipped CHECK constraints ask, and has SQLite check them again after', async () => {
    const dir = tempDir();
    const db = openDatabase(path.join(dir, 'a.db'));
    for (const bad of [
      { ...row(1), phone: '79200000001' },
      { ...row(1), phone: '+0920000001' },
      { ...row(1), phone: null, email: null, telegramChatId: null },
    ]) {
      db.exec('BEGIN IMMEDIATE');
      const load = new EmptyBaseLoad(db, 'import', NOW, null);
      expect(() => load.insert([row(0), bad])).toThrow(/E\.164|needs a phone/);
      load.end();
      db.exec('ROLLBACK');
    }
    db.exec('BEGIN IMMEDIATE');
    const load = new EmptyBaseLoad(db, 'import', NOW, null);
    load.insert([row(0), row(1)]);
    await load.finish();
    db.exec('COMMIT');
    // The connection enforces the table's CHECK constraints again.
    expect(() =>
      db.prepare(`INSERT INTO contacts (phone, created_at, updated_at) VALUES ('89200000002', ?, ?)`).run(NOW, NOW),
    ).toThrow(/CHECK/);
    expect(() =>
      db
        .prepare(`INSERT INTO contacts (phone, attributes, created_at, updated_at) VALUES ('+79200000002', '{', ?, ?)`)
        .run(NOW, NOW),
    ).toThrow(/CHECK/);
    expect(db.prepare('SELECT count(*) FROM contacts').pluck().get()).toBe(2);
    db.close();
  });
});
