import type { Channel } from '../../../shared/domain/channels';
import type { Contact, ConsentRecord, OptOutRecord } from '../../../shared/domain/contact';
import { VestnikError } from '../../../shared/ipc/result';
import type { Db } from '../db/open';
import { addressesFor } from '../../../shared/domain/addresses';
import { CHANNELS } from '../../../shared/domain/channels';

/** Every (channel, address) the contact can be reached at, as JSON for `json_each`. */
function addressPairs(contact: Contact): [Channel, string][] {
  return CHANNELS.flatMap((ch) => addressesFor(contact, ch).map((a): [Channel, string] => [ch, a]));
}

/**
 * Records an opt-out (or its withdrawal) for every address the contact has on the channel: the current
 * state in `opt_outs`, and an entry in the append-only `opt_out_events` ledger.
 */
export function setOptOut(
  db: Db,
  contact: Contact,
  channel: Channel,
  optedOut: boolean,
  reason: string,
  source: string,
  now: string,
): void {
  const addresses = addressesFor(contact, channel);
  if (addresses.length === 0) {
    throw new VestnikError('no_address', `The contact has no address for ${channel}`, channel);
  }
  const upsert = db.prepare(
    `INSERT INTO opt_outs (channel, address, reason, source, at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (channel, address) DO UPDATE SET reason = excluded.reason, source = excluded.source, at = excluded.at`,
  );
  const clear = db.prepare('DELETE FROM opt_outs WHERE channel = ? AND address = ?');
  const log = db.prepare(
    'INSERT INTO opt_out_events (channel, address, opted_out, reason, source, contact_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  for (const address of addresses) {
    if (optedOut) upsert.run(channel, address, reason, source, now);
    else clear.run(channel, address);
    log.run(channel, address, optedOut ? 1 : 0, reason, source, contact.id, now);
  }
}

export function optOutHistory(db: Db, contact: Contact): OptOutRecord[] {
  const pairs = addressPairs(contact);
  if (pairs.length === 0) return [];
  const rows = db
    .prepare(
      `SELECT channel, address, opted_out, reason, source, at FROM opt_out_events
       WHERE (channel, address) IN (SELECT value ->> 0, value ->> 1 FROM json_each(?)) ORDER BY id DESC LIMIT 200`,
    )
    .all(JSON.stringify(pairs)) as {
    channel: Channel;
    address: string;
    opted_out: number;
    reason: string;
    source: string;
    at: string;
  }[];
  return rows.map((r) => ({
    channel: r.channel,
    address: r.address,
    optedOut: r.opted_out === 1,
    reason: r.reason,
    source: r.source,
    at: r.at,
  }));
}

export function addConsent(
  db: Db,
  contact: Contact,
  channel: Channel,
  source: string,
  evidence: string,
  now: string,
): void {
  const addresses = addressesFor(contact, channel);
  if (addresses.length === 0) {
    throw new VestnikError('no_address', `The contact has no address for ${channel}`, channel);
  }
  const insert = db.prepare(
    'INSERT INTO consents (channel, address, contact_id, source, evidence, at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  for (const address of addresses) insert.run(channel, address, contact.id, source, evidence, now);
}

export function listConsents(db: Db, contact: Contact): ConsentRecord[] {
  const pairs = addressPairs(contact);
  if (pairs.length === 0) return [];
  return db
    .prepare(
      `SELECT id, channel, address, source, evidence, at FROM consents
       WHERE (channel, address) IN (SELECT value ->> 0, value ->> 1 FROM json_each(?)) ORDER BY id DESC LIMIT 200`,
    )
    .all(JSON.stringify(pairs)) as ConsentRecord[];
}
