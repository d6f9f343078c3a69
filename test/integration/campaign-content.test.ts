// What a campaign carries besides its text, through the dispatcher to real peers: an HTML letter with an inline
// picture to the real SMTP server (in process) — each recipient's own HTML and text, the picture byte for byte;
// a WhatsApp template to the Cloud API simulator — each request with the template's name, language and that
// recipient's variables, as the Cloud API documents them; a campaign sheet with its own send times and
// {var1}… values; and the contact preview showing what each recipient gets.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Dispatcher } from '../../electron/core/campaigns/dispatcher';
import { expandNext } from '../../electron/core/campaigns/lifecycle';
import type { OutMessage, Provider } from '../../electron/core/channels/types';
import { createCore, type Core } from '../../electron/core/core';
import { openDatabase } from '../../electron/core/db/open';
import { pngPicture } from '../fixtures/pictures';
import { fakeClock } from '../helpers/core';
import { tempDir } from '../helpers/temp';
import { allParts, parseMessage, partText, startSmtpPeer, type MimePart } from '../peers/smtp';
import { startWhatsAppSim } from '../simulators/whatsapp';

const PASSPHRASE = 'content test passphrase';
const closers: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

function core(clock?: ReturnType<typeof fakeClock>): { core: Core; dbPath: string; dir: string } {
  const dir = tempDir();
  const dbPath = path.join(dir, 'v.db');
  const c = createCore({ dbPath, shell: 'test', passphrase: PASSPHRASE, providerTimeoutMs: 5000, clock });
  closers.push(() => c.close());
  return { core: c, dbPath, dir };
}

/** A worker on its own connection, sending with the core's real providers. */
function worker(c: Core, dbPath: string, clock?: ReturnType<typeof fakeClock>): Dispatcher {
  const db = openDatabase(dbPath);
  closers.push(() => db.open && db.close());
  return new Dispatcher({
    db,
    clock: clock ?? { now: () => new Date() },
    provider: (id) => c.channels.providerFor(id),
    batch: 4,
  });
}

/** Rounds until one finds nothing to do now (rows due later wait for the clock). */
async function drain(d: Dispatcher): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    const r = await d.round();
    if (!r.busy) return;
  }
  throw new Error('did not settle');
}

/** A file the shell would have registered (the dialog's choice, a browser upload). */
function file(c: Core, dir: string, name: string, bytes: Buffer): string {
  const p = path.join(dir, `${Math.random().toString(36).slice(2)}-${name}`);
  fs.writeFileSync(p, bytes);
  return c.files.register(p, name).handle;
}

const part = (m: MimePart, type: string) => allParts(m).find((p) => p.type === type);

describe('an HTML letter with a picture, to the real SMTP server', () => {
  it('each recipient gets multipart mail with their own HTML (values escaped) and text, and the picture byte-exact', async () => {
    const peer = await startSmtpPeer({ auth: { user: 'shop', pass: 'pa55' } });
    closers.push(() => peer.close());
    const { core: c, dbPath, dir } = core();
    const h = c.handlers;
    const { account, check } = await h['accounts:save']({
      account: {
        name: 'Почта',
        provider: 'smtp',
        settings: {
          host: peer.host,
          port: String(peer.port),
          security: 'starttls',
          username: 'shop',
          from: 'shop@example.org',
          allowSelfSigned: 'true',
        },
        secrets: { password: 'pa55' },
      },
    });
    expect(check.ok).toBe(true);
    const people: { email: string; firstName: string; attributes: Record<string, string> }[] = [
      { email: 'anna@example.org', firstName: 'Анна', attributes: { balance: '1500' } },
      { email: 'boris@example.org', firstName: '<script>alert("x")</script>', attributes: { balance: '20.5' } },
      { email: 'vera@example.org', firstName: '', attributes: {} },
    ];
    for (const p of people) h['contacts:create'](p);
    const logo = pngPicture(24, 12, [200, 30, 30]);
    const pic = h['campaigns:picture-add']({ handle: file(c, dir, 'logo.png', logo), taken: [] });
    expect(pic).toMatchObject({ cid: 'logo.png', contentType: 'image/png', size: logo.length });

    const html =
      '<html><head><style>p { color: #333; }</style></head><body><img src="cid:logo.png" alt="Логотип">' +
      '<p>Здравствуйте, <b>{first_name|клиент}</b>!</p><p title="{first_name}">Бонусов: {balance|0}</p></body></html>';
    const created = h['campaigns:create']({
      name: 'Письмо',
      spec: {
        channels: [{ channel: 'email', accountId: account.id }],
        mode: 'priority',
        audience: { kind: 'all' },
        subject: 'Подарок для {first_name|вас}',
        text: 'Здравствуйте, {first_name|клиент}! Бонусов: {balance|0}',
        html,
        marketing: false,
        quietHours: { from: '09:00', to: '21:00' },
      },
      pictures: [pic.id],
    });
    expect(h['campaigns:pictures']({ id: created.id }).map((p) => [p.cid, p.dataUrl])).toEqual([
      ['logo.png', `data:image/png;base64,${logo.toString('base64')}`],
    ]);

    // The preview shows Boris's name as text in the HTML, not as a script.
    const boris = h['contacts:list']({ query: 'boris', offset: 0, limit: 1 }).rows[0]!;
    const preview = h['campaigns:render']({ id: created.id, contactId: boris.id });
    expect(preview.html).toContain('<b>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</b>');
    expect(preview.html).not.toContain('<script>');

    h['campaigns:launch']({ id: created.id });
    await drain(worker(c, dbPath));
    expect(h['campaigns:get']({ id: created.id })).toMatchObject({ state: 'finished', counts: { sent: 3 } });

    expect(peer.messages.map((m) => m.to[0]).sort()).toEqual(people.map((p) => p.email).sort());
    const got = (to: string) => parseMessage(peer.messages.find((m) => m.to[0] === to)!.raw);
    const expected = [
      { to: 'anna@example.org', name: 'Анна', nameText: 'Анна', balance: '1\u00a0500', balanceText: '1 500' },
      {
        to: 'boris@example.org',
        name: '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;',
        nameText: '<script>alert("x")</script>',
        balance: '20,50',
        balanceText: '20,50',
      },
      { to: 'vera@example.org', name: 'клиент', nameText: 'клиент', balance: '0', balanceText: '0' },
    ];
    for (const e of expected) {
      const m = got(e.to);
      expect(m.type).toMatch(/^multipart\//);
      expect(m.header('subject')).toBe(`Подарок для ${e.to === 'vera@example.org' ? 'вас' : e.nameText}`);
      const text = part(m, 'text/plain')!;
      expect(partText(text)).toBe(`Здравствуйте, ${e.nameText}! Бонусов: ${e.balanceText}`);
      const letter = partText(part(m, 'text/html')!);
      expect(letter).toBe(
        html
          .replace('{first_name|клиент}', e.name)
          .replace('{first_name}', e.to === 'vera@example.org' ? '' : e.name)
          .replace('{balance|0}', e.balance),
      );
      // multipart/related: the picture travels with the HTML, inline, under the name the HTML shows.
      const picture = part(m, 'image/png')!;
      expect(picture.body.equals(logo)).toBe(true);
      expect(picture.header('content-id')).toBe('<logo.png>');
      expect(picture.header('content-disposition')).toMatch(/^inline/);
      expect(allParts(m).some((p) => p.type === 'multipart/related')).toBe(true);
    }
    // The outbox keeps the recipient's values, not the personalised letter.
    const vars = c.db.prepare('SELECT vars FROM outbox ORDER BY id').pluck().all() as string[];
    expect(vars.every((v) => v.length < 200)).toBe(true);
    expect(JSON.parse(vars[0]!)).toMatchObject({ r: { firstName: 'Анна', attributes: { balance: '1500' } } });
  });

  it('refuses a letter whose cid: has no picture, pictures without a letter, and a broken variable in the HTML', async () => {
    const { core: c } = core();
    const h = c.handlers;
    const { account } = await h['accounts:save']({
      account: { name: 'Почта', provider: 'sandbox', settings: { channel: 'email', deliverySeconds: '0' } },
    });
    const spec = (extra: object) => ({
      channels: [{ channel: 'email' as const, accountId: account.id }],
      mode: 'priority' as const,
      audience: { kind: 'all' as const },
      text: 'Привет',
      subject: 'Тема',
      marketing: false,
      quietHours: { from: '09:00', to: '21:00' },
      ...extra,
    });
    expect(() => h['campaigns:create']({ name: 'x', spec: spec({ html: '<img src="cid:nope.png">' }) })).toThrow(
      'The HTML shows "cid:nope.png", but no picture has that name',
    );
    expect(() => h['campaigns:create']({ name: 'x', spec: spec({ html: '<p>{first_name</p>' }) })).toThrow(
      /The HTML has an error at 1:4/,
    );
    expect(() => h['campaigns:create']({ name: 'x', spec: spec({}), pictures: [1] })).toThrow(
      'Pictures go with an HTML letter that shows them',
    );
  });
});

describe('a WhatsApp template with its variables mapped to fields, to the Cloud API simulator', () => {
  it('each request carries the template, its language and that recipient’s variables, as the Cloud API documents', async () => {
    const sim = await startWhatsAppSim({ pairRateMs: 0 });
    closers.push(() => sim.close());
    const { core: c, dbPath } = core();
    const h = c.handlers;
    const { account, check } = await h['accounts:save']({
      account: {
        name: 'WhatsApp',
        provider: 'whatsapp',
        settings: { phoneNumberId: sim.phoneNumberId, businessAccountId: sim.businessAccountId, baseUrl: sim.url },
        secrets: { token: sim.token },
      },
    });
    expect(check.ok).toBe(true);
    // The compose form lists the account's templates (paged) to pick one.
    const templates = await h['accounts:templates']({ id: account.id, offset: 0, limit: 20 });
    const promo = templates.items.find((t) => t.name === 'promo_2')!;
    expect(promo).toMatchObject({ language: 'ru', variables: 2 });

    h['contacts:create']({ phone: '+79161234567', firstName: 'Анна', attributes: { Город: 'Тула' } });
    h['contacts:create']({ phone: '+79031112233', firstName: '', attributes: { Город: 'Орёл' } });
    const created = h['campaigns:create']({
      name: 'WhatsApp',
      spec: {
        channels: [{ channel: 'whatsapp', accountId: account.id }],
        mode: 'priority',
        audience: { kind: 'all' },
        text: 'Здравствуйте, {first_name|друг}!',
        whatsappTemplate: {
          name: promo.name,
          language: promo.language!,
          variables: ['{first_name|друг}', 'скидка 15% в городе {Город}'],
          body: promo.body,
        },
        marketing: false,
        quietHours: { from: '09:00', to: '21:00' },
      },
    });
    const anna = h['contacts:list']({ query: 'анна', offset: 0, limit: 1 }).rows[0]!;
    expect(h['campaigns:render']({ id: created.id, contactId: anna.id }).whatsapp).toEqual({
      name: 'promo_2',
      language: 'ru',
      variables: ['Анна', 'скидка 15% в городе Тула'],
      body: promo.body,
    });
    h['campaigns:launch']({ id: created.id });
    await drain(worker(c, dbPath));
    expect(h['campaigns:get']({ id: created.id })).toMatchObject({ state: 'finished', counts: { sent: 2 } });
    const body = (to: string) => sim.messages.find((m) => m.to === to)!.body;
    const request = (variables: string[]) => ({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      type: 'template',
      template: {
        name: 'promo_2',
        language: { code: 'ru' },
        components: [{ type: 'body', parameters: variables.map((text) => ({ type: 'text', text })) }],
      },
    });
    expect(body('79161234567')).toEqual({ ...request(['Анна', 'скидка 15% в городе Тула']), to: '79161234567' });
    expect(body('79031112233')).toEqual({ ...request(['друг', 'скидка 15% в городе Орёл']), to: '79031112233' });
  });

  it('refuses a WhatsApp campaign without a template (every message would fail)', async () => {
    const { core: c } = core();
    const { account } = await c.handlers['accounts:save']({
      account: { name: 'WA', provider: 'sandbox', settings: { channel: 'whatsapp', deliverySeconds: '0' } },
    });
    expect(() =>
      c.handlers['campaigns:create']({
        name: 'x',
        spec: {
          channels: [{ channel: 'whatsapp', accountId: account.id }],
          mode: 'priority',
          audience: { kind: 'all' },
          text: 'Привет',
          marketing: false,
          quietHours: { from: '09:00', to: '21:00' },
        },
      }),
    ).toThrow(/WhatsApp needs an approved template/);
  });
});

describe('a campaign sheet as the audience', () => {
  it('checks the sheet (bad rows by number and why), saves it, previews a row, and sends each row at its own time with its own values', async () => {
    const clock = fakeClock('2026-06-01T07:00:00.000Z');
    const sim = await startWhatsAppSim({ pairRateMs: 0 });
    closers.push(() => sim.close());
    const { core: c, dbPath, dir } = core(clock);
    const h = c.handlers;
    const { account } = await h['accounts:save']({
      account: {
        name: 'WhatsApp',
        provider: 'whatsapp',
        settings: { phoneNumberId: sim.phoneNumberId, businessAccountId: sim.businessAccountId, baseUrl: sim.url },
        secrets: { token: sim.token },
      },
    });
    h['contacts:create']({ phone: '+79207460022', firstName: 'Иван' });
    // Send times are the computer's local wall-clock time; these are in the past and the future of the clock.
    const at = (iso: string) => {
      const d = new Date(iso);
      const p = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:00`;
    };
    const soon = at('2026-06-01T06:00:00.000Z');
    const later = at('2026-06-01T09:00:00.000Z');
    const csv = [
      `79207460022;${soon};покупатель;праздник`,
      `79256760044;${later};гость;день рождения`,
      `89256760044;${soon};неверный номер`,
      `79456760044;2026-06-01 25:00:00;неверное время`,
      `79207460022;${later};повтор`,
    ].join('\r\n');
    const handle = file(c, dir, 'рассылка.csv', Buffer.from(csv, 'utf8'));
    const checked = await h['sheets:check']({ handle });
    expect(checked).toMatchObject({
      fileName: 'рассылка.csv',
      valid: 2,
      rejectedTotal: 2,
      duplicatesTotal: 1,
      variables: 2,
    });
    expect(checked.rejected.map((r) => [r.row, r.kind, r.value])).toEqual([
      [3, 'number', '89256760044'],
      [4, 'time', '2026-06-01 25:00:00'],
    ]);
    expect(checked.duplicates).toEqual([{ row: 5, phone: '+79207460022', firstRow: 1 }]);
    const { list } = await h['sheets:save']({ handle, name: 'Праздник' });
    expect(list).toMatchObject({ name: 'Праздник', source: 'sheet:рассылка.csv', rows: 2, variables: 2 });
    expect(h['sheets:list']().map((l) => l.id)).toEqual([list.id]);
    const rows = h['sheets:rows']({ listId: list.id, offset: 0, limit: 10 });
    expect(rows.total).toBe(2);
    expect(rows.rows[0]).toMatchObject({
      row: 1,
      phone: '+79207460022',
      name: 'Иван',
      vars: ['покупатель', 'праздник'],
    });
    expect(rows.rows[1]).toMatchObject({ row: 2, contactId: null, name: '', sendAtLocal: later });

    const created = h['campaigns:create']({
      name: 'По таблице',
      spec: {
        channels: [{ channel: 'whatsapp', accountId: account.id }],
        mode: 'priority',
        audience: { kind: 'sheet', listId: list.id },
        text: 'Дорогой {var1}, с {var2}!',
        whatsappTemplate: { name: 'promo_1', language: 'ru', variables: ['{first_name|гость}', 'с {var2}'] },
        marketing: false,
        quietHours: { from: '09:00', to: '21:00' },
      },
    });
    const row2 = h['campaigns:render']({ id: created.id, row: 2 });
    expect(row2).toMatchObject({
      text: 'Дорогой гость, с день рождения!',
      row: 2,
      sendAt: new Date('2026-06-01T09:00:00.000Z').toISOString(),
      whatsapp: { variables: ['гость', 'с день рождения'] },
    });
    expect(() => h['campaigns:render']({ id: created.id, row: 9 })).toThrow(/no row 9/);

    h['campaigns:launch']({ id: created.id });
    const d = worker(c, dbPath, clock);
    await drain(d);
    // Row 1's time has come; row 2 waits for its own.
    expect(sim.messages.map((m) => m.to)).toEqual(['79207460022']);
    clock.advance(3 * 3600_000);
    await drain(d);
    expect(sim.messages.map((m) => m.to)).toEqual(['79207460022', '79256760044']);
    const params = (i: number) =>
      (
        sim.messages[i]!.body as { template: { components: { parameters: { text: string }[] }[] } }
      ).template.components[0]!.parameters.map((p) => p.text);
    expect(params(0)).toEqual(['Иван', 'с праздник']);
    expect(params(1)).toEqual(['гость', 'с день рождения']);
    expect(h['campaigns:get']({ id: created.id })).toMatchObject({ state: 'finished', counts: { sent: 2 } });
  });
});

describe('rendering at send time', () => {
  /** Takes every message and remembers it. */
  const capture = () => {
    const got: OutMessage[] = [];
    const provider: Provider = {
      id: 'sandbox',
      channel: 'email',
      check: () => Promise.resolve({ message: 'ok' }),
      balance: () => Promise.resolve(null),
      cost: () => Promise.resolve(null),
      status: () => Promise.resolve({ status: 'unknown' }),
      send: (m) => {
        got.push(m);
        return Promise.resolve({ providerIds: [m.id], update: { status: 'sent' } });
      },
    };
    return { got, provider };
  };

  async function letterCampaign(c: Core) {
    const { account } = await c.handlers['accounts:save']({
      account: { name: 'Почта', provider: 'sandbox', settings: { channel: 'email', deliverySeconds: '0' } },
    });
    const anna = c.handlers['contacts:create']({ email: 'anna@example.org', firstName: 'Анна' });
    const created = c.handlers['campaigns:create']({
      name: 'Письмо',
      spec: {
        channels: [{ channel: 'email', accountId: account.id }],
        mode: 'priority',
        audience: { kind: 'all' },
        subject: 'Тема',
        text: 'Здравствуйте, {first_name}!',
        html: '<p>Здравствуйте, {first_name}!</p>',
        marketing: false,
        quietHours: { from: '09:00', to: '21:00' },
      },
    });
    c.handlers['campaigns:launch']({ id: created.id });
    return { id: created.id, anna };
  }

  it('uses the values kept when the campaign was expanded: the HTML always matches the text', async () => {
    const { core: c, dbPath } = core();
    const { id, anna } = await letterCampaign(c);
    const db = openDatabase(dbPath);
    closers.push(() => db.close());
    expandNext(db, { now: () => new Date() }, 'Europe/Moscow');
    // Renamed after expansion: the queued text says "Анна", and so must the letter.
    c.handlers['contacts:update']({ id: anna.id, patch: { firstName: 'Жанна' } });
    const { got, provider } = capture();
    const d = new Dispatcher({ db, clock: { now: () => new Date() }, provider: () => provider });
    await drain(d);
    expect(got.map((m) => [m.text, m.html])).toEqual([['Здравствуйте, Анна!', '<p>Здравствуйте, Анна!</p>']]);
    expect(c.handlers['campaigns:get']({ id }).state).toBe('finished');
  });

  it('a row that cannot be rendered is not sent: it goes back to the queue and the campaign pauses, saying why', async () => {
    const { core: c, dbPath } = core();
    const { id } = await letterCampaign(c);
    const db = openDatabase(dbPath);
    closers.push(() => db.close());
    expandNext(db, { now: () => new Date() }, 'Europe/Moscow');
    // As a row queued by a version that kept no values would be.
    db.prepare('UPDATE outbox SET vars = NULL').run();
    const { got, provider } = capture();
    await drain(new Dispatcher({ db, clock: { now: () => new Date() }, provider: () => provider }));
    expect(got).toEqual([]);
    const s = c.handlers['campaigns:get']({ id });
    expect(s.state).toBe('paused');
    expect(s.reason).toMatch(/queued without the values of its HTML/);
    expect(db.prepare('SELECT state, attempts FROM outbox').get()).toEqual({ state: 'queued', attempts: 0 });
  });
});
