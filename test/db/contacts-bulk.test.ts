import { describe, expect, it } from 'vitest';
import { insertContactsBulk } from '../../electron/core/repos/contacts-bulk';
import { testCore } from '../helpers/core';

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
