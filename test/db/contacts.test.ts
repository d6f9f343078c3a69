import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../electron/core/db/open';
import { MIGRATIONS } from '../../electron/core/db/migrations';
import { VestnikError } from '../../shared/ipc/result';
import { createCore } from '../../electron/core/core';
import { fakeClock, testCore } from '../helpers/core';
import { tempDbPath } from '../helpers/temp';

const ivan = {
  phone: '8 920 746-00-22',
  lastName: ' Иванов ',
  firstName: 'Иван',
  middleName: 'Иванович',
  email: 'Ivan.Petrov@Mail.RU',
};

function rejects(call: () => unknown, code: string, field?: string) {
  try {
    call();
  } catch (err) {
    expect(err).toBeInstanceOf(VestnikError);
    expect((err as VestnikError).code).toBe(code);
    if (field) expect((err as VestnikError).field).toBe(field);
    return;
  }
  throw new Error(`expected ${code}`);
}

describe('store: contacts', () => {
  it('stores a contact normalised: E.164 phone, lower-case e-mail, trimmed names, timestamps', async () => {
    const h = testCore().handlers;
    const c = h['contacts:create'](ivan);
    expect(c).toMatchObject({
      phone: '+79207460022',
      email: 'ivan.petrov@mail.ru',
      lastName: 'Иванов',
      firstName: 'Иван',
      middleName: 'Иванович',
      source: 'manual',
      createdAt: '2026-01-15T10:00:00.000Z',
      optOut: { sms: false, email: false, telegram: false, whatsapp: false },
    });
  });

  it('refuses a bad phone, a bad e-mail and a contact with no address, naming the field', async () => {
    const h = testCore().handlers;
    rejects(() => h['contacts:create']({ phone: '12345' }), 'invalid_phone', 'phone');
    rejects(() => h['contacts:create']({ phone: '+7 920 abc' }), 'invalid_phone', 'phone');
    rejects(() => h['contacts:create']({ email: 'ivan@' }), 'invalid_email', 'email');
    rejects(() => h['contacts:create']({ lastName: 'Без адреса' }), 'no_address');
    expect(h['contacts:list']({ offset: 0, limit: 10 }).total).toBe(0);
  });

  it('refuses a second contact with the same phone or e-mail and names the holder', async () => {
    const h = testCore().handlers;
    const first = h['contacts:create'](ivan);
    rejects(() => h['contacts:create']({ phone: '+7 (920) 746-00-22' }), 'duplicate', 'phone');
    rejects(() => h['contacts:create']({ email: 'IVAN.PETROV@mail.ru' }), 'duplicate', 'email');
    expect(() => h['contacts:create']({ email: 'ivan.petrov@mail.ru' })).toThrow(`#${first.id}`);
  });

  it('updates fields, keeps the creation time and moves the update time', async () => {
    const clock = fakeClock();
    const h = testCore(tempDbPath(), clock).handlers;
    const c = h['contacts:create'](ivan);
    clock.advance(60_000);
    const u = h['contacts:update']({ id: c.id, patch: { firstName: 'Пётр', email: null } });
    expect(u).toMatchObject({ firstName: 'Пётр', lastName: 'Иванов', email: null, phone: '+79207460022' });
    expect(u.createdAt).toBe('2026-01-15T10:00:00.000Z');
    expect(u.updatedAt).toBe('2026-01-15T10:01:00.000Z');
    rejects(() => h['contacts:update']({ id: c.id, patch: { phone: null } }), 'no_address');
    rejects(() => h['contacts:update']({ id: 999, patch: { firstName: 'x' } }), 'not_found');
  });

  it('removes contacts with their memberships', async () => {
    const h = testCore().handlers;
    const g = h['groups:create']({ name: 'VIP' });
    const a = h['contacts:create']({ phone: '+79200000001', groupIds: [g.id] });
    const b = h['contacts:create']({ phone: '+79200000002', groupIds: [g.id] });
    expect(h['contacts:remove']({ target: { ids: [a.id, 12345] } })).toEqual({ removed: 1 });
    expect(h['groups:list']()[0]).toMatchObject({ name: 'VIP', size: 1 });
    expect(h['contacts:list']({ offset: 0, limit: 10 }).rows.map((r) => r.id)).toEqual([b.id]);
  });

  it('keeps custom attributes', async () => {
    const h = testCore().handlers;
    const c = h['contacts:create']({ phone: '+79200000001', attributes: { Баланс: '1500', city: 'Тула' } });
    expect(h['contacts:get']({ id: c.id }).contact.attributes).toEqual({ Баланс: '1500', city: 'Тула' });
  });
});

describe('store: search', () => {
  function seeded() {
    const h = testCore().handlers;
    h['contacts:create'](ivan);
    h['contacts:create']({ phone: '+79161234567', lastName: 'Петрова', firstName: 'Анна', email: 'anna@example.org' });
    h['contacts:create']({ phone: '+375291234567', lastName: 'Сидоров', firstName: 'Семён' });
    return h;
  }
  const names = (h: ReturnType<typeof seeded>, query: string) =>
    h['contacts:list']({ query, offset: 0, limit: 50 }).rows.map((r) => r.lastName);

  it('finds by name prefixes in any order and case', async () => {
    const h = seeded();
    expect(names(h, 'иван')).toEqual(['Иванов']);
    expect(names(h, 'ИВАНОВИЧ ив')).toEqual(['Иванов']);
    expect(names(h, 'анна петр')).toEqual(['Петрова']);
    expect(names(h, 'семен')).toEqual(['Сидоров']); // ё folds to е
  });

  it('finds by phone however it is typed', async () => {
    const h = seeded();
    for (const q of ['+7 920 746', '8920746', '920 746-00', '79207460022', '+7 (920) 746-00-22']) {
      expect(names(h, q), q).toEqual(['Иванов']);
    }
    expect(names(h, '375 29')).toEqual(['Сидоров']);
  });

  it('finds by the beginning of an e-mail address or of its domain', async () => {
    const h = seeded();
    expect(names(h, 'ivan.pet')).toEqual(['Иванов']);
    expect(names(h, 'Ivan.Petrov@Mail.r')).toEqual(['Иванов']);
    expect(names(h, 'example.org')).toEqual(['Петрова']);
    expect(names(h, '@exa')).toEqual(['Петрова']);
    expect(names(h, 'anna@')).toEqual(['Петрова']);
    // A word may be a name and an e-mail: both are found, in id order.
    h['contacts:create']({ phone: '+79161230000', lastName: 'Anna', email: 'x@other.org' });
    expect(names(h, 'anna')).toEqual(['Петрова', 'Anna']);
    // Not the middle of an address, and an "@" means e-mails only.
    expect(names(h, 'petrov')).toEqual([]);
    expect(names(h, 'anna@other')).toEqual([]);
  });

  it('an e-mail search keeps the sidebar group and counts each contact once', async () => {
    const h = seeded();
    const g = h['groups:create']({ name: 'VIP' });
    const anna = h['contacts:list']({ query: 'анна', offset: 0, limit: 5 }).rows[0]!;
    h['groups:add-contacts']({ groupId: g.id, target: { ids: [anna.id] } });
    h['contacts:create']({ phone: '+79161230001', lastName: 'Орлов', email: 'orlov@example.org' });
    expect(names(h, 'example')).toEqual(['Петрова', 'Орлов']);
    const inGroup = h['contacts:list']({ query: 'example', groupId: g.id, offset: 0, limit: 5 });
    expect(inGroup.rows.map((r) => r.lastName)).toEqual(['Петрова']);
    expect(inGroup.total).toBe(1);
    // "anna" is her address and her name: one contact.
    expect(h['contacts:list']({ query: 'anna', offset: 0, limit: 5 }).total).toBe(1);
  });

  it('edits and deletions keep the search index exact', async () => {
    const core = testCore();
    const h = core.handlers;
    const a = h['contacts:create']({ phone: '+79161230002', lastName: 'Ёлкина', firstName: 'Анна' });
    const b = h['contacts:create']({ phone: '+79161230003', lastName: 'Кузнецов' });
    h['contacts:update']({ id: a.id, patch: { phone: '+79161230002', lastName: 'Соснина', firstName: 'Анна' } });
    expect(names({ ...h }, 'елк')).toEqual([]);
    expect(names(h, 'сосн')).toEqual(['Соснина']);
    h['contacts:remove']({ target: { ids: [b.id] } });
    expect(names(h, 'кузн')).toEqual([]);
    // Deleting names FTS5 was given back the same text: the index holds no stray entries.
    core.db.exec(`INSERT INTO contacts_fts (contacts_fts) VALUES ('integrity-check')`);
    h['contacts:remove']({ target: { ids: [a.id] } });
    core.db.exec(`INSERT INTO contacts_fts (contacts_fts) VALUES ('integrity-check')`);
    expect(names(h, 'анна')).toEqual([]);
  });

  it('a base from before migration 60 (names and e-mails in the index) is searched the same after the upgrade', () => {
    const file = tempDbPath();
    const old = new Database(file);
    migrate(
      old,
      MIGRATIONS.filter((m) => m.version < 60),
    );
    const insert = old.prepare(
      `INSERT INTO contacts (phone, email, last_name, first_name, created_at, updated_at) VALUES (?, ?, ?, ?, 'x', 'x')`,
    );
    insert.run('+79161230001', 'ivan.petrov@mail.ru', 'Ёлкин', 'Иван');
    insert.run('+79161230002', 'anna@yandex.ru', 'Кузнецова', 'Анна');
    old.close();

    const core = testCore(file);
    const h = core.handlers;
    expect(names(h, 'елк')).toEqual(['Ёлкин']);
    expect(names(h, 'ivan.p')).toEqual(['Ёлкин']);
    expect(names(h, '@yandex')).toEqual(['Кузнецова']);
    core.db.exec(`INSERT INTO contacts_fts (contacts_fts) VALUES ('integrity-check')`);
    h['contacts:remove']({
      target: { ids: h['contacts:list']({ query: 'анна', offset: 0, limit: 5 }).rows.map((r) => r.id) },
    });
    core.db.exec(`INSERT INTO contacts_fts (contacts_fts) VALUES ('integrity-check')`);
    expect(names(h, 'анна')).toEqual([]);
    expect(core.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('treats FTS syntax in the search box as text', async () => {
    const h = seeded();
    for (const q of ['"', 'NEAR(', 'иван OR анна', '*', 'a:b', '-иван', '^иван']) {
      expect(() => h['contacts:list']({ query: q, offset: 0, limit: 10 }), q).not.toThrow();
    }
    expect(names(h, 'иван OR анна')).toEqual([]);
  });

  it('pages in id order and counts matches', async () => {
    const h = testCore().handlers;
    for (let i = 0; i < 25; i++)
      h['contacts:create']({ phone: `+7920000${String(i).padStart(4, '0')}`, lastName: 'Кузнецов' });
    const p1 = h['contacts:list']({ query: 'кузн', offset: 0, limit: 10 });
    const p3 = h['contacts:list']({ query: 'кузн', offset: 20, limit: 10 });
    expect(p1).toMatchObject({ total: 25, exact: true });
    expect(p1.rows).toHaveLength(10);
    expect(p3.rows).toHaveLength(5);
    expect(p3.rows[0]!.id).toBeGreaterThan(p1.rows[9]!.id);
  });

  it('a new contact shows up in the count right away', async () => {
    const h = testCore().handlers;
    expect(h['contacts:list']({ offset: 0, limit: 1 }).total).toBe(0);
    h['contacts:create']({ phone: '+79200000001' });
    expect(h['contacts:list']({ offset: 0, limit: 1 }).total).toBe(1);
  });
});

describe('store: paging a large base', () => {
  it('a deep page (served from scroll anchors) is exactly the rows at that offset, also after deletions', () => {
    const core = testCore();
    const h = core.handlers;
    const insert = core.db.prepare(
      `INSERT INTO contacts (phone, last_name, created_at, updated_at) VALUES (?, ?, '2026-01-01', '2026-01-01')`,
    );
    core.db.transaction(() => {
      for (let i = 0; i < 5000; i++) insert.run(`+7920${String(i).padStart(7, '0')}`, `Фамилия${i}`);
    })();
    // Holes in the id sequence, so "offset = id" would be wrong.
    h['contacts:remove']({ target: { ids: Array.from({ length: 100 }, (_, i) => 10 + i * 7) } });
    const all = core.db.prepare('SELECT id FROM contacts ORDER BY id').pluck().all() as number[];
    for (const offset of [0, 2047, 2048, 3333, 4850, 4899]) {
      const page = h['contacts:list']({ offset, limit: 50 });
      expect(page.total).toBe(4900);
      expect(
        page.rows.map((r) => r.id),
        `offset ${offset}`,
      ).toEqual(all.slice(offset, offset + 50));
    }
    expect(h['contacts:list']({ offset: 4900, limit: 50 }).rows).toEqual([]);
  });

  it('a search beyond 10,000 matches says "10 000+" and pages through the first 10,000', () => {
    const core = testCore();
    const insert = core.db.prepare(
      `INSERT INTO contacts (phone, last_name, created_at, updated_at) VALUES (?, 'Кузнецов', '2026-01-01', '2026-01-01')`,
    );
    core.db.transaction(() => {
      for (let i = 0; i < 10_050; i++) insert.run(`+7921${String(i).padStart(7, '0')}`);
    })();
    const first = core.handlers['contacts:list']({ query: 'кузн', offset: 0, limit: 100 });
    expect(first).toMatchObject({ total: 10_000, exact: false });
    const last = core.handlers['contacts:list']({ query: 'кузн', offset: 9_950, limit: 50 });
    expect(last.rows).toHaveLength(50);
    const byPhone = core.handlers['contacts:list']({ query: '8 921 000 120', offset: 0, limit: 100 });
    expect(byPhone.total).toBe(10);
    expect(byPhone.rows.map((r) => r.phone)).toEqual(
      Array.from({ length: 10 }, (_, i) => `+792100012${String(i).padStart(2, '0')}`),
    );
  });
});

describe('store: two processes on one base', () => {
  it('sees what another connection wrote (the CLI beside the app) in lists and counts, and tells the UI', async () => {
    const dbPath = tempDbPath();
    const app = createCore({ dbPath, shell: 'web', watchExternalMs: 20 });
    const cli = createCore({ dbPath, shell: 'cli' });
    try {
      expect(app.handlers['contacts:list']({ offset: 0, limit: 10 }).total).toBe(0);
      const changed = new Promise<{ tables: string[] }>((resolve) => app.events.on('db:changed', resolve));
      cli.handlers['contacts:create']({ phone: '+79207460022', lastName: 'Снаружи' });
      expect(app.handlers['contacts:list']({ offset: 0, limit: 10 }).total).toBe(1);
      expect((await changed).tables).toContain('contacts');
    } finally {
      app.close();
      cli.close();
    }
  });
});
