// A campaign through the running core, the way the Рассылка screen will drive it: create a draft, preview the
// cost (after opt-outs, missing addresses and duplicates), see the exact message for one contact, launch, and
// watch the background dispatcher finish it.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/core';
import { tempDir } from '../helpers/temp';
import { fakeClock } from '../helpers/core';
import { Dispatcher } from '../../electron/core/campaigns/dispatcher';
import { pollStatuses } from '../../electron/core/campaigns/poller';
import { openDatabase } from '../../electron/core/db/open';
import { systemClock } from '../../electron/core/clock';

const cores: Core[] = [];
afterEach(() => {
  for (const c of cores.splice(0)) c.close();
});

async function until<T>(what: () => T | undefined | null | false, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = what();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('campaigns through the core', () => {
  it('preview → render for a contact → launch → finished, with opt-outs and duplicates accounted for', async () => {
    const core = createCore({ dbPath: path.join(tempDir(), 'v.db'), shell: 'test', background: true });
    cores.push(core);
    const h = core.handlers;
    const { account } = await h['accounts:save']({
      account: { name: 'Песочница', provider: 'sandbox', settings: { deliverySeconds: '0', pricePerPart: '2' } },
    });
    const ivan = h['contacts:create']({ phone: '+79207460022', firstName: 'Иван' });
    h['contacts:create']({ phone: '+79161234567', firstName: 'Anna' });
    const refused = h['contacts:create']({ phone: '+79031112233', firstName: 'Пётр' });
    h['contacts:set-opt-out']({ id: refused.id, channel: 'sms', optedOut: true, reason: 'просил не писать' });
    h['contacts:create']({ email: 'no-phone@example.org', firstName: 'Без телефона' });

    const c = h['campaigns:create']({
      name: 'Скидка',
      spec: {
        channels: [{ channel: 'sms', accountId: account.id }],
        mode: 'priority',
        audience: { kind: 'all' },
        text: 'Hello, {first_name|client}! -10% today',
        marketing: false,
        quietHours: { from: '09:00', to: '21:00' },
      },
    });
    expect(c.state).toBe('draft');

    const preview = await h['campaigns:preview']({ id: c.id });
    expect(preview.recipients).toBe(4);
    const [sms] = preview.channels;
    expect(sms).toMatchObject({ sendable: 2, suppressed: 1, skipped: 1, duplicates: 0, priceSource: 'provider' });
    // "Иван" makes its message UCS-2; "Anna" keeps GSM-7: the preview says which and why.
    expect(sms!.switchedToUcs2).toBe(1);
    expect(sms!.switchedExamples[0]).toMatchObject({ contactId: ivan.id, variable: 'first_name' });
    expect(sms!.parts).toBe(2);
    expect(sms!.cost).toBe(4);
    expect(sms!.balanceAfter).toBe(996);

    expect(h['campaigns:render']({ id: c.id, contactId: ivan.id })).toEqual({
      text: 'Hello, Иван! -10% today',
      subject: null,
      parts: 1,
      encoding: 'ucs2',
      html: null,
      whatsapp: null,
      row: null,
      sendAt: null,
    });

    h['campaigns:launch']({ id: c.id });
    const done = await until(() => {
      const s = h['campaigns:get']({ id: c.id });
      return s.state === 'finished' ? s : null;
    });
    expect(done.counts).toMatchObject({ sent: 2, suppressed: 1, skipped: 1, queued: 0, sending: 0 });
    expect(done.parts).toBe(2);
    expect(done.cost).toBe(4);
  });

  it('refuses a text with a broken variable, and an account of another channel', async () => {
    const core = createCore({ dbPath: path.join(tempDir(), 'v.db'), shell: 'test' });
    cores.push(core);
    const { account } = await core.handlers['accounts:save']({
      account: { name: 'Песочница', provider: 'sandbox', settings: {} },
    });
    const spec = {
      channels: [{ channel: 'sms' as const, accountId: account.id }],
      mode: 'priority' as const,
      audience: { kind: 'all' as const },
      text: 'Привет, {first_name',
      marketing: true,
      quietHours: { from: '09:00', to: '21:00' },
    };
    expect(() => core.handlers['campaigns:create']({ name: 'x', spec })).toThrow(/error at 1:9/);
    expect(() =>
      core.handlers['campaigns:create']({
        name: 'x',
        spec: { ...spec, text: 'ok', channels: [{ channel: 'email', accountId: account.id }] },
      }),
    ).toThrow(/sends sms, not email/);
  });
});

describe('campaign statuses after sending', () => {
  it('the poller asks the provider and marks sent messages delivered; never moves a final status back', async () => {
    const clock = fakeClock('2026-03-02T09:00:00.000Z');
    const dbPath = path.join(tempDir(), 'v.db');
    const core = createCore({ dbPath, shell: 'test', clock });
    cores.push(core);
    const h = core.handlers;
    const { account } = await h['accounts:save']({
      account: { name: 'Песочница', provider: 'sandbox', settings: { deliverySeconds: '5' } },
    });
    for (const phone of ['+79207460022', '+79161234567']) h['contacts:create']({ phone });
    const c = h['campaigns:create']({
      name: 'Статусы',
      spec: {
        channels: [{ channel: 'sms', accountId: account.id }],
        mode: 'priority',
        audience: { kind: 'all' },
        text: 'Test',
        marketing: false,
        quietHours: { from: '09:00', to: '21:00' },
      },
    });
    h['campaigns:launch']({ id: c.id });
    const db = openDatabase(dbPath);
    const provider = (id: number) => core.channels.providerFor(id);
    const d = new Dispatcher({ db, clock, provider });
    await d.untilIdle();
    expect(h['campaigns:get']({ id: c.id }).counts).toMatchObject({ sent: 2 });
    // Too early: the poller waits a minute before asking about a message.
    expect(await pollStatuses(db, clock, provider)).toBe(0);
    clock.advance(61_000);
    expect(await pollStatuses(db, clock, provider)).toBe(2);
    expect(h['campaigns:get']({ id: c.id }).counts).toMatchObject({ sent: 0, delivered: 2 });
    clock.advance(61_000);
    expect(await pollStatuses(db, clock, provider)).toBe(0);
    d.release();
    db.close();
  });
});

describe('campaign audiences', () => {
  it('chosen contacts and a group: each one addressed once, in id order, with its own values; a deleted contact is left out', async () => {
    const dbPath = path.join(tempDir(), 'v.db');
    const core = createCore({ dbPath, shell: 'test' });
    cores.push(core);
    const h = core.handlers;
    const { account } = await h['accounts:save']({
      account: { name: 'Песочница', provider: 'sandbox', settings: { deliverySeconds: '0' } },
    });
    const people = ['Иван', 'Анна', 'Пётр', 'Ольга', 'Борис'].map((firstName, i) =>
      h['contacts:create']({ phone: `+791600000${i + 1}1`, firstName }),
    );
    const [ivan, anna, petr, olga, boris] = people;
    const group = h['groups:create']({ name: 'Постоянные' });
    h['groups:add-contacts']({ groupId: group.id, target: { ids: [olga!.id, anna!.id] } });
    h['contacts:remove']({ target: { ids: [petr!.id] } });

    const send = async (audience: { kind: 'contacts'; ids: number[] } | { kind: 'group'; groupId: number }) => {
      const c = h['campaigns:create']({
        name: audience.kind,
        spec: {
          channels: [{ channel: 'sms', accountId: account.id }],
          mode: 'priority',
          audience,
          text: 'Здравствуйте, {first_name}!',
          marketing: false,
          quietHours: { from: '09:00', to: '21:00' },
        },
      });
      h['campaigns:launch']({ id: c.id });
      const db = openDatabase(dbPath);
      const d = new Dispatcher({ db, clock: systemClock, provider: (id) => core.channels.providerFor(id) });
      await d.untilIdle();
      d.release();
      const rows = db
        .prepare('SELECT contact_id, address, body, state FROM outbox WHERE campaign_id = ? ORDER BY id')
        .all(c.id);
      db.close();
      return rows;
    };

    expect(await send({ kind: 'contacts', ids: [boris!.id, petr!.id, ivan!.id, boris!.id] })).toEqual([
      { contact_id: ivan!.id, address: '+79160000011', body: 'Здравствуйте, Иван!', state: 'sent' },
      { contact_id: boris!.id, address: '+79160000051', body: 'Здравствуйте, Борис!', state: 'sent' },
    ]);
    expect(await send({ kind: 'group', groupId: group.id })).toEqual([
      { contact_id: anna!.id, address: '+79160000021', body: 'Здравствуйте, Анна!', state: 'sent' },
      { contact_id: olga!.id, address: '+79160000041', body: 'Здравствуйте, Ольга!', state: 'sent' },
    ]);
  });
});

describe('campaign expansion', () => {
  it('more recipients than one INSERT (and one UPDATE of results) takes: every one once, in order, recorded; the opted-out suppressed', async () => {
    const dbPath = path.join(tempDir(), 'v.db');
    const core = createCore({ dbPath, shell: 'test' });
    cores.push(core);
    const h = core.handlers;
    const { account } = await h['accounts:save']({
      account: { name: 'Песочница', provider: 'sandbox', settings: { deliverySeconds: '0' } },
    });
    const people = Array.from({ length: 123 }, (_, i) =>
      h['contacts:create']({ phone: `+79161${String(i).padStart(5, '0')}1`, firstName: `Имя${i}` }),
    );
    h['contacts:set-opt-out']({ id: people[77]!.id, channel: 'sms', optedOut: true, reason: 'стоп' });
    const c = h['campaigns:create']({
      name: 'Много',
      spec: {
        channels: [{ channel: 'sms', accountId: account.id }],
        mode: 'priority',
        audience: { kind: 'all' },
        text: '{first_name}',
        marketing: false,
        quietHours: { from: '09:00', to: '21:00' },
      },
    });
    h['campaigns:launch']({ id: c.id });
    const db = openDatabase(dbPath);
    const d = new Dispatcher({ db, clock: systemClock, provider: (id) => core.channels.providerFor(id), batch: 100 });
    await d.untilIdle();
    d.release();
    const rows = db
      .prepare(
        `SELECT contact_id, address, body, state, provider_ids LIKE '["sbx-%' AS recorded FROM outbox
         WHERE campaign_id = ? ORDER BY id`,
      )
      .all(c.id) as { contact_id: number; address: string; body: string; state: string; recorded: number | null }[];
    db.close();
    expect(rows).toEqual(
      people.map((p, i) => ({
        contact_id: p.id,
        address: p.phone,
        body: `Имя${i}`,
        state: i === 77 ? 'suppressed' : 'sent',
        recorded: i === 77 ? null : 1,
      })),
    );
  });
});
