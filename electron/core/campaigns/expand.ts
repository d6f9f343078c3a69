import type { CampaignSpec } from '../../../shared/domain/campaigns';
import type { Channel } from '../../../shared/domain/channels';
import { phoneTimeZone } from '../../../shared/domain/phone-timezone';
import { bindTemplate, localDate, mustCompile, type RecipientFields } from '../../../shared/domain/template';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/open';
import { ContactListing } from '../repos/contact-list';
import { requireSegment } from '../repos/segments';
import type { CampaignRow } from '../repos/campaigns';
import { contentTemplates, snapshotFor } from './content';
import { recipientFields, sheetRecipient, type ContactRowLite } from './recipients';

/**
 * Expands a campaign into its outbox: one row per recipient and channel, the message rendered for that
 * recipient. Opted-out addresses become `suppressed` rows and recipients without a usable address `skipped`
 * rows, so the counts can be shown and listed. Runs in chunks, each one transaction that also moves the
 * campaign's `expanded_through` cursor: a crash mid-expansion resumes where it stopped, and the outbox's
 * UNIQUE (campaign, run, channel, address) makes a repeated chunk add nothing.
 */

const CHUNK = 2000;
/** Outbox rows per INSERT statement, and the values of one. */
const INSERT_ROWS = 50;
const INSERT_COLUMNS = 13;

export interface ExpandOptions {
  /** The campaign's time zone for {today}. */
  timeZone: string;
  now: Date;
}

/** Expands the next chunk; returns true when the audience is exhausted (the campaign can run). */
export function expandChunk(db: Db, c: CampaignRow, o: ExpandOptions): boolean {
  const spec = c.spec;
  const today = localDate(o.now, o.timeZone);
  const render = bindTemplate(mustCompile(spec.text), { today });
  const subject = spec.subject ? bindTemplate(mustCompile(spec.subject), { today }) : null;
  // The letter's HTML and WhatsApp's template variables are rendered when each row is sent, from the values
  // kept in `vars` now (./content.ts says why).
  const content = contentTemplates(spec);
  const now = o.now.toISOString();
  // Rows are inserted INSERT_ROWS at a time, one statement for them all (the rest one by one at the end of the
  // chunk): about half the cost of a statement per row. OR IGNORE still applies row by row, in order.
  const insertSql = (rows: number) =>
    `INSERT OR IGNORE INTO outbox (campaign_id, run, contact_id, channel, account_id, address, body, subject, vars,
       time_zone, state, not_before, updated_at)
     VALUES ${Array.from({ length: rows }, () => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`;
  const insertOne = db.prepare(insertSql(1));
  let insertMany: Statement | undefined;
  const pending: unknown[] = [];
  const flush = () => {
    if (pending.length === INSERT_ROWS * INSERT_COLUMNS)
      (insertMany ??= db.prepare(insertSql(INSERT_ROWS))).run(pending);
    else for (let i = 0; i < pending.length; i += INSERT_COLUMNS) insertOne.run(pending.slice(i, i + INSERT_COLUMNS));
    pending.length = 0;
  };
  const optedOut = db.prepare('SELECT 1 FROM opt_outs WHERE channel = ? AND address = ?').pluck();
  const run = Math.max(1, c.run);

  const add = (
    contactId: number | null,
    r: RecipientFields,
    addresses: Partial<Record<Channel, string | null>>,
    notBefore: string | null,
  ) => {
    const body = render(r);
    const subj = subject ? subject(r) : null;
    const rows: { channel: Channel; accountId: number; address: string; state: 'queued' | 'suppressed' | 'skipped' }[] =
      [];
    for (const ch of spec.channels) {
      const address = addresses[ch.channel] ?? null;
      const state = !address ? 'skipped' : optedOut.get(ch.channel, address) ? 'suppressed' : 'queued';
      rows.push({
        channel: ch.channel,
        accountId: ch.accountId,
        address: address ?? `#contact:${contactId ?? '-'}`,
        state,
      });
    }
    // Priority: the first channel the recipient can receive; if none, one row saying why not.
    const chosen =
      spec.mode === 'all'
        ? rows
        : [rows.find((x) => x.state === 'queued') ?? rows.find((x) => x.state === 'suppressed') ?? rows[0]!];
    for (const x of chosen) {
      const zone =
        (x.channel === 'sms' || x.channel === 'whatsapp') && x.state === 'queued' ? phoneTimeZone(x.address) : null;
      const vars = x.state === 'queued' ? snapshotFor(content, x.channel, r, today) : null;
      pending.push(
        c.id,
        run,
        contactId,
        x.channel,
        x.accountId,
        x.address,
        body,
        subj,
        vars,
        zone,
        x.state,
        notBefore,
        now,
      );
      if (pending.length === INSERT_ROWS * INSERT_COLUMNS) flush();
    }
  };

  return db.transaction(() => {
    let last = c.expandedThrough;
    let done: boolean;
    if (spec.audience.kind === 'sheet') {
      const rows = db
        .prepare(
          `SELECT row, phone, send_at, vars FROM recipient_list_rows WHERE list_id = ? AND row > ? ORDER BY row LIMIT ?`,
        )
        .all(spec.audience.listId, last, CHUNK) as {
        row: number;
        phone: string;
        send_at: string | null;
        vars: string;
      }[];
      const byPhone = db.prepare('SELECT * FROM contacts WHERE phone = ?');
      for (const s of rows) {
        const contact = byPhone.get(s.phone) as ContactRowLite | undefined;
        add(contact?.id ?? null, sheetRecipient(contact, s), { sms: s.phone, whatsapp: s.phone }, s.send_at);
        last = s.row;
      }
      done = rows.length < CHUNK;
    } else {
      const ids = nextIds(db, spec, last, CHUNK);
      // The chunk's contacts in one statement, not one lookup per id; read as arrays and made into objects here
      // (cheaper than better-sqlite3's row objects).
      const contacts = new Map<number, ContactRowLite>();
      const select = db
        .prepare(
          `SELECT id, phone, email, last_name, first_name, middle_name, telegram_chat_id, attributes
           FROM contacts WHERE id IN (SELECT value FROM json_each(?))`,
        )
        .raw();
      for (const r of select.all(JSON.stringify(ids)) as ContactTuple[]) {
        contacts.set(r[0], {
          id: r[0],
          phone: r[1],
          email: r[2],
          last_name: r[3],
          first_name: r[4],
          middle_name: r[5],
          telegram_chat_id: r[6],
          attributes: r[7],
        });
      }
      for (const id of ids) {
        const contact = contacts.get(id);
        if (contact) {
          add(
            contact.id,
            recipientFields(contact),
            {
              sms: contact.phone,
              whatsapp: contact.phone,
              email: contact.email,
              telegram: contact.telegram_chat_id,
            },
            null,
          );
        }
        last = id;
      }
      done = ids.length < CHUNK;
    }
    flush();
    db.prepare('UPDATE campaigns SET expanded_through = ? WHERE id = ?').run(last, c.id);
    return done;
  })();
}

type ContactTuple = [number, string | null, string | null, string, string, string, string | null, string];

/** The next `limit` contact ids of the audience after `after`, in id order. */
function nextIds(db: Db, spec: CampaignSpec, after: number, limit: number): number[] {
  const a = spec.audience;
  switch (a.kind) {
    case 'contacts':
      return [...new Set(a.ids)]
        .sort((x, y) => x - y)
        .filter((id) => id > after)
        .slice(0, limit);
    case 'all':
      return db
        .prepare('SELECT id FROM contacts WHERE id > ? ORDER BY id LIMIT ?')
        .pluck()
        .all(after, limit) as number[];
    case 'group':
      return db
        .prepare(
          'SELECT contact_id FROM contact_groups WHERE group_id = ? AND contact_id > ? ORDER BY contact_id LIMIT ?',
        )
        .pluck()
        .all(a.groupId, after, limit) as number[];
    case 'segment':
      // A saved search: resolved once per chunk (segments are filters over the base, usually small).
      return new ContactListing(db)
        .allIds(requireSegment(db, a.segmentId).filter)
        .filter((id) => id > after)
        .slice(0, limit);
    case 'sheet':
      return [];
  }
}
