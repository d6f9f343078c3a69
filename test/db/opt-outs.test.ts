import { describe, expect, it } from 'vitest';
import { testCore } from '../helpers/core';

describe('store: opt-outs and consents', () => {
  it('switching off SMS records the reason, shows on the contact and in the history', () => {
    const h = testCore().handlers;
    const c = h['contacts:create']({ phone: '+79207460022', email: 'a@b.ru' });
    const after = h['contacts:set-opt-out']({ id: c.id, channel: 'sms', optedOut: true, reason: 'Просьба клиента' });
    expect(after.optOut).toEqual({ sms: true, email: false, telegram: false, whatsapp: false });
    const card = h['contacts:get']({ id: c.id });
    expect(card.optOutHistory).toEqual([
      expect.objectContaining({ channel: 'sms', address: '+79207460022', optedOut: true, reason: 'Просьба клиента' }),
    ]);
    const back = h['contacts:set-opt-out']({ id: c.id, channel: 'sms', optedOut: false, reason: 'Снова согласен' });
    expect(back.optOut.sms).toBe(false);
    expect(h['contacts:get']({ id: c.id }).optOutHistory.map((r) => r.optedOut)).toEqual([false, true]);
  });

  it('an opt-out outlives the contact: deleting and re-adding the number keeps SMS off', () => {
    const h = testCore().handlers;
    const c = h['contacts:create']({ phone: '+79207460022' });
    h['contacts:set-opt-out']({ id: c.id, channel: 'sms', optedOut: true, reason: 'Жалоба' });
    h['contacts:remove']({ target: { ids: [c.id] } });
    const again = h['contacts:create']({ phone: '8 920 746 00 22' });
    expect(again.optOut.sms).toBe(true);
    expect(again.optOut.whatsapp).toBe(false);
  });

  it('refuses an opt-out for a channel the contact has no address on', () => {
    const h = testCore().handlers;
    const c = h['contacts:create']({ email: 'a@b.ru' });
    expect(() => h['contacts:set-opt-out']({ id: c.id, channel: 'sms', optedOut: true, reason: '' })).toThrow(
      /no address/,
    );
  });

  it('keeps consents as an append-only ledger with source and evidence', () => {
    const h = testCore().handlers;
    const c = h['contacts:create']({ phone: '+79207460022' });
    h['contacts:add-consent']({ id: c.id, channel: 'sms', source: 'Анкета в магазине', evidence: 'скан №15' });
    const card = h['contacts:add-consent']({ id: c.id, channel: 'whatsapp', source: 'Сайт', evidence: '' });
    expect(card.consents.map((x) => [x.channel, x.source, x.evidence])).toEqual([
      ['whatsapp', 'Сайт', ''],
      ['sms', 'Анкета в магазине', 'скан №15'],
    ]);
  });

  it('a "reachable on SMS" segment leaves out opted-out contacts and those without a phone', () => {
    const h = testCore().handlers;
    const a = h['contacts:create']({ phone: '+79200000001' });
    const b = h['contacts:create']({ phone: '+79200000002' });
    h['contacts:create']({ email: 'only@mail.ru' });
    h['contacts:set-opt-out']({ id: b.id, channel: 'sms', optedOut: true, reason: '' });
    const seg = h['segments:save']({ name: 'SMS можно', filter: { reachableOn: 'sms' } });
    const list = h['contacts:list']({ segmentId: seg.id, offset: 0, limit: 10 });
    expect(list.rows.map((r) => r.id)).toEqual([a.id]);
    expect(list.total).toBe(1);
  });
});

describe('store: groups and segments', () => {
  it('creates, renames, fills and removes groups; names are unique regardless of case', () => {
    const h = testCore().handlers;
    const g = h['groups:create']({ name: 'Оптовики' });
    expect(() => h['groups:create']({ name: 'оптовики' })).toThrow(/already exists/);
    const ids = [1, 2, 3].map((i) => h['contacts:create']({ phone: `+7920000000${i}` }).id);
    expect(h['groups:add-contacts']({ groupId: g.id, target: { ids } })).toEqual({ added: 3 });
    expect(h['groups:add-contacts']({ groupId: g.id, target: { ids } })).toEqual({ added: 0 });
    expect(h['groups:remove-contacts']({ groupId: g.id, target: { ids: [ids[0]!] } })).toEqual({ removed: 1 });
    expect(h['groups:rename']({ id: g.id, name: 'Опт' })).toEqual({ id: g.id, name: 'Опт', size: 2 });
    expect(h['contacts:list']({ groupId: g.id, offset: 0, limit: 10 }).rows.map((r) => r.id)).toEqual(ids.slice(1));
    expect(h['contacts:get']({ id: ids[1]! }).contact.groups).toEqual([{ id: g.id, name: 'Опт' }]);
    expect(h['groups:remove']({ id: g.id })).toEqual({ removed: true });
    expect(h['contacts:get']({ id: ids[1]! }).contact.groups).toEqual([]);
    expect(h['contacts:list']({ offset: 0, limit: 10 }).total).toBe(3);
  });

  it('search within a group finds only members', () => {
    const h = testCore().handlers;
    const g = h['groups:create']({ name: 'VIP' });
    h['contacts:create']({ phone: '+79200000001', lastName: 'Смирнов', groupIds: [g.id] });
    h['contacts:create']({ phone: '+79200000002', lastName: 'Смирнова' });
    expect(
      h['contacts:list']({ groupId: g.id, query: 'смирн', offset: 0, limit: 10 }).rows.map((r) => r.lastName),
    ).toEqual(['Смирнов']);
  });

  it('has the built-in "Все контакты" segment, which cannot be changed or removed', () => {
    const h = testCore().handlers;
    const [all] = h['segments:list']();
    expect(all).toEqual({ id: 1, name: 'Все контакты', builtIn: true, filter: {} });
    expect(() => h['segments:remove']({ id: 1 })).toThrow(/Built-in/);
    expect(() => h['segments:save']({ id: 1, name: 'x', filter: {} })).toThrow(/Built-in/);
    const s = h['segments:save']({ name: 'Ивановы', filter: { query: 'иванов' } });
    expect(h['segments:list']().map((x) => x.name)).toEqual(['Все контакты', 'Ивановы']);
    expect(h['segments:remove']({ id: s.id })).toEqual({ removed: true });
  });
});

describe('store: bulk actions on everything the table matches', () => {
  it('adds every match of a search to a group, except the rows unticked', () => {
    const h = testCore().handlers;
    const g = h['groups:create']({ name: 'Ивановы' });
    const ids = ['Иванов', 'Иванова', 'Петров', 'Иванченко'].map(
      (n, i) => h['contacts:create']({ phone: `+7920000000${i}`, lastName: n }).id,
    );
    expect(
      h['groups:add-contacts']({ groupId: g.id, target: { match: { query: 'иван' }, except: [ids[3]!] } }),
    ).toEqual({ added: 2 });
    expect(h['contacts:list']({ groupId: g.id, offset: 0, limit: 10 }).rows.map((r) => r.lastName)).toEqual([
      'Иванов',
      'Иванова',
    ]);
  });

  it('removes every contact of a group, and only those', () => {
    const h = testCore().handlers;
    const g = h['groups:create']({ name: 'Старые' });
    h['contacts:create']({ phone: '+79200000001', groupIds: [g.id] });
    h['contacts:create']({ phone: '+79200000002', groupIds: [g.id] });
    const keep = h['contacts:create']({ phone: '+79200000003' });
    expect(h['contacts:remove']({ target: { match: { groupId: g.id }, except: [] } })).toEqual({ removed: 2 });
    expect(h['contacts:list']({ offset: 0, limit: 10 }).rows.map((r) => r.id)).toEqual([keep.id]);
  });
});
