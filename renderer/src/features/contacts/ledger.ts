import type { ConsentRecord, OptOutRecord } from '../../../../shared/domain/contact';
import { formatPhone } from '../../../../shared/domain/phone';

/** One action shown once, with every address it was recorded under. */
export type Entry<T> = T & { addresses: string[] };

/**
 * The core records an opt-out or a consent per address, so one action on a channel with two addresses
 * (Telegram: the phone and the chat id) is two records in a row; the card shows it once, listing both.
 */
function mergeAddresses<T extends { address: string }>(
  records: readonly T[],
  same: (a: T, b: T) => boolean,
): Entry<T>[] {
  const out: Entry<T>[] = [];
  for (const r of records) {
    const prev = out[out.length - 1];
    if (prev && same(prev, r)) prev.addresses.push(r.address);
    else out.push({ ...r, addresses: [r.address] });
  }
  return out;
}

/** Newest first (a stable sort, so same-second records keep the core's order), one entry per action. */
export function historyEntries(records: readonly OptOutRecord[]): Entry<OptOutRecord>[] {
  const sorted = [...records].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return mergeAddresses(
    sorted,
    (a, b) =>
      a.channel === b.channel &&
      a.optedOut === b.optedOut &&
      a.at === b.at &&
      a.reason === b.reason &&
      a.source === b.source,
  );
}

/** The consent ledger as the core lists it (newest first), one entry per recorded consent. */
export function consentEntries(records: readonly ConsentRecord[]): Entry<ConsentRecord>[] {
  return mergeAddresses(
    records,
    (a, b) => a.channel === b.channel && a.at === b.at && a.source === b.source && a.evidence === b.evidence,
  );
}

/** Phones are stored in E.164; people read them grouped. Other addresses (e-mail, tg:…) are shown as they are. */
export function displayAddress(address: string): string {
  return address.startsWith('+') ? formatPhone(address) : address;
}
