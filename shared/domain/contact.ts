import { z } from 'zod';
import { channelSchema, CHANNELS, type Channel } from './channels';
import { isSafeKey } from './safe-keys';

/** Limits that keep a single request small; the web shell caps the whole body as well. */
export const LIMITS = {
  name: 200,
  phoneInput: 40,
  email: 254,
  attributeKey: 64,
  attributeValue: 2000,
  attributes: 100,
  reason: 500,
  search: 200,
  pageSize: 500,
  bulkIds: 100_000,
  groupName: 100,
} as const;

const text = (max: number) => z.string().max(max);

/** Each key is checked before zod copies it, so `__proto__` never reaches an assignment. */
export const attributeKeySchema = z
  .string()
  .min(1)
  .max(LIMITS.attributeKey)
  .refine(isSafeKey, { message: 'forbidden attribute name' });

export const attributesSchema = z
  .record(attributeKeySchema, text(LIMITS.attributeValue))
  .refine((rec) => Object.keys(rec).length <= LIMITS.attributes, { message: 'too many attributes' });

/** What a person types into the contact form or the CLI; the core normalises it. */
export const contactInputSchema = z.strictObject({
  phone: text(LIMITS.phoneInput).nullish(),
  email: text(LIMITS.email).nullish(),
  lastName: text(LIMITS.name).optional(),
  firstName: text(LIMITS.name).optional(),
  middleName: text(LIMITS.name).optional(),
  telegramChatId: z
    .string()
    .regex(/^-?\d{1,20}$/, 'telegram chat id is a number')
    .nullish(),
  attributes: attributesSchema.optional(),
  groupIds: z.array(z.int().positive()).max(1000).optional(),
});
export type ContactInput = z.infer<typeof contactInputSchema>;

export const optOutMapSchema = z.strictObject({
  sms: z.boolean(),
  email: z.boolean(),
  telegram: z.boolean(),
  whatsapp: z.boolean(),
});
export type OptOutMap = Record<Channel, boolean>;

export const groupRefSchema = z.strictObject({ id: z.int(), name: z.string() });

export const contactSchema = z.strictObject({
  id: z.int(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  lastName: z.string(),
  firstName: z.string(),
  middleName: z.string(),
  telegramChatId: z.string().nullable(),
  attributes: z.record(z.string(), z.string()),
  source: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  groups: z.array(groupRefSchema),
  optOut: optOutMapSchema,
});
export type Contact = z.infer<typeof contactSchema>;

export const optOutRecordSchema = z.strictObject({
  channel: channelSchema,
  address: z.string(),
  optedOut: z.boolean(),
  reason: z.string(),
  source: z.string(),
  at: z.string(),
});
export type OptOutRecord = z.infer<typeof optOutRecordSchema>;

export const consentRecordSchema = z.strictObject({
  id: z.int(),
  channel: channelSchema,
  address: z.string(),
  source: z.string(),
  evidence: z.string(),
  at: z.string(),
});
export type ConsentRecord = z.infer<typeof consentRecordSchema>;

/** The contact card: the contact plus its opt-out history and consent ledger. */
export const contactDetailsSchema = z.strictObject({
  contact: contactSchema,
  optOutHistory: z.array(optOutRecordSchema),
  consents: z.array(consentRecordSchema),
});
export type ContactDetails = z.infer<typeof contactDetailsSchema>;

export const groupSchema = z.strictObject({ id: z.int(), name: z.string(), size: z.int() });
export type Group = z.infer<typeof groupSchema>;

/** A saved filter over the base. Empty filter = everyone ("Все контакты"). */
export const segmentFilterSchema = z.strictObject({
  query: text(LIMITS.search).optional(),
  groupIds: z.array(z.int().positive()).max(100).optional(),
  /** Only contacts reachable on this channel: they have an address for it and have not opted out. */
  reachableOn: channelSchema.optional(),
});
export type SegmentFilter = z.infer<typeof segmentFilterSchema>;

export const segmentSchema = z.strictObject({
  id: z.int(),
  name: z.string(),
  builtIn: z.boolean(),
  filter: segmentFilterSchema,
});
export type Segment = z.infer<typeof segmentSchema>;

/** What the table shows: the search box, the group or segment chosen in the sidebar. */
export const matchSchema = z.strictObject({
  query: text(LIMITS.search).optional(),
  groupId: z.int().positive().nullish(),
  segmentId: z.int().positive().nullish(),
});
export type Match = z.input<typeof matchSchema>;

export const listQuerySchema = matchSchema.extend({
  offset: z.int().min(0).max(100_000_000).default(0),
  limit: z.int().min(1).max(LIMITS.pageSize).default(100),
});
export type ListQuery = z.input<typeof listQuerySchema>;

/**
 * Whom a bulk action applies to: the rows ticked by hand, or everything the table matches ("select all
 * 1 000 000"), minus the rows unticked after that.
 */
export const targetSchema = z.union([
  z.strictObject({ ids: z.array(z.int().positive()).min(1).max(LIMITS.bulkIds) }),
  z.strictObject({ match: matchSchema, except: z.array(z.int().positive()).max(LIMITS.bulkIds).default([]) }),
]);
export type Target = z.input<typeof targetSchema>;

export const listResultSchema = z.strictObject({
  rows: z.array(contactSchema),
  /** Number of matching contacts; when `exact` is false it is a lower bound (the count was capped). */
  total: z.int(),
  exact: z.boolean(),
});
export type ListResult = z.infer<typeof listResultSchema>;

export const emptyOptOut = (): OptOutMap => Object.fromEntries(CHANNELS.map((c) => [c, false])) as OptOutMap;
