import type { CampaignSpec } from '../../../shared/domain/campaigns';
import type { Channel } from '../../../shared/domain/channels';
import { CampaignPreviewer } from '../../../shared/domain/cost-preview';
import type { Money } from '../../../shared/domain/providers';
import { countSms } from '../../../shared/domain/sms';
import {
  localDate,
  mustCompile,
  render,
  type CompiledTemplate,
  type RecipientFields,
} from '../../../shared/domain/template';
import type { Db } from '../db/open';
import { requireAccount } from '../repos/accounts';
import { ContactListing } from '../repos/contact-list';
import { requireSegment } from '../repos/segments';
import type { Provider } from '../channels/types';
import {
  contactProjection,
  recipientFields,
  templateNeeds,
  type ContactProjection,
  type ContactRowLite,
} from './recipients';

/**
 * The cost preview before launch: who gets what after opt-outs, missing or invalid addresses and duplicates,
 * the parts of every personalised message (a value can switch a message to UCS-2), the price per part from
 * the provider's cost API or the account's tariff, the balance now and after, and warnings. Reads the audience
 * straight from the database in one pass, only the columns and attributes the template uses, as raw rows; keeps
 * no set of a million addresses where the base makes them unique (see test/bench/preview.bench.ts).
 */

export interface ChannelCounts {
  channel: Channel;
  accountId: number;
  /** Messages that will go out on this channel. */
  sendable: number;
  /** Opted out of this channel. */
  suppressed: number;
  /** No address for this channel (or, in priority mode, reached on an earlier channel). */
  skipped: number;
  /** The same address again (a second contact with the same phone, a repeated row of a sheet). */
  duplicates: number;
  parts: number;
  pricePerPart: number | null;
  priceSource: 'provider' | 'tariff' | 'none';
  cost: number | null;
  balance: Money | null;
  balanceAfter: number | null;
  byParts: Record<string, number>;
  ucs2Messages: number;
  /** Messages that are UCS-2 only because of a personalised value, with a few examples. */
  switchedToUcs2: number;
  switchedExamples: { contactId: number | null; variable: string; value: string; characters: string[] }[];
  emptyFallbacksUsed: Record<string, number>;
  longest: { text: string; parts: number } | null;
}

export interface CampaignCostPreview {
  recipients: number;
  channels: ChannelCounts[];
  cost: number | null;
  warnings: string[];
}

export async function previewCampaignCost(
  db: Db,
  spec: CampaignSpec,
  opts: { now: Date; timeZone: string; provider: (accountId: number) => Provider },
): Promise<CampaignCostPreview> {
  const today = localDate(opts.now, opts.timeZone);
  const template = mustCompile(spec.text);
  const perChannel = spec.channels.map((ch) => ({
    ch,
    /** The address of the longest message, the one the provider's cost API is asked about. */
    longestTo: null as string | null,
    previewer: new CampaignPreviewer(template, { channel: ch.channel, today }),
    counts: { sendable: 0, suppressed: 0, skipped: 0, duplicates: 0 },
  }));

  const recipients = walkAudience(
    db,
    spec,
    {
      sendable: (i, r, address) => {
        const pc = perChannel[i]!;
        pc.counts.sendable += 1;
        if (pc.previewer.add(r)) pc.longestTo = address;
      },
      excluded: (i, kind) => void (perChannel[i]!.counts[kind] += 1),
    },
    { template },
  );

  const warnings: string[] = [];
  const channels: ChannelCounts[] = [];
  for (const pc of perChannel) {
    const messages = pc.previewer.result();
    const account = requireAccount(db, pc.ch.accountId);
    const provider = opts.provider(pc.ch.accountId);
    let pricePerPart: number | null = null;
    let priceSource: ChannelCounts['priceSource'] = 'none';
    const tariff = Number(account.settings.tariff);
    if (account.settings.tariff !== undefined && Number.isFinite(tariff)) {
      pricePerPart = tariff;
      priceSource = 'tariff';
    } else if (messages.longest && pc.ch.channel === 'sms') {
      // The provider's cost API, asked for one real message of the campaign, gives the price of a part.
      const sample = messages.longest;
      const to = pc.longestTo;
      try {
        const c = to ? await provider.cost([{ id: 'preview', to, text: sample.text }]) : null;
        if (c && c.parts > 0) {
          pricePerPart = c.total.amount / c.parts;
          priceSource = 'provider';
        }
      } catch {
        warnings.push(`${account.name}: the provider's cost API did not answer; enter a tariff in the account`);
      }
    }
    const cost = pricePerPart === null ? null : Math.round(messages.parts * pricePerPart * 100) / 100;
    let balance: Money | null = null;
    try {
      balance = await provider.balance();
    } catch {
      warnings.push(`${account.name}: the balance could not be read`);
    }
    const balanceAfter = balance && cost !== null ? Math.round((balance.amount - cost) * 100) / 100 : null;
    if (balanceAfter !== null && balanceAfter < 0) {
      warnings.push(`${account.name}: the balance (${balance!.amount} ${balance!.currency}) will not cover ${cost}`);
    }
    if (messages.switchedToUcs2ByValues.messages > 0) {
      warnings.push(
        `${messages.switchedToUcs2ByValues.messages} messages become UCS-2 (more parts) because of personalised values`,
      );
    }
    channels.push({
      channel: pc.ch.channel,
      accountId: pc.ch.accountId,
      ...pc.counts,
      parts: messages.parts,
      pricePerPart,
      priceSource,
      cost,
      balance,
      balanceAfter,
      byParts: Object.fromEntries(Object.entries(messages.byParts).map(([k, v]) => [String(k), v])),
      ucs2Messages: messages.ucs2Messages,
      switchedToUcs2: messages.switchedToUcs2ByValues.messages,
      switchedExamples: messages.switchedToUcs2ByValues.examples.map((e) => ({
        contactId: e.id,
        variable: e.variable,
        value: e.value,
        characters: e.characters,
      })),
      emptyFallbacksUsed: messages.emptyFallbacksUsed,
      longest: messages.longest ? { text: messages.longest.text, parts: messages.longest.parts } : null,
    });
  }
  const costs = channels.map((c) => c.cost);
  const cost = costs.some((c) => c === null) ? null : Math.round(costs.reduce<number>((a, c) => a + c!, 0) * 100) / 100;
  if (spec.budget !== undefined && cost !== null && cost > spec.budget) {
    warnings.push(`The cost ${cost} is over the budget ${spec.budget}`);
  }
  return { recipients, channels, cost, warnings };
}

/** The exact message one recipient would get (the preview "for any chosen recipient"). */
export function renderFor(
  db: Db,
  spec: CampaignSpec,
  contactId: number,
  opts: { now: Date; timeZone: string },
): { text: string; subject: string | null; parts: number; encoding: 'gsm7' | 'ucs2' } {
  const c = db.prepare('SELECT * FROM contacts WHERE id = ?').get(contactId) as ContactRowLite | undefined;
  const today = localDate(opts.now, opts.timeZone);
  const r: RecipientFields = c ? recipientFields(c) : {};
  const text = render(mustCompile(spec.text), r, { today });
  const subject = spec.subject ? render(mustCompile(spec.subject), r, { today }) : null;
  const count = countSms(text);
  return { text, subject, parts: count.parts, encoding: count.encoding };
}

/** Contacts read per statement: pages of `all()` cost less per row than `iterate()`. */
const PAGE = 10_000;

/** Calls `visit` with each of the audience's contacts as a raw row of `projection`, in id order. */
function eachContact(db: Db, spec: CampaignSpec, projection: ContactProjection, visit: (row: unknown[]) => void): void {
  const a = spec.audience;
  const { columns } = projection;
  if (a.kind === 'all' || a.kind === 'group') {
    const stmt = db
      .prepare(
        a.kind === 'all'
          ? `SELECT ${columns} FROM contacts c WHERE c.id > ? ORDER BY c.id LIMIT ${PAGE}`
          : `SELECT ${columns} FROM contact_groups g JOIN contacts c ON c.id = g.contact_id
             WHERE g.group_id = ? AND g.contact_id > ? ORDER BY g.contact_id LIMIT ${PAGE}`,
      )
      .raw();
    for (let last = 0; ;) {
      const rows = (a.kind === 'all' ? stmt.all(last) : stmt.all(a.groupId, last)) as unknown[][];
      for (let k = 0; k < rows.length; k++) visit(rows[k]!);
      if (rows.length < PAGE) return;
      last = rows[rows.length - 1]![0] as number;
    }
  }
  const ids =
    a.kind === 'contacts'
      ? [...new Set(a.ids)].sort((x, y) => x - y)
      : a.kind === 'segment'
        ? new ContactListing(db).allIds(requireSegment(db, a.segmentId).filter)
        : [];
  // Pages of ids, each read in one statement (ids that are gone are left out, as before).
  const stmt = db
    .prepare(`SELECT ${columns} FROM contacts c WHERE c.id IN (SELECT value FROM json_each(?)) ORDER BY c.id`)
    .raw();
  for (let k = 0; k < ids.length; k += PAGE) {
    const rows = stmt.all(JSON.stringify(ids.slice(k, k + PAGE))) as unknown[][];
    for (let j = 0; j < rows.length; j++) visit(rows[j]!);
  }
}

/** Why a recipient gets nothing on a channel: opted out, no address (or reached earlier in priority mode), a repeat. */
export type Exclusion = 'suppressed' | 'skipped' | 'duplicates';

/** One recipient of the audience as the walk meets it: a contact, or a campaign-sheet row. */
export interface AudienceRecipient {
  fields: RecipientFields;
  contactId: number | null;
  /** The sheet's row number, for a campaign sheet. */
  row: number | null;
}

/**
 * One pass over a campaign's audience deciding, per recipient and channel (by index in spec.channels), whether a
 * message goes out or why not — what the cost preview counts and what "show who" lists. Returns the recipients.
 * With `template`, a recipient's fields hold only what that template reads (enough to render it); without, all
 * of them (names for "show who").
 */
export function walkAudience(
  db: Db,
  spec: CampaignSpec,
  on: {
    sendable?: (channel: number, r: RecipientFields, address: string) => void;
    excluded?: (channel: number, kind: Exclusion, r: AudienceRecipient, address: string | null) => void;
  },
  opts: { template?: CompiledTemplate } = {},
): number {
  const sheet = spec.audience.kind === 'sheet';
  const has = (channel: Channel) => spec.channels.some((ch) => ch.channel === channel);
  const needs = opts.template ? templateNeeds(opts.template) : null;
  const projection = sheet
    ? null
    : contactProjection(needs, {
        phone: has('sms') || has('whatsapp'),
        email: has('email'),
        telegram: has('telegram'),
      });
  // Where each channel's address is in a row: a sheet's rows are [row, phone].
  const column = (channel: Channel): number => {
    const phone = channel === 'sms' || channel === 'whatsapp';
    if (projection === null) return phone ? 1 : -1;
    return phone ? projection.phone : channel === 'email' ? projection.email : projection.telegram;
  };
  const channels = spec.channels.map((ch) => ({
    column: column(ch.channel),
    // A contact is met once, and no two contacts share a phone or an e-mail (unique indexes): no repeats to look
    // for there. Telegram chats are not unique, and a sheet can list a phone twice.
    seen: sheet || ch.channel === 'telegram' ? new Set<string>() : null,
    optedOut: new Set(db.prepare('SELECT address FROM opt_outs WHERE channel = ?').pluck().all(ch.channel) as string[]),
  }));
  const priority = spec.mode === 'priority';
  const { sendable, excluded } = on;
  let recipients = 0;
  const visit = (fields: RecipientFields, contactId: number | null, sheetRow: number | null, row: unknown[]) => {
    recipients += 1;
    let reached = false;
    let r: AudienceRecipient | null = null;
    for (let i = 0; i < channels.length; i++) {
      const pc = channels[i]!;
      const address = pc.column < 0 ? null : (row[pc.column] as string | null);
      let kind: Exclusion | null = null;
      if (!address || (priority && reached)) kind = 'skipped';
      else if (pc.optedOut.has(address)) kind = 'suppressed';
      else if (pc.seen !== null && pc.seen.has(address)) {
        kind = 'duplicates';
        reached = true;
      }
      if (kind !== null) {
        if (excluded) excluded(i, kind, (r ??= { fields, contactId, row: sheetRow }), address);
        continue;
      }
      pc.seen?.add(address!);
      sendable?.(i, fields, address!);
      reached = true;
    }
  };
  if (spec.audience.kind === 'sheet') {
    const rows = db
      .prepare('SELECT row, phone, vars FROM recipient_list_rows WHERE list_id = ? ORDER BY row')
      .raw()
      .iterate(spec.audience.listId) as Iterable<[number, string, string]>;
    // {var1}, {var2}… are all a sheet row has besides its phone: not parsed when the template reads none.
    const parse = needs === null || needs.attributeKeys.length > 0;
    for (const [row, phone, vars] of rows) {
      const attributes: Record<string, string> = {};
      if (parse) (JSON.parse(vars) as string[]).forEach((v, i) => (attributes[`var${i + 1}`] = v));
      visit({ phone, attributes }, null, row, [row, phone]);
    }
  } else {
    const { fields } = projection!;
    eachContact(db, spec, projection!, (c) => visit(fields(c), c[0] as number, null, c));
  }
  return recipients;
}
