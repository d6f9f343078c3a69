import type { Match, Target } from '../../shared/domain/contact';
import type { Settings } from '../../shared/ipc/contract';
import type { Handlers } from '../../shared/ipc/dispatch';
import { systemClock, type Clock } from './clock';
import { openDatabase, schemaVersion, type Db } from './db/open';
import { CoreEvents } from './events';
import { ContactListing, type ListFilter } from './repos/contact-list';
import { createContact, removeContacts, requireContact, updateContact } from './repos/contacts';
import {
  addToGroup,
  createGroup,
  removeFromGroup,
  removeGroup,
  renameGroup,
  requireGroup,
  setContactGroups,
  listGroups,
} from './repos/groups';
import { addConsent, listConsents, optOutHistory, setOptOut } from './repos/opt-outs';
import { listSegments, removeSegment, requireSegment, saveSegment } from './repos/segments';
import { getSetting, setSetting } from './repos/settings';
import { VERSION } from './version';
import type { FileRegistry } from './import/files';
import { ImportService } from './import/service';
import { OPTIMIZE_AFTER_ROWS, optimizeContactsIndex } from './repos/contacts-bulk';
import { exportInWorker } from './import/start-worker';
import { Deliveries } from './files/deliveries';
import { LetterViews } from './files/letter-views';
import { randomBytes } from 'node:crypto';
import { ChannelService } from './channels/service';
import { CampaignService } from './campaigns/service';
import { DispatchLoop } from './campaigns/loop';
import { Secrets, type SafeStorageLike } from './secrets/secrets';
import { SheetService } from './campaigns/sheets';
import { contentHandlers } from './campaigns/content-handlers';
import path from 'node:path';

export interface CoreOptions {
  dbPath: string;
  shell: 'electron' | 'web' | 'cli' | 'test';
  clock?: Clock;
  nativeBinding?: string;
  /**
   * Check this often (ms) whether another process (the CLI, a second shell) changed the database, and tell
   * the UI with `db:changed`. The shells that show a UI set it; the CLI does not.
   */
  watchExternalMs?: number;
  /** The shell's file chooser for imports (Electron: the native dialog). */
  pickFile?: () => Promise<string | null>;
  /** The same for a letter's picture. */
  pickPicture?: () => Promise<string | null>;
  /** The shell's save dialog for reports and exports (Electron); without it files go to browser downloads. */
  saveFile?: (suggestedName: string) => Promise<string | null>;
  /** Electron's safeStorage, when the OS has a keychain; otherwise secrets use the passphrase vault. */
  keychain?: SafeStorageLike;
  /** Unlocks the passphrase vault at start (CLI and web shell: VESTNIK_PASSPHRASE). */
  passphrase?: string;
  /** Scheduled sends, Telegram polling and the delivery-report listener run in the background (app shells). */
  background?: boolean;
  /** Provider request time limit (tests use less). */
  providerTimeoutMs?: number;
  /** Tests only: imports that write go no faster than this (so a test's clicks fit while one runs). */
  importRowsPerSecond?: number;
}

/** Every table the UI shows, for a change made outside this process (we cannot tell which). */
const ALL_TABLES = [
  'contacts',
  'contact_groups',
  'groups',
  'segments',
  'opt_outs',
  'consents',
  'settings',
  'accounts',
  'messages',
  'campaigns',
  'outbox',
  'recipient_lists',
];

export interface Core {
  readonly db: Db;
  readonly handlers: CoreHandlers;
  readonly events: CoreEvents;
  /** Files chosen or uploaded for import, by handle (the web shell registers uploads here). */
  readonly files: FileRegistry;
  /** Files written for the user; the web shell serves browser-mode downloads from here. */
  readonly deliveries: Deliveries;
  /** Provider accounts and single sends. */
  readonly channels: ChannelService;
  /** Letters shown with their own CSS; both shells serve them at /letter/<token>. */
  readonly letters: LetterViews;
  close(): void;
}

const DEFAULT_SETTINGS: Settings = { locale: 'ru' };

/** The core's handlers, typed as they are (synchronous today), which satisfy the contract's `Handlers`. */
export type CoreHandlers = ReturnType<typeof buildHandlers> & ReturnType<typeof contentHandlers>;

/**
 * The core behind the contract: plain Node, no Electron. Both shells and the CLI create one and call
 * `handlers` (the web shell and the Electron shell through `createDispatcher`, which validates input first).
 */
export function createCore(opts: CoreOptions): Core {
  const db = openDatabase(opts.dbPath, { nativeBinding: opts.nativeBinding });
  const events = new CoreEvents();
  const deliveries = new Deliveries(
    path.join(path.dirname(opts.dbPath), 'downloads', randomBytes(6).toString('hex')),
    opts.saveFile,
  );
  const imports = new ImportService({
    deliveries,
    locale: () => getSetting(db, 'app', DEFAULT_SETTINGS).locale,
    dbPath: opts.dbPath,
    nativeBinding: opts.nativeBinding,
    clock: opts.clock ?? systemClock,
    events,
    pickFile: opts.pickFile,
    onChanged: () => events.emit('db:changed', { tables: ALL_TABLES }),
    maxRowsPerSecond: opts.importRowsPerSecond,
  });
  const secrets = new Secrets(db, { keychain: opts.keychain, passphrase: opts.passphrase });
  const channels = new ChannelService({
    db,
    secrets,
    clock: opts.clock ?? systemClock,
    events,
    timeoutMs: opts.providerTimeoutMs,
    background: opts.background,
  });
  void channels.startBackground();
  const campaigns = new CampaignService(db, opts.clock ?? systemClock, () => {
    events.emit('db:changed', { tables: ['campaigns', 'outbox'] });
    dispatch?.kick();
  });
  // The app shells send campaigns in the background; the CLI has `vestnik worker` for it.
  const dispatch = opts.background
    ? new DispatchLoop({
        dbPath: opts.dbPath,
        nativeBinding: opts.nativeBinding,
        clock: opts.clock ?? systemClock,
        provider: (accountId) => channels.providerFor(accountId),
        onChange: () => events.emit('db:changed', { tables: ['campaigns', 'outbox'] }),
      })
    : null;
  dispatch?.start();
  const sheets = new SheetService(db, imports.files, opts.clock ?? systemClock);
  const letters = new LetterViews();
  const handlers = {
    ...buildHandlers(db, events, imports, deliveries, opts, channels, secrets, campaigns),
    ...contentHandlers(imports.files, letters, db, campaigns, sheets, opts.pickPicture, () =>
      events.emit('db:changed', { tables: ['recipient_lists'] }),
    ),
  } satisfies Handlers;
  // PRAGMA data_version changes only when another connection commits: a cheap, exact signal.
  let seen = db.pragma('data_version', { simple: true }) as number;
  const timer =
    opts.watchExternalMs === undefined
      ? null
      : setInterval(() => {
          if (!db.open) return;
          const now = db.pragma('data_version', { simple: true }) as number;
          if (now !== seen) {
            seen = now;
            events.emit('db:changed', { tables: ALL_TABLES });
          }
        }, opts.watchExternalMs);
  timer?.unref();
  return {
    db,
    events,
    handlers,
    files: imports.files,
    deliveries,
    letters,
    channels,
    close: () => {
      dispatch?.stop();
      channels.close();
      deliveries.clear();
      if (timer) clearInterval(timer);
      if (db.open) db.close();
    },
  };
}

function buildHandlers(
  db: Db,
  events: CoreEvents,
  imports: ImportService,
  deliveries: Deliveries,
  opts: CoreOptions,
  channels: ChannelService,
  secrets: Secrets,
  campaigns: CampaignService,
) {
  const clock = opts.clock ?? systemClock;
  const now = () => clock.now().toISOString();

  // Counts, search results and scroll anchors only change when the base does.
  const listing = new ContactListing(db);
  // Every change — ours, an import worker's, another process's (see watchExternalMs) — makes the cached
  // counts and anchors stale.
  events.on('db:changed', () => listing.invalidate());
  const changed = (...tables: string[]) => events.emit('db:changed', { tables });
  const tx = <T>(fn: () => T): T => db.transaction(fn)();

  const filterOf = (q: Match): ListFilter => {
    const segment = q.segmentId ? requireSegment(db, q.segmentId).filter : {};
    return { ...segment, query: [segment.query, q.query].filter(Boolean).join(' ') || undefined, groupId: q.groupId };
  };

  /** Resolves a bulk-action target to ids: the ticked rows, or everything matching minus the unticked. */
  const idsOf = (t: Target): number[] => {
    if ('ids' in t) return t.ids;
    const except = new Set(t.except ?? []);
    return listing.allIds(filterOf(t.match)).filter((id) => !except.has(id));
  };

  const details = (id: number) => {
    const contact = requireContact(db, id);
    return { contact, optOutHistory: optOutHistory(db, contact), consents: listConsents(db, contact) };
  };

  return {
    'app:info': () => ({ name: 'Vestnik', version: VERSION, schemaVersion: schemaVersion(db), shell: opts.shell }),
    'settings:get': () => getSetting(db, 'app', DEFAULT_SETTINGS),
    'settings:set': (patch) => {
      const next = { ...getSetting(db, 'app', DEFAULT_SETTINGS), ...patch };
      setSetting(db, 'app', next);
      changed('settings');
      return next;
    },

    'contacts:list': (q) => listing.page(filterOf(q), q.offset, q.limit),
    'contacts:get': ({ id }) => details(id),
    'contacts:create': (input) => {
      const id = tx(() => {
        const newId = createContact(db, input, now());
        if (input.groupIds) setContactGroups(db, newId, input.groupIds);
        return newId;
      });
      changed('contacts', 'contact_groups');
      return requireContact(db, id);
    },
    'contacts:update': ({ id, patch }) => {
      tx(() => {
        updateContact(db, id, patch, now());
        if (patch.groupIds) setContactGroups(db, id, patch.groupIds);
      });
      changed('contacts', 'contact_groups');
      return requireContact(db, id);
    },
    'contacts:remove': ({ target }) => {
      const removed = tx(() => removeContacts(db, idsOf(target)));
      // Deleted rows stay in the search index as tombstones until merged; after a big delete, merge now.
      if (removed >= OPTIMIZE_AFTER_ROWS) optimizeContactsIndex(db);
      changed('contacts', 'contact_groups');
      return { removed };
    },
    'contacts:set-opt-out': ({ id, channel, optedOut, reason }) => {
      tx(() => setOptOut(db, requireContact(db, id), channel, optedOut, reason.trim(), `${opts.shell}:manual`, now()));
      changed('opt_outs');
      return requireContact(db, id);
    },
    'contacts:add-consent': ({ id, channel, source, evidence }) => {
      tx(() => addConsent(db, requireContact(db, id), channel, source, evidence, now()));
      changed('consents');
      return details(id);
    },

    'groups:list': () => listGroups(db),
    'groups:create': ({ name }) => {
      const g = createGroup(db, name, now());
      changed('groups');
      return g;
    },
    'groups:rename': ({ id, name }) => {
      const g = renameGroup(db, id, name);
      changed('groups');
      return g;
    },
    'groups:remove': ({ id }) => {
      const removed = removeGroup(db, id);
      changed('groups', 'contact_groups');
      return { removed };
    },
    'groups:add-contacts': ({ groupId, target }) => {
      const added = tx(() => addToGroup(db, groupId, idsOf(target)));
      changed('contact_groups');
      return { added };
    },
    'groups:remove-contacts': ({ groupId, target }) => {
      requireGroup(db, groupId);
      const removed = tx(() => removeFromGroup(db, groupId, idsOf(target)));
      changed('contact_groups');
      return { removed };
    },

    'files:pick-import': () => imports.pick(),
    'import:preview': (input) => imports.preview(input),
    'import:start': (input) => imports.start(input, `${opts.shell}-import`),
    'jobs:list': () => imports.list(),
    'jobs:cancel': ({ jobId }) => imports.cancel(jobId),
    'import:report': ({ jobId }) => imports.report(jobId),
    'contacts:export': ({ match, format, encoding }) => {
      const filter = filterOf(match);
      const scope = match.segmentId
        ? requireSegment(db, match.segmentId).name
        : match.groupId
          ? requireGroup(db, match.groupId).name
          : 'База';
      const name = `${scope.replace(/[\\/:*?"<>|]/g, '_')} ${now().slice(0, 10)}.${format}`;
      return deliveries.deliver(name, (file) =>
        exportInWorker({ dbPath: opts.dbPath, nativeBinding: opts.nativeBinding, filter, file, format, encoding }),
      );
    },

    'segments:list': () => listSegments(db),
    'segments:save': (input) => {
      const s = saveSegment(db, input, now());
      changed('segments');
      return s;
    },
    'segments:remove': ({ id }) => {
      const removed = removeSegment(db, id);
      changed('segments');
      return { removed };
    },

    'accounts:list': () => channels.list(),
    'accounts:save': ({ id, account }) => channels.save(account, id),
    'accounts:remove': ({ id }) => channels.remove(id),
    'accounts:set-default': ({ id }) => channels.setDefault(id),
    'accounts:check': ({ id }) => channels.check(id),
    'accounts:balance': ({ id }) => channels.balance(id),
    'accounts:senders': ({ id }) => channels.senders(id),
    'accounts:templates': ({ id, offset, limit }) => channels.templates(id, offset, limit),
    'messages:send': (input) => channels.send(input),
    'messages:estimate': ({ accountId, text, to }) => channels.estimate(accountId, text, to),
    'messages:status': ({ id }) => channels.refresh(id),
    'messages:list': ({ limit }) => channels.messages(limit),
    'campaigns:list': () => campaigns.list(),
    'campaigns:create': (input) => campaigns.create(input),
    'campaigns:get': ({ id }) => campaigns.status(id),
    'campaigns:launch': ({ id }) => campaigns.launch(id),
    'campaigns:pause': ({ id }) => campaigns.pause(id),
    'campaigns:resume': ({ id }) => campaigns.resume(id),
    'campaigns:cancel': ({ id }) => campaigns.cancel(id),
    'campaigns:skip': ({ id }) => campaigns.skip(id),
    'campaigns:messages': ({ id, ...q }) => campaigns.messages(id, q),
    'campaigns:excluded': ({ id, ...q }) => campaigns.excluded(id, q),
    'campaigns:resend': ({ id, which }) => campaigns.resend(id, which),
    'campaigns:preview': ({ id }) => campaigns.preview(id, (accountId) => channels.providerFor(accountId)),
    'secrets:status': () => secrets.status(),
    'secrets:unlock': async ({ passphrase }) => {
      const state = secrets.unlock(passphrase);
      await channels.startBackground();
      return state;
    },
  } satisfies Partial<Handlers>;
}
