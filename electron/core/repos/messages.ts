import type { Message } from '../../../shared/domain/messages';
import type { ErrorClass, MessageStatus } from '../../../shared/domain/providers';
import { VestnikError } from '../../../shared/ipc/result';
import type { Db } from '../db/open';

interface MessageRow {
  id: string;
  account_id: number | null;
  account_name: string;
  channel: Message['channel'];
  recipient: string;
  contact_id: number | null;
  sender: string | null;
  subject: string | null;
  body: string;
  html: string | null;
  status: MessageStatus;
  provider_ids: string;
  provider_code: string | null;
  provider_text: string | null;
  error_class: ErrorClass | null;
  parts: number | null;
  cost: number | null;
  currency: string | null;
  created_at: string;
  send_at: string | null;
  sent_at: string | null;
  status_at: string | null;
}

export interface StoredMessage extends Message {
  html: string | null;
}

function rowToMessage(r: MessageRow): StoredMessage {
  return {
    id: r.id,
    accountId: r.account_id,
    accountName: r.account_name,
    channel: r.channel,
    to: r.recipient,
    contactId: r.contact_id,
    sender: r.sender,
    subject: r.subject,
    text: r.body,
    html: r.html,
    status: r.status,
    providerIds: JSON.parse(r.provider_ids) as string[],
    providerCode: r.provider_code,
    providerText: r.provider_text,
    errorClass: r.error_class,
    parts: r.parts,
    cost: r.cost === null ? null : { amount: r.cost, currency: r.currency ?? '' },
    createdAt: r.created_at,
    sendAt: r.send_at,
    sentAt: r.sent_at,
    statusAt: r.status_at,
  };
}

/** The contract's view: without the HTML body (which can be large). */
export const publicMessage = ({ html: _html, ...m }: StoredMessage): Message => m;

export interface NewMessage {
  id: string;
  accountId: number;
  accountName: string;
  channel: Message['channel'];
  to: string;
  contactId: number | null;
  sender: string | null;
  subject: string | null;
  text: string;
  html: string | null;
  status: 'scheduled' | 'sending';
  createdAt: string;
  sendAt: string | null;
}

export function insertMessage(db: Db, m: NewMessage): void {
  db.prepare(
    `INSERT INTO messages (id, account_id, account_name, channel, recipient, contact_id, sender, subject, body, html, status, created_at, send_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    m.id,
    m.accountId,
    m.accountName,
    m.channel,
    m.to,
    m.contactId,
    m.sender,
    m.subject,
    m.text,
    m.html,
    m.status,
    m.createdAt,
    m.sendAt,
  );
}

export function getMessage(db: Db, id: string): StoredMessage | null {
  const row = db.prepare('SELECT * FROM messages WHERE id = ?').get(id) as MessageRow | undefined;
  return row ? rowToMessage(row) : null;
}

export function requireMessage(db: Db, id: string): StoredMessage {
  const m = getMessage(db, id);
  if (!m) throw new VestnikError('not_found', `Message ${id} not found`);
  return m;
}

export function listMessages(db: Db, limit: number): StoredMessage[] {
  return (
    db.prepare('SELECT * FROM messages ORDER BY created_at DESC, rowid DESC LIMIT ?').all(limit) as MessageRow[]
  ).map(rowToMessage);
}

export interface MessageUpdate {
  status: MessageStatus;
  providerIds?: string[];
  providerCode?: string | null;
  providerText?: string | null;
  errorClass?: ErrorClass | null;
  parts?: number | null;
  cost?: { amount: number; currency: string } | null;
  sentAt?: string | null;
  statusAt: string;
}

/** Moves a message on. A message already delivered or failed is never moved back by a late or repeated report. */
export function updateMessage(db: Db, id: string, u: MessageUpdate): void {
  db.prepare(
    `UPDATE messages SET status = ?,
       provider_ids = coalesce(?, provider_ids), provider_code = ?, provider_text = ?, error_class = ?,
       parts = coalesce(?, parts), cost = coalesce(?, cost), currency = coalesce(?, currency),
       sent_at = coalesce(sent_at, ?), status_at = ?
     WHERE id = ? AND NOT (status IN ('delivered', 'failed') AND ? NOT IN ('delivered', 'failed'))`,
  ).run(
    u.status,
    u.providerIds ? JSON.stringify(u.providerIds) : null,
    u.providerCode ?? null,
    u.providerText ?? null,
    u.errorClass ?? null,
    u.parts ?? null,
    u.cost?.amount ?? null,
    u.cost?.currency ?? null,
    u.sentAt ?? null,
    u.statusAt,
    id,
    u.status,
  );
}

/** Scheduled messages due at `now`, oldest first. */
export function dueMessages(db: Db, now: string): StoredMessage[] {
  return (
    db
      .prepare(`SELECT * FROM messages WHERE status = 'scheduled' AND send_at <= ? ORDER BY send_at`)
      .all(now) as MessageRow[]
  ).map(rowToMessage);
}

export function nextDue(db: Db): string | null {
  return (
    (db.prepare(`SELECT min(send_at) FROM messages WHERE status = 'scheduled'`).pluck().get() as string | null) ?? null
  );
}

/**
 * A message left `sending` by a crash may or may not have reached the provider: it becomes `unknown`, to be
 * checked, never silently resent.
 */
export function settleInterrupted(db: Db, now: string): number {
  return db
    .prepare(
      `UPDATE messages SET status = 'unknown', error_class = 'unknown_outcome', status_at = ?,
         provider_text = 'The app stopped while sending: check the status before sending again'
       WHERE status = 'sending'`,
    )
    .run(now).changes;
}
