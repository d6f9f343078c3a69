// The cost preview reads a million contacts by reading only what the template uses (raw rows, attributes taken
// out by SQLite) and looks for repeats only where an address can repeat. Here it is held to the plain way on
// awkward data: every contact read whole, its attributes parsed, each address remembered, each channel's
// messages previewed from those fields — the same counts, parts, switches, examples and longest message, on
// every kind of audience, for templates that read names, addresses, attributes that are numbers, objects,
// escaped strings, or keys SQLite's JSON paths cannot name.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/core';
import type { Provider } from '../../electron/core/channels/types';
import { previewCampaignCost, walkAudience } from '../../electron/core/campaigns/preview';
import { recipientFields, type ContactRowLite } from '../../electron/core/campaigns/recipients';
import { ContactListing } from '../../electron/core/repos/contact-list';
import { createGroup } from '../../electron/core/repos/groups';
import { saveRecipientList } from '../../electron/core/repos/recipient-lists';
import { requireSegment } from '../../electron/core/repos/segments';
import type { Audience, CampaignSpec } from '../../shared/domain/campaigns';
import type { Channel } from '../../shared/domain/channels';
import { previewCampaign } from '../../shared/domain/cost-preview';
import { localDate, mustCompile, type RecipientFields } from '../../shared/domain/template';
import { tempDir } from '../helpers/temp';

const cores: Core[] = [];
afterEach(() => {
  for (const c of cores.splice(0)) c.close();
});

const NOW = new Date('2026-03-02T10:00:00.000Z');
const TZ = 'Europe/Moscow';

// Attributes as they may sit in the base: strings, numbers, null, objects, escapes, a key with a quote.
const ATTRIBUTES = [
  '{}',
  '{"balance":"1500.5","Город":"Москва"}',
  '{"balance":1500,"Город":null}',
  '{"balance":"  -20 ","Город":"Санкт\\u002dПетербург","birthday":"1985-06-21"}',
  '{"balance":"нет","Город":{"name":"Тверь"},"a\\"b":"кавычка"}',
  '{"Город":"Nizhny\\u00a0Novgorod","balance":"1234567.891","a\\"b":"quote"}',
  '{"Город":"\\"Kazan\\"","Дата визита":"2026-01-01","balance":"7"}',
  '{"Город":["Omsk"],"balance":"0.005","x.y":"dot"}',
];
const FIRST = ['Anna', 'Анна', '', '  Oleg  ', 'Ivan', 'Ольга', 'Zoë', 'Peter'];

async function base(): Promise<{ core: Core; accountId: number; groupId: number; listId: number }> {
  const core = createCore({ dbPath: path.join(tempDir(), 'v.db'), shell: 'test' });
  cores.push(core);
  const { account } = await core.handlers['accounts:save']({
    account: { name: 'Песочница', provider: 'sandbox', settings: { deliverySeconds: '0', pricePerPart: '2' } },
  });
  const db = core.db;
  const insert = db.prepare(
    `INSERT INTO contacts (phone, email, last_name, first_name, middle_name, telegram_chat_id, attributes, source, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'test', ?, ?)`,
  );
  const now = NOW.toISOString();
  for (let i = 0; i < 120; i++) {
    const phone = i % 11 === 5 ? null : `+7916${String(1_000_000 + i).slice(1)}`;
    const email = i % 3 === 0 || phone === null ? `p${i}@mail.ru` : null;
    // Telegram chats can repeat (two contacts linked to one chat).
    const telegram = i % 4 === 1 ? `chat${i % 16}` : null;
    const long = i % 13 === 0 ? ' Long-Long-Long-Name-That-Makes-A-Second-Part-Of-The-Message-Appear' : '';
    insert.run(
      phone,
      email,
      i % 5 === 0 ? '' : `Петров${long}`,
      FIRST[i % FIRST.length]!,
      i % 7 === 0 ? 'Иванович' : '',
      telegram,
      ATTRIBUTES[i % ATTRIBUTES.length]!,
      now,
      now,
    );
  }
  db.prepare(
    `INSERT INTO opt_outs (channel, address, reason, source, at) SELECT 'sms', phone, '', 'test', ? FROM contacts WHERE id % 9 = 2 AND phone IS NOT NULL`,
  ).run(now);
  db.prepare(
    `INSERT INTO opt_outs (channel, address, reason, source, at) SELECT 'email', email, '', 'test', ? FROM contacts WHERE id % 6 = 3 AND email IS NOT NULL`,
  ).run(now);
  const groupId = createGroup(db, 'Группа', now).id;
  db.prepare('INSERT INTO contact_groups (group_id, contact_id) SELECT ?, id FROM contacts WHERE id % 2 = 0').run(
    groupId,
  );
  const listId = saveRecipientList(
    db,
    'Лист',
    'sheet:test',
    Array.from({ length: 40 }, (_, k) => ({
      row: k + 2,
      phone: `+7903${String(1_000_000 + (k % 17)).slice(1)}`,
      sendAt: now,
      sendAtLocal: '2026-03-02 13:00:00',
      vars: k % 3 === 0 ? [] : [`Иван${k}`, String(k * 1000.5)],
    })),
    now,
  );
  return { core, accountId: account.id, groupId, listId };
}

/** The plain way: every contact read whole, attributes parsed, every address remembered. */
function reference(core: Core, spec: CampaignSpec) {
  const db = core.db;
  const a = spec.audience;
  const rows: { fields: RecipientFields; addresses: Record<Channel, string | null> }[] = [];
  if (a.kind === 'sheet') {
    for (const s of db
      .prepare('SELECT row, phone, vars FROM recipient_list_rows WHERE list_id = ? ORDER BY row')
      .all(a.listId) as { phone: string; vars: string }[]) {
      const attributes: Record<string, string> = {};
      (JSON.parse(s.vars) as string[]).forEach((v, i) => (attributes[`var${i + 1}`] = v));
      rows.push({
        fields: { phone: s.phone, attributes },
        addresses: { sms: s.phone, whatsapp: s.phone, email: null, telegram: null },
      });
    }
  } else {
    let contacts: ContactRowLite[];
    if (a.kind === 'all') contacts = db.prepare('SELECT * FROM contacts ORDER BY id').all() as ContactRowLite[];
    else if (a.kind === 'group') {
      contacts = db
        .prepare(
          'SELECT c.* FROM contact_groups g JOIN contacts c ON c.id = g.contact_id WHERE g.group_id = ? ORDER BY c.id',
        )
        .all(a.groupId) as ContactRowLite[];
    } else {
      const ids =
        a.kind === 'contacts'
          ? [...new Set(a.ids)].sort((x, y) => x - y)
          : new ContactListing(db).allIds(requireSegment(db, a.segmentId).filter);
      const one = db.prepare('SELECT * FROM contacts WHERE id = ?');
      contacts = ids.map((id) => one.get(id) as ContactRowLite | undefined).filter((c) => c !== undefined);
    }
    for (const c of contacts) {
      rows.push({
        fields: recipientFields(c),
        addresses: { sms: c.phone, whatsapp: c.phone, email: c.email, telegram: c.telegram_chat_id },
      });
    }
  }
  const channels = spec.channels.map((ch) => ({
    channel: ch.channel,
    seen: new Set<string>(),
    optedOut: new Set(db.prepare('SELECT address FROM opt_outs WHERE channel = ?').pluck().all(ch.channel)),
    counts: { sendable: 0, suppressed: 0, skipped: 0, duplicates: 0 },
    fields: [] as RecipientFields[],
    addresses: [] as string[],
  }));
  for (const r of rows) {
    let reached = false;
    for (const pc of channels) {
      const address = r.addresses[pc.channel];
      if (!address || (spec.mode === 'priority' && reached)) pc.counts.skipped += 1;
      else if (pc.optedOut.has(address)) pc.counts.suppressed += 1;
      else if (pc.seen.has(address)) {
        pc.counts.duplicates += 1;
        reached = true;
      } else {
        pc.seen.add(address);
        pc.counts.sendable += 1;
        pc.fields.push(r.fields);
        pc.addresses.push(address);
        reached = true;
      }
    }
  }
  const template = mustCompile(spec.text);
  const today = localDate(NOW, TZ);
  return {
    recipients: rows.length,
    channels: channels.map((pc) => {
      const p = previewCampaign(template, pc.fields, { channel: pc.channel, today });
      return {
        ...pc.counts,
        parts: p.parts,
        byParts: Object.fromEntries(Object.entries(p.byParts).map(([k, v]) => [String(k), v])),
        ucs2Messages: p.ucs2Messages,
        switchedToUcs2: p.switchedToUcs2ByValues.messages,
        switchedExamples: p.switchedToUcs2ByValues.examples.map((e) => ({
          contactId: e.id,
          variable: e.variable,
          value: e.value,
          characters: e.characters,
        })),
        emptyFallbacksUsed: p.emptyFallbacksUsed,
        longest: p.longest ? { text: p.longest.text, parts: p.longest.parts } : null,
        longestTo: p.longest ? pc.addresses[p.longest.index]! : null,
      };
    }),
  };
}

const TEMPLATES = [
  'Hello, {first_name|client}! Balance {balance|0}. City: {Город|your city}.',
  'Здравствуйте, {full_name|клиент}! {birthday|} {Дата визита|}',
  'Hi {last_name} {middle_name|}: {phone} / {email|no mail} {a"b|none} {x.y|}',
  'Plain GSM text with no variables at all [and an extension ~ character]',
  'Sheet {var1|guest}, you owe {var2|nothing}; {first_name|}',
];

const AUDIENCES = (groupId: number, listId: number): Audience[] => [
  { kind: 'all' },
  { kind: 'group', groupId },
  { kind: 'contacts', ids: [7, 3, 3, 999, 50, 1, 120, 64] },
  { kind: 'segment', segmentId: 1 },
  { kind: 'sheet', listId },
];

const CHANNELS: { channel: Channel; accountId: number }[][] = [
  [{ channel: 'sms', accountId: 0 }],
  [
    { channel: 'sms', accountId: 0 },
    { channel: 'email', accountId: 0 },
    { channel: 'telegram', accountId: 0 },
  ],
  [
    { channel: 'telegram', accountId: 0 },
    { channel: 'whatsapp', accountId: 0 },
  ],
];

describe('the cost preview over the base, held to the plain way', () => {
  it('gives the same answers for every audience, template, channel set and mode', async () => {
    const { core, accountId, groupId, listId } = await base();
    let cases = 0;
    for (const audience of AUDIENCES(groupId, listId)) {
      for (const text of TEMPLATES) {
        for (const channels of CHANNELS) {
          for (const mode of ['priority', 'all'] as const) {
            const spec: CampaignSpec = {
              channels: channels.map((ch) => ({ ...ch, accountId })),
              mode,
              audience,
              text,
              marketing: false,
              quietHours: { from: '09:00', to: '21:00' },
            };
            const asked: string[] = [];
            const provider = {
              cost: async (messages: { to: string; text: string }[]) => {
                asked.push(messages[0]!.to);
                return { parts: 1, total: { amount: 2, currency: 'RUB' } };
              },
              balance: async () => ({ amount: 1000, currency: 'RUB' }),
            } as unknown as Provider;
            const got = await previewCampaignCost(core.db, spec, { now: NOW, timeZone: TZ, provider: () => provider });
            const want = reference(core, spec);
            const label = JSON.stringify({ audience, text, channels: channels.map((c) => c.channel), mode });
            expect(got.recipients, label).toBe(want.recipients);
            got.channels.forEach((ch, i) => {
              const { longestTo, ...w } = want.channels[i]!;
              expect(ch, `${label} channel ${i}`).toMatchObject(w);
              // The provider's cost API is asked about the longest message, sent to its recipient's address.
              if (ch.channel === 'sms' && longestTo !== null) expect(asked, label).toContain(longestTo);
            });
            cases += 1;
          }
        }
      }
    }
    expect(cases).toBe(150);
  });

  it('lists the excluded with their whole names when no template is given', async () => {
    const { core, accountId } = await base();
    const spec: CampaignSpec = {
      channels: [{ channel: 'telegram', accountId }],
      mode: 'all',
      audience: { kind: 'all' },
      text: '{first_name}',
      marketing: false,
      quietHours: { from: '09:00', to: '21:00' },
    };
    const repeats: RecipientFields[] = [];
    walkAudience(core.db, spec, { excluded: (_, kind, r) => void (kind === 'duplicates' && repeats.push(r.fields)) });
    expect(repeats.length).toBeGreaterThan(0);
    const one = core.db.prepare('SELECT * FROM contacts WHERE id = ?');
    for (const f of repeats) expect(f).toEqual(recipientFields(one.get(f.id) as ContactRowLite));
  });
});
