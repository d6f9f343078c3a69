import { describe, expect, it } from 'vitest';
import { VestnikError } from '../../shared/ipc/result';
import { fakeClock, testCore } from '../helpers/core';
import { tempDbPath } from '../helpers/temp';

const ivan = { phone: '8 920 746-00-22', lastName: ' Иванов ', firstName: 'Иван', middleName: 'Иванович', email: 'Ivan.Petrov@Mail.RU' };

async function rejects(call: () => unknown, code: string, field?: string) {
  try {
    await call();
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
    const c = await h['contacts:create'](ivan);
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
    await rejects(() => h['contacts:create']({ phone: '12345' }), 'invalid_phone', 'phone');
    await rejects(() => h['contacts:create']({ phone: '+7 920 abc' }), 'invalid_phone', 'phone');
    await rejects(() => h['contacts:create']({ email: 'ivan@' }), 'invalid_email', 'email');
    await rejects(() => h['contacts:create']({ lastName: 'Без адреса' }), 'no_address');
    expect((await h['contacts:list']({ offset: 0, limit: 10 })).total).toBe(0);
  });

  it('refuses a second contact with the same phone or e-mail and names the holder', async () => {
    const h = testCore().handlers;
    const first = await h['contacts:create'](ivan);
    await rejects(() => h['contacts:create']({ phone: '+7 (920) 746-00-22' }), 'duplicate', 'phone');
    await rejects(() => h['contacts:create']({ email: 'IVAN.PETROV@mail.ru' }), 'duplicate', 'email');
    expect(() => h['contacts:create']({ email: 'ivan.petrov@mail.ru' })).toThrow(`#${first.id}`);
  });

  it('updates fields, keeps the creation time and moves the update time', async () => {
    const clock = fakeClock();
    const h = testCore(tempDbPath(), clock).handlers;
    const c = await h['contacts:create'](ivan);
    clock.advance(60_000);
    const u = await h['contacts:update']({ id: c.id, patch: { firstName: 'Пётр', email: null } });
    expect(u).toMatchObject({ firstName: 'Пётр', lastName: 'Иванов', email: null, phone: '+79207460022' });
    expect(u.createdAt).toBe('2026-01-15T10:00:00.000Z');
    expect(u.updatedAt).toBe('2026-01-15T10:01:00.000Z');
    await rejects(() => h['contacts:update']({ id: c.id, patch: { phone: null } }), 'no_address');
    await rejects(() => h['contacts:update']({ id: 999, patch: { firstName: 'x' } }), 'not_found');
  });

  it('removes contacts with their memberships', async () => {
    const h = testCore().handlers;
    const g = await h['groups:create']({ name: 'VIP' });
    const a = await h['contacts:create']({ phone: '+79200000001', groupIds: [g.id] });
    const b = await h['contacts:create']({ phone: '+79200000002', groupIds: [g.id] });
    expect(await h['contacts:remove']({ ids: [a.id, 12345] })).toEqual({ removed: 1 });
    expect((await h['groups:list']({}))[0]).toMatchObject({ name: 'VIP', size: 1 });
    expect((await h['contacts:list']({ offset: 0, limit: 10 })).rows.map((r) => r.id)).toEqual([b.id]);
  });

  it('keeps custom attributes', async () => {
    const h = testCore().handlers;
    const c = await h['contacts:create']({ phone: '+79200000001', attributes: { Баланс: '1500', city: 'Тула' } });
    expect((await h['contacts:get']({ id: c.id })).contact.attributes).toEqual({ Баланс: '1500', city: 'Тула' });
  });
});

describe('store: search', () => {
  async function seeded() {
    const h = testCore().handlers;
    await h['contacts:create'](ivan);
    await h['contacts:create']({ phone: '+79161234567', lastName: 'Петрова', firstName: 'Анна', email: 'anna@example.org' });
    await h['contacts:create']({ phone: '+375291234567', lastName: 'Сидоров', firstName: 'Семён' });
    return h;
  }
  const names = async (h: Awaited<ReturnType<typeof seeded>>, query: string) =>
    (await h['contacts:list']({ query, offset: 0, limit: 50 })).rows.map((r) => r.lastName);

  it('finds by name prefixes in any order and case', async () => {
    const h = await seeded();
    expect(await names(h, 'иван')).toEqual(['Иванов']);
    expect(await names(h, 'ИВАНОВИЧ ив')).toEqual(['Иванов']);
    expect(await names(h, 'анна петр')).toEqual(['Петрова']);
    expect(await names(h, 'семен')).toEqual(['Сидоров']); // ё folds to е
  });

  it('finds by phone however it is typed', async () => {
    const h = await seeded();
    for (const q of ['+7 920 746', '8920746', '920 746-00', '79207460022', '+7 (920) 746-00-22']) {
      expect(await names(h, q), q).toEqual(['Иванов']);
    }
    expect(await names(h, '375 29')).toEqual(['Сидоров']);
  });

  it('finds by e-mail parts', async () => {
    const h = await seeded();
    expect(await names(h, 'ivan.pet')).toEqual(['Иванов']);
    expect(await names(h, 'example.org')).toEqual(['Петрова']);
  });

  it('treats FTS syntax in the search box as text', async () => {
    const h = await seeded();
    for (const q of ['"', 'NEAR(', 'иван OR анна', '*', 'a:b', '-иван', '^иван']) {
      expect(() => h['contacts:list']({ query: q, offset: 0, limit: 10 }), q).not.toThrow();
    }
    expect(await names(h, 'иван OR анна')).toEqual([]);
  });

  it('pages in id order and counts matches', async () => {
    const h = testCore().handlers;
    for (let i = 0; i < 25; i++) await h['contacts:create']({ phone: `+7920000${String(i).padStart(4, '0')}`, lastName: 'Кузнецов' });
    const p1 = await h['contacts:list']({ query: 'кузн', offset: 0, limit: 10 });
    const p3 = await h['contacts:list']({ query: 'кузн', offset: 20, limit: 10 });
    expect(p1).toMatchObject({ total: 25, exact: true });
    expect(p1.rows).toHaveLength(10);
    expect(p3.rows).toHaveLength(5);
    expect(p3.rows[0]!.id).toBeGreaterThan(p1.rows[9]!.id);
  });

  it('a new contact shows up in the count right away', async () => {
    const h = testCore().handlers;
    expect((await h['contacts:list']({ offset: 0, limit: 1 })).total).toBe(0);
    await h['contacts:create']({ phone: '+79200000001' });
    expect((await h['contacts:list']({ offset: 0, limit: 1 })).total).toBe(1);
  });
});
