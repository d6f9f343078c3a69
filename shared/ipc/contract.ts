import { z } from 'zod';
import { channelSchema } from '../domain/channels';
import {
  LIMITS,
  contactDetailsSchema,
  contactInputSchema,
  contactSchema,
  groupSchema,
  listQuerySchema,
  listResultSchema,
  segmentFilterSchema,
  segmentSchema,
  targetSchema,
} from '../domain/contact';
import {
  deliverySchema,
  exportRequestSchema,
  delimiterSchema,
  fileRefSchema,
  handleSchema,
  importPreviewSchema,
  importSettingsSchema,
  jobProgressSchema,
} from '../domain/import';
import { messageSchema, sendInputSchema } from '../domain/messages';
import {
  campaignCostPreviewSchema,
  campaignCreateSchema,
  campaignMessageSchema,
  campaignStatusSchema,
  OUTBOX_STATES,
} from '../domain/campaigns';
import { accountInputSchema, accountSchema, checkResultSchema, moneySchema } from '../domain/providers';
import { cidSchema, pictureSchema, PICTURES_MAX_COUNT } from '../domain/pictures';
import { listRowSchema, recipientListSchema, sheetCheckSchema } from '../domain/sheets';

/**
 * The one contract between the UI and the core. Each channel is `domain:verb` with a zod input and output
 * schema. The Electron shell binds it to IPC, the web shell to `POST /api/<channel>`; both go through
 * `createDispatcher` (./dispatch.ts), which validates input before the core ever sees it.
 *
 * Security contract: no channel takes a filesystem path, raw SQL, a URL to open or a channel name.
 */
const id = z.int().positive();
const none = z.strictObject({}).optional();
const groupName = z.string().trim().min(1).max(LIMITS.groupName);

export const localeSchema = z.enum(['ru', 'en']);
export type Locale = z.infer<typeof localeSchema>;

export const appInfoSchema = z.strictObject({
  name: z.string(),
  version: z.string(),
  schemaVersion: z.int(),
  shell: z.enum(['electron', 'web', 'cli', 'test']),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

const templateSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  language: z.string().optional(),
  status: z.string().optional(),
  body: z.string(),
  variables: z.int(),
});

export const secretsStateSchema = z.strictObject({
  kind: z.enum(['os-keychain', 'passphrase']),
  state: z.enum(['unlocked', 'locked', 'new']),
});
export type SecretsStatus = z.infer<typeof secretsStateSchema>;

export const settingsSchema = z.strictObject({ locale: localeSchema });
export type Settings = z.infer<typeof settingsSchema>;

export const contract = {
  'app:info': { input: none, output: appInfoSchema },
  'settings:get': { input: none, output: settingsSchema },
  'settings:set': { input: settingsSchema.partial().strict(), output: settingsSchema },

  'contacts:list': { input: listQuerySchema, output: listResultSchema },
  'contacts:get': { input: z.strictObject({ id }), output: contactDetailsSchema },
  'contacts:create': { input: contactInputSchema, output: contactSchema },
  'contacts:update': {
    input: z.strictObject({ id, patch: contactInputSchema }),
    output: contactSchema,
  },
  'contacts:remove': { input: z.strictObject({ target: targetSchema }), output: z.strictObject({ removed: z.int() }) },
  'contacts:set-opt-out': {
    input: z.strictObject({
      id,
      channel: channelSchema,
      optedOut: z.boolean(),
      reason: z.string().max(LIMITS.reason).default(''),
    }),
    output: contactSchema,
  },
  'contacts:add-consent': {
    input: z.strictObject({
      id,
      channel: channelSchema,
      source: z.string().trim().min(1).max(LIMITS.reason),
      evidence: z.string().max(LIMITS.reason).default(''),
    }),
    output: contactDetailsSchema,
  },

  'groups:list': { input: none, output: z.array(groupSchema) },
  'groups:create': { input: z.strictObject({ name: groupName }), output: groupSchema },
  'groups:rename': { input: z.strictObject({ id, name: groupName }), output: groupSchema },
  'groups:remove': { input: z.strictObject({ id }), output: z.strictObject({ removed: z.boolean() }) },
  'groups:add-contacts': {
    input: z.strictObject({ groupId: id, target: targetSchema }),
    output: z.strictObject({ added: z.int() }),
  },
  'groups:remove-contacts': {
    input: z.strictObject({ groupId: id, target: targetSchema }),
    output: z.strictObject({ removed: z.int() }),
  },

  /** Electron: the native open dialog; browser mode uploads instead (POST /upload) and gets the same ref. */
  'files:pick-import': { input: none, output: fileRefSchema.nullable() },
  /** The same for a letter's picture (the dialog offers pictures). */
  'files:pick-picture': { input: none, output: fileRefSchema.nullable() },
  'import:preview': {
    input: z.strictObject({
      handle: handleSchema,
      sheet: z.string().max(200).optional(),
      delimiter: delimiterSchema.optional(),
      /** The user's choice of header row (sheet row number, 0 = none): the mapping is proposed from it. */
      headerRow: z.int().min(0).max(1_000_000).optional(),
    }),
    output: importPreviewSchema,
  },
  /** Starts a dry run or the import in a worker; progress and the result arrive as `jobs:progress`. */
  'import:start': { input: importSettingsSchema, output: z.strictObject({ jobId: z.string() }) },
  /** Saves the rejected rows of a finished import (or dry run) as XLSX. */
  'import:report': { input: z.strictObject({ jobId: z.string().max(64) }), output: deliverySchema },
  /** The base, a group, a segment or a search, as XLSX or CSV. */
  'contacts:export': { input: exportRequestSchema, output: deliverySchema },
  'jobs:list': { input: none, output: z.array(jobProgressSchema) },
  'jobs:cancel': {
    input: z.strictObject({ jobId: z.string().max(64) }),
    output: z.strictObject({ cancelled: z.boolean() }),
  },

  'segments:list': { input: none, output: z.array(segmentSchema) },
  'segments:save': {
    input: z.strictObject({ id: id.optional(), name: groupName, filter: segmentFilterSchema }),
    output: segmentSchema,
  },
  'segments:remove': { input: z.strictObject({ id }), output: z.strictObject({ removed: z.boolean() }) },

  /** Provider accounts. Secrets are write-only: the UI sends them, and only ever learns which are set. */
  'accounts:list': { input: none, output: z.array(accountSchema) },
  /** Creates (no id) or changes an account, then checks it live with the provider. */
  'accounts:save': {
    input: z.strictObject({ id: id.optional(), account: accountInputSchema }),
    output: z.strictObject({ account: accountSchema, check: checkResultSchema }),
  },
  'accounts:remove': { input: z.strictObject({ id }), output: z.strictObject({ removed: z.boolean() }) },
  'accounts:set-default': { input: z.strictObject({ id }), output: accountSchema },
  'accounts:check': { input: z.strictObject({ id }), output: checkResultSchema },
  'accounts:balance': {
    input: z.strictObject({ id }),
    output: z.strictObject({ balance: moneySchema.nullable(), message: z.string() }),
  },
  'accounts:senders': {
    input: z.strictObject({ id }),
    output: z.strictObject({ senders: z.array(z.string()).nullable(), message: z.string() }),
  },
  'accounts:templates': {
    input: z.strictObject({ id, offset: z.int().min(0).max(100_000), limit: z.int().min(1).max(100) }),
    output: z.strictObject({ items: z.array(templateSchema), total: z.int().nullable() }),
  },

  /** A single message: the test send, or Send on a contact card. */
  'messages:send': { input: sendInputSchema, output: messageSchema },
  /** What one message would cost: the provider's cost API, or the account's tariff, or nothing. */
  'messages:estimate': {
    input: z.strictObject({ accountId: id, text: z.string().min(1).max(10_000), to: z.string().max(320).optional() }),
    output: z.strictObject({
      parts: z.int(),
      encoding: z.enum(['gsm7', 'ucs2']).nullable(),
      cost: moneySchema.nullable(),
      source: z.enum(['provider', 'tariff', 'none']),
    }),
  },
  /** Asks the provider where a message is now. */
  'messages:status': { input: z.strictObject({ id: z.string().max(64) }), output: messageSchema },
  'messages:list': {
    input: z.strictObject({ limit: z.int().min(1).max(200).default(20) }),
    output: z.array(messageSchema),
  },

  /** Campaigns (рассылки): created as drafts, launched now or at their time, sent by the dispatcher. */
  'campaigns:list': { input: none, output: z.array(campaignStatusSchema) },
  'campaigns:create': { input: campaignCreateSchema, output: campaignStatusSchema },
  'campaigns:get': { input: z.strictObject({ id }), output: campaignStatusSchema },
  'campaigns:launch': { input: z.strictObject({ id }), output: campaignStatusSchema },
  'campaigns:pause': { input: z.strictObject({ id }), output: campaignStatusSchema },
  'campaigns:resume': { input: z.strictObject({ id }), output: campaignStatusSchema },
  'campaigns:cancel': { input: z.strictObject({ id }), output: campaignStatusSchema },
  /** A recurring campaign's missed run is let go; the campaign waits for its next run. */
  'campaigns:skip': { input: z.strictObject({ id }), output: campaignStatusSchema },
  /** The cost preview before launch: counts after opt-outs, missing addresses and duplicates; parts; cost; balance. */
  'campaigns:preview': { input: z.strictObject({ id }), output: campaignCostPreviewSchema },
  /** The exact message one contact — or one row of the campaign's sheet — would get. */
  'campaigns:render': {
    input: z.strictObject({ id, contactId: id.optional(), row: id.optional() }),
    output: z.strictObject({
      text: z.string(),
      subject: z.string().nullable(),
      parts: z.int(),
      encoding: z.enum(['gsm7', 'ucs2']),
      /** The letter's HTML for this recipient (values escaped); its pictures come from campaigns:pictures. */
      html: z.string().nullable(),
      whatsapp: z
        .strictObject({
          name: z.string(),
          language: z.string(),
          variables: z.array(z.string()),
          body: z.string().nullable(),
        })
        .nullable(),
      /** A sheet row: its number and its own send time. */
      row: z.int().nullable(),
      sendAt: z.string().nullable(),
    }),
  },
  /** A picture for the letter being composed (chosen or uploaded, by handle): checked by its bytes, kept. */
  'campaigns:picture-add': {
    input: z.strictObject({ handle: handleSchema, taken: z.array(cidSchema).max(PICTURES_MAX_COUNT).default([]) }),
    output: pictureSchema,
  },
  /**
   * A personalised letter to show with its own CSS: kept for a while by the core and served by the shell at the
   * returned path, under a policy of its own (electron/core/files/letter-views.ts). `pictures`: the ids of the
   * pictures it shows as cid:…; `remote`: how many pictures it would take from the network (not shown).
   */
  'campaigns:letter-view': {
    input: z.strictObject({
      html: z.string().max(600_000),
      pictures: z.array(id).max(PICTURES_MAX_COUNT).default([]),
    }),
    output: z.strictObject({ path: z.string(), remote: z.int() }),
  },
  /** A campaign's pictures with their bytes (data: URLs), for its previews. */
  'campaigns:pictures': { input: z.strictObject({ id }), output: z.array(pictureSchema) },
  /** The per-recipient record: every message of the current run with its state and the provider's words. */
  'campaigns:messages': {
    input: z.strictObject({
      id,
      state: z.enum(OUTBOX_STATES).optional(),
      search: z.string().max(100).optional(),
      offset: z.int().min(0),
      limit: z.int().min(1).max(500),
    }),
    output: z.strictObject({ total: z.int(), rows: z.array(campaignMessageSchema) }),
  },
  /** Before launch: who the cost preview leaves out on a channel (its index in the campaign), and why. */
  'campaigns:excluded': {
    input: z.strictObject({
      id,
      channel: z.int().min(0).max(3),
      kind: z.enum(['suppressed', 'skipped', 'duplicates']),
      offset: z.int().min(0),
      limit: z.int().min(1).max(500),
    }),
    output: z.strictObject({
      total: z.int(),
      rows: z.array(
        z.strictObject({
          contactId: z.int().nullable(),
          row: z.int().nullable(),
          name: z.string(),
          address: z.string().nullable(),
        }),
      ),
    }),
  },
  /** Campaign sheets (number; send time; var1…) saved as recipient lists: a campaign's audience. */
  'sheets:list': { input: none, output: z.array(recipientListSchema) },
  /** Checks a chosen or uploaded sheet: valid rows, every bad row by number and why, repeated numbers. */
  'sheets:check': { input: z.strictObject({ handle: handleSchema }), output: sheetCheckSchema },
  'sheets:save': {
    input: z.strictObject({ handle: handleSchema, name: z.string().trim().min(1).max(200) }),
    output: z.strictObject({ list: recipientListSchema, check: sheetCheckSchema }),
  },
  'sheets:rows': {
    input: z.strictObject({ listId: id, offset: z.int().min(0), limit: z.int().min(1).max(200) }),
    output: z.strictObject({ total: z.int(), rows: z.array(listRowSchema) }),
  },
  /** Puts failed or unknown rows back in the queue: only ever on the user's explicit word. */
  'campaigns:resend': {
    input: z.strictObject({ id, which: z.enum(['failed', 'unknown']) }),
    output: campaignStatusSchema.extend({ requeued: z.int() }),
  },

  /** The secret storage: the OS keychain, or the passphrase vault (locked until the passphrase is given). */
  'secrets:status': { input: none, output: secretsStateSchema },
  'secrets:unlock': { input: z.strictObject({ passphrase: z.string().min(1).max(1000) }), output: secretsStateSchema },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export type Contract = typeof contract;
export type ChannelName = keyof Contract;
export type InputOf<C extends ChannelName> = z.input<Contract[C]['input']>;
export type ParsedInputOf<C extends ChannelName> = z.output<Contract[C]['input']>;
export type OutputOf<C extends ChannelName> = z.output<Contract[C]['output']>;

/** Events pushed from the core to the UI (`domain:event`). */
export const events = {
  'db:changed': z.strictObject({ tables: z.array(z.string()) }),
  'jobs:progress': jobProgressSchema,
} as const satisfies Record<string, z.ZodType>;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;
