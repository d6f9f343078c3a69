import type { CountryCode } from 'libphonenumber-js/min';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BulkContact } from '../repos/contacts-bulk';
import {
  EmptyBaseLoad,
  insertContactsBulk,
  OPTIMIZE_AFTER_ROWS,
  optimizeContactsIndex,
  type SearchIndexFeed,
} from '../repos/contacts-bulk';
import { detachSearchIndex, searchIndexSql } from '../repos/search-index-build';
import type { ColumnTarget, DuplicateMode, RejectedRow } from '../../../shared/domain/import';
import type { Db } from '../db/open';
import { ensureGroup, requireGroup } from '../repos/groups';
import { writeContact, type ContactRecord, type NormalisedFields } from '../repos/contacts';
import { ownCopy, type SheetRow } from './cells';
import type { RowReaderSpec } from './row-reader';
import { NumberSet, StringSet } from './key-sets';
import { ImportError } from './errors';
import { findHeaderRow, proposeMapping } from './mapping';
import { rowToContact } from './rows';

export interface ImportPlanOptions {
  mapping: readonly ColumnTarget[];
  /** Sheet row number of the header; rows up to it are not data. 0 = no header. */
  headerRow: number;
  region: CountryCode;
  duplicates: DuplicateMode;
  /** Put every contact of the file (new, updated or already there) into this group, created if missing. */
  groupName?: string;
  /** …or into this existing group. */
  groupId?: number;
  dryRun: boolean;
  source: string;
  now: string;
  /**
   * At most this many rows a second while the import writes (a dry run is never held back). Tests set it
   * (the web shell's importRowsPerSecond) so that what a person does while an import runs fits in its time.
   */
  maxRowsPerSecond?: number;
}

export interface ImportProgress {
  rows: number;
  elapsedMs: number;
  /** 0..1 when the reader knows how far it is (text files: bytes read), else null. */
  fraction: number | null;
}

export interface ImportSummary {
  rows: number;
  imported: number;
  updated: number;
  duplicates: number;
  blank: number;
  rejected: RejectedRow[];
  groupId: number | null;
}

type Existing = ContactRecord;

const BATCH = 50_000;
/**
 * Into an empty base rows are inserted as they come, in small batches: fewer live objects, and the
 * search-index builder gets work early. Measured at a million rows, 1,024 rows a batch spend 0.8–1.0 s in
 * garbage collection against 1.2–1.5 s with 4,096 (the rows waiting for their batch are what each young
 * collection copies).
 */
const EMPTY_BASE_BATCH = 1024;
/** …except the first: a file that fits it is indexed at the end in the import's thread, without a builder. */
const FIRST_EMPTY_BASE_BATCH = 4096;

export interface ImportHooks {
  signal?: AbortSignal;
  onProgress?: (p: ImportProgress) => void;
  /** How far through the file the reader is, 0..1, when it can tell. */
  position?: () => number | null;
  /**
   * Starts a search-index builder in another thread (import/start-worker.ts), used by a large import into an
   * empty base. Without it, such an import indexes its rows itself at the end.
   */
  searchIndex?: (createSql: string) => SearchIndexFeed & { dispose(): Promise<void> };
  /** Reads a large workbook in another thread (import/row-reader.ts); without it, this thread reads it. */
  rowsInThread?: (spec: RowReaderSpec) => AsyncGenerator<readonly SheetRow[]>;
}

/**
 * Reads the header region of a table and proposes how to import it: the header row (found even under a title
 * and blank rows), the first rows as the file has them, and a target for each column.
 */
export async function inspectRows(rows: AsyncGenerator<SheetRow>, sampleSize = 30, headerRow?: number) {
  const head: SheetRow[] = [];
  for await (const r of rows) {
    head.push(r);
    if (head.length >= sampleSize && (headerRow === undefined || r.row > headerRow + 5)) break;
  }
  await rows.return(undefined);
  // The user's choice of header row wins; 0 means "the file has no header".
  const headerIndex =
    headerRow === undefined ? findHeaderRow(head.map((r) => r.cells)) : head.findIndex((r) => r.row === headerRow);
  const header = headerIndex >= 0 ? head[headerIndex]! : null;
  const data = head.slice(headerIndex + 1).map((r) => r.cells);
  return {
    head,
    headerRow: header?.row ?? 0,
    header: header?.cells ?? null,
    mapping: proposeMapping(header?.cells ?? null, data),
  };
}

/**
 * Imports (or, with dryRun, only counts) the rows of a table in ONE transaction on its own connection:
 * cancel, an error or a crash leaves the base exactly as it was. Duplicates are found within the file and
 * against the base by E.164 phone or e-mail. An import never touches opt-outs or consents.
 */
export async function runImport(
  db: Db,
  batches: AsyncIterable<readonly SheetRow[]>,
  opts: ImportPlanOptions,
  hooks: ImportHooks = {},
): Promise<ImportSummary> {
  const started = Date.now();
  const summary: ImportSummary = {
    rows: 0,
    imported: 0,
    updated: 0,
    duplicates: 0,
    blank: 0,
    rejected: [],
    groupId: null,
  };
  const byPhone = db.prepare('SELECT * FROM contacts WHERE phone = ?');
  const byEmail = db.prepare('SELECT * FROM contacts WHERE email = ?');
  // Numbers and addresses already seen in this file (E.164 digits fit a double exactly), in typed-array sets.
  const seenPhones = new NumberSet();
  const seenEmails = new StringSet();
  const pending: BulkContact[] = [];
  // Every contact of the file, new or already there: kept only when they are to go into a group.
  const touched: number[] = [];
  let lastProgress = 0;
  const pace = opts.maxRowsPerSecond && !opts.dryRun ? paced(started, opts.maxRowsPerSecond, hooks.signal) : undefined;
  // Set by flush (a closure), so kept in an object the type checker does not narrow.
  const bulk: { load: EmptyBaseLoad | null; builder: ReturnType<NonNullable<ImportHooks['searchIndex']>> | null } = {
    load: null,
    builder: null,
  };
  const flush = (final: boolean) => {
    if (pending.length === 0 || opts.dryRun) return;
    let firstId: number;
    if (emptyBase) {
      // A file that fits the first batch is indexed at the end in this thread; a bigger one gets a builder.
      if (!bulk.load) {
        bulk.builder = !final && hooks.searchIndex ? hooks.searchIndex(searchIndexSql(db)) : null;
        bulk.load = new EmptyBaseLoad(db, opts.source, opts.now, bulk.builder);
      }
      firstId = bulk.load.insert(pending);
    } else {
      firstId = insertContactsBulk(db, pending, opts.now, opts.source).firstId;
    }
    if (summary.groupId !== null) for (let i = 0; i < pending.length; i++) touched.push(firstId + i);
    pending.length = 0;
  };

  db.exec(opts.dryRun ? 'BEGIN' : 'BEGIN IMMEDIATE');
  // Into an empty base (a first import, the common big one) nothing can match: no lookups, and the faster
  // load of repos/contacts-bulk.ts. The write lock keeps it empty until the import commits.
  const emptyBase = db.prepare('SELECT NOT EXISTS (SELECT 1 FROM contacts)').pluck().get() === 1;
  try {
    try {
      if (opts.groupId !== undefined) summary.groupId = requireGroup(db, opts.groupId).id;
      else if (opts.groupName && !opts.dryRun) summary.groupId = ensureGroup(db, opts.groupName, opts.now).id;
      for await (const batch of batches) {
        for (const { row, cells } of batch) {
          if (row <= opts.headerRow) continue;
          if (hooks.signal?.aborted) throw new ImportError('cancelled', 'Import cancelled');
          const outcome = rowToContact(cells, opts.mapping, opts.region);
          if (outcome.kind === 'blank') {
            summary.blank += 1;
            continue;
          }
          summary.rows += 1;
          if (outcome.kind === 'rejected') {
            summary.rejected.push({ row, reason: ownCopy(outcome.reason) });
            continue;
          }
          const c = outcome.contact;
          const phoneKey = c.phone ? Number(c.phone.slice(1)) : null;
          if ((phoneKey !== null && seenPhones.has(phoneKey)) || (c.email && seenEmails.has(c.email))) {
            summary.duplicates += 1;
            continue;
          }
          if (phoneKey !== null) seenPhones.add(phoneKey);
          if (c.email) seenEmails.add(c.email);
          const a = c.phone && !emptyBase ? (byPhone.get(c.phone) as Existing | undefined) : undefined;
          const b = c.email && !emptyBase ? (byEmail.get(c.email) as Existing | undefined) : undefined;
          if (a && b && a.id !== b.id) {
            summary.rejected.push({
              row,
              reason: `the phone belongs to contact #${a.id} and the e-mail to contact #${b.id}`,
            });
            continue;
          }
          const existing = a ?? b;
          if (!existing) {
            summary.imported += 1;
            if (!opts.dryRun) pending.push(c);
          } else if (opts.duplicates === 'skip') {
            summary.duplicates += 1;
            if (summary.groupId !== null) touched.push(existing.id);
          } else {
            const changed = merge(db, existing, c, opts.duplicates, opts.now, opts.dryRun);
            if (changed) summary.updated += 1;
            else summary.duplicates += 1;
            if (summary.groupId !== null) touched.push(existing.id);
          }
          if (pending.length >= (!emptyBase ? BATCH : bulk.load ? EMPTY_BASE_BATCH : FIRST_EMPTY_BASE_BATCH)) {
            flush(false);
            if (bulk.builder) await bulk.builder.ready();
          }
          if (summary.rows - lastProgress >= 1000) {
            lastProgress = summary.rows;
            hooks.onProgress?.({
              rows: summary.rows,
              elapsedMs: Date.now() - started,
              fraction: hooks.position?.() ?? null,
            });
            if (pace) await pace(summary.rows);
          }
        }
      }
      if (hooks.signal?.aborted) throw new ImportError('cancelled', 'Import cancelled');
      // Every row is read: the duplicate sets (about 70 MB at a million rows) go before the indexes are built.
      seenPhones.release();
      seenEmails.release();
      flush(true);
      if (bulk.load) await bulk.load.finish();
      else if (!opts.dryRun && summary.imported >= OPTIMIZE_AFTER_ROWS) optimizeContactsIndex(db);
      if (summary.groupId !== null) addAll(db, summary.groupId, touched);
      db.exec(opts.dryRun ? 'ROLLBACK' : 'COMMIT');
    } catch (err) {
      bulk.load?.end();
      if (db.inTransaction) db.exec('ROLLBACK');
      throw err;
    }
  } finally {
    if (bulk.builder) {
      detachSearchIndex(db);
      await bulk.builder.dispose();
    }
  }
  hooks.onProgress?.({ rows: summary.rows, elapsedMs: Date.now() - started, fraction: hooks.position?.() ?? null });
  return summary;
}

function addAll(db: Db, groupId: number, ids: readonly number[]): void {
  const insert = db.prepare('INSERT OR IGNORE INTO contact_groups (group_id, contact_id) VALUES (?, ?)');
  for (const id of ids) insert.run(groupId, id);
}

/** fill: only the contact's empty fields; overwrite: every field the file has a value for. Never clears. */
function merge(db: Db, e: Existing, c: BulkContact, mode: 'fill' | 'overwrite', now: string, dryRun: boolean): boolean {
  const take = (old: string | null, next: string | null | undefined) =>
    next === null || next === undefined || next === ''
      ? old
      : mode === 'overwrite' || old === null || old === ''
        ? next
        : old;
  const attrs = JSON.parse(e.attributes) as Record<string, string>;
  const mergedAttrs: Record<string, string> = { ...attrs };
  for (const [k, v] of Object.entries(c.attributes ?? {})) mergedAttrs[k] = take(attrs[k] ?? null, v) ?? v;
  const next: NormalisedFields = {
    phone: take(e.phone, c.phone),
    email: take(e.email, c.email),
    lastName: take(e.last_name, c.lastName) ?? '',
    firstName: take(e.first_name, c.firstName) ?? '',
    middleName: take(e.middle_name, c.middleName) ?? '',
    telegramChatId: take(e.telegram_chat_id, c.telegramChatId),
    attributes: mergedAttrs,
  };
  const changed =
    next.phone !== e.phone ||
    next.email !== e.email ||
    next.lastName !== e.last_name ||
    next.firstName !== e.first_name ||
    next.middleName !== e.middle_name ||
    next.telegramChatId !== e.telegram_chat_id ||
    JSON.stringify(mergedAttrs) !== e.attributes;
  if (changed && !dryRun) writeContact(db, e.id, next, now);
  return changed;
}

/** Waits until `rows` rows are due at `perSecond` since `started`; a cancel ends the wait. */
function paced(started: number, perSecond: number, signal?: AbortSignal) {
  return async (rows: number) => {
    const wait = started + (rows / perSecond) * 1000 - Date.now();
    // An abort rejects the sleep; the import loop then sees the signal and stops as cancelled.
    if (wait > 0) await sleep(wait, undefined, { signal }).catch(() => undefined);
  };
}
