import type { CampaignSpec } from '../../../shared/domain/campaigns';
import type { Channel } from '../../../shared/domain/channels';
import { CampaignPreviewer } from '../../../shared/domain/cost-preview';
import type { Money } from '../../../shared/domain/providers';
import { countSms } from '../../../shared/domain/sms';
import { localDate, mustCompile, render, type RecipientFields } from '../../../shared/domain/template';
import type { Db } from '../db/open';
import { requireAccount } from '../repos/accounts';
import { ContactListing } from '../repos/contact-list';
import { requireSegment } from '../repos/segments';
import type { Provider } from '../channels/types';
import { recipientFields, type ContactRowLite } from './recipients';

/**
 * The cost preview before launch: who gets what after opt-outs, missing or invalid addresses and duplicates,
 * the parts of every personalised message (a value can switch a message to UCS-2), the price per part from
 * the provider's cost API or the account's tariff, the balance now and after, and warnings. Reads the audience
 * straight from the database in one pass (a million contacts in a few seconds, see test/bench/preview.bench.ts).
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
    seen: new Set<string>(),
    previewer: new CampaignPreviewer(template, { channel: ch.channel, today }),
    counts: { sendable: 0, suppressed: 0, skipped: 0, duplicates: 0 },
  }));

  const recipients = walkAudience(db, spec, {
    sendable: (i, r, address) => {
      const pc = perChannel[i]!;
      pc.seen.add(address);
      pc.counts.sendable += 1;
      pc.previewer.add(r);
    },
    excluded: (i, kind) => void (perChannel[i]!.counts[kind] += 1),
  });

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
      const addresses = [...pc.seen];
      const to = addresses[sample.index] ?? addresses[0];
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

function* audienceContacts(db: Db, spec: CampaignSpec): Generator<ContactRowLite> {
  const a = spec.audience;
  const page = 5000;
  if (a.kind === 'all' || a.kind === 'group') {
    const sql =
      a.kind === 'all'
        ? 'SELECT * FROM contacts WHERE id > ? ORDER BY id LIMIT ?'
        : 'SELECT c.* FROM contact_groups g JOIN contacts c ON c.id = g.contact_id WHERE g.group_id = ? AND g.contact_id > ? ORDER BY g.contact_id LIMIT ?';
    const stmt = db.prepare(sql);
    let last = 0;
    for (;;) {
      const rows = (a.kind === 'all' ? stmt.all(last, page) : stmt.all(a.groupId, last, page)) as ContactRowLite[];
      yield* rows;
      if (rows.length < page) return;
      last = rows[rows.length - 1]!.id;
    }
  }
  const ids =
    a.kind === 'contacts'
      ? [...new Set(a.ids)].sort((x, y) => x - y)
      : a.kind === 'segment'
        ? new ContactListing(db).allIds(requireSegment(db, a.segmentId).filter)
        : [];
  const one = db.prepare('SELECT * FROM contacts WHERE id = ?');
  for (const id of ids) {
    const c = one.get(id) as ContactRowLite | undefined;
    if (c) yield c;
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
 */
export function walkAudience(
  db: Db,
  spec: CampaignSpec,
  on: {
    sendable?: (channel: number, r: RecipientFields, address: string) => void;
    excluded?: (channel: number, kind: Exclusion, r: AudienceRecipient, address: string | null) => void;
  },
): number {
  const channels = spec.channels.map((ch) => ({
    channel: ch.channel,
    seen: new Set<string>(),
    optedOut: new Set(db.prepare('SELECT address FROM opt_outs WHERE channel = ?').pluck().all(ch.channel) as string[]),
  }));
  let recipients = 0;
  const visit = (r: AudienceRecipient, addresses: Record<Channel, string | null>) => {
    recipients += 1;
    let reached = false;
    for (let i = 0; i < channels.length; i++) {
      const pc = channels[i]!;
      const address = addresses[pc.channel];
      let kind: Exclusion | null = null;
      if (!address || (spec.mode === 'priority' && reached)) kind = 'skipped';
      else if (pc.optedOut.has(address)) kind = 'suppressed';
      else if (pc.seen.has(address)) {
        kind = 'duplicates';
        reached = true;
      }
      if (kind !== null) {
        on.excluded?.(i, kind, r, address);
        continue;
      }
      pc.seen.add(address!);
      on.sendable?.(i, r.fields, address!);
      reached = true;
    }
  };
  if (spec.audience.kind === 'sheet') {
    const rows = db
      .prepare('SELECT row, phone, vars FROM recipient_list_rows WHERE list_id = ? ORDER BY row')
      .all(spec.audience.listId) as { row: number; phone: string; vars: string }[];
    for (const s of rows) {
      const attributes: Record<string, string> = {};
      (JSON.parse(s.vars) as string[]).forEach((v, i) => (attributes[`var${i + 1}`] = v));
      visit(
        { fields: { phone: s.phone, attributes }, contactId: null, row: s.row },
        { sms: s.phone, whatsapp: s.phone, email: null, telegram: null },
      );
    }
  } else {
    for (const c of audienceContacts(db, spec)) {
      visit(
        { fields: recipientFields(c), contactId: c.id, row: null },
        { sms: c.phone, whatsapp: c.phone, email: c.email, telegram: c.telegram_chat_id },
      );
    }
  }
  return recipients;
}
