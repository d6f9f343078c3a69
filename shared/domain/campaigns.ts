import { z } from 'zod';
import { channelSchema } from './channels';
import { PICTURES_MAX_COUNT } from './pictures';

/**
 * A campaign (рассылка): what to send, to whom, through which accounts and when. The UI composes it, the core
 * expands it into one outbox row per recipient and channel and sends those under the delivery contract.
 */

const id = z.int().positive();

export const campaignChannelSchema = z.strictObject({
  channel: channelSchema,
  accountId: id,
  /** Sender name (SMS) or display name (e-mail); the account's own when absent. */
  sender: z.string().trim().max(64).optional(),
});

export const audienceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('all') }),
  z.strictObject({ kind: z.literal('group'), groupId: id }),
  z.strictObject({ kind: z.literal('segment'), segmentId: id }),
  /** A campaign sheet imported as a recipient list: per-row send times and variables. */
  z.strictObject({ kind: z.literal('sheet'), listId: id }),
  z.strictObject({ kind: z.literal('contacts'), ids: z.array(id).min(1).max(10_000) }),
]);
export type Audience = z.infer<typeof audienceSchema>;

export const campaignSpecSchema = z.strictObject({
  /** In priority order. */
  channels: z.array(campaignChannelSchema).min(1).max(4),
  /** `all`: every listed channel the contact can receive; `priority`: the first one, else the next. */
  mode: z.enum(['all', 'priority']),
  audience: audienceSchema,
  /** The text with variables ({first_name|клиент}, {balance}, {Город}…). */
  text: z.string().min(1).max(10_000),
  subject: z.string().max(500).optional(),
  /**
   * E-mail: the letter's HTML, a template with the text's variables (values HTML-escaped; see
   * shared/domain/html-template.ts); the text above is its text/plain alternative. Pictures are the campaign's
   * own (campaign_pictures), shown by the HTML as cid:….
   */
  html: z.string().max(500_000).optional(),
  /** WhatsApp: an approved template; each variable is itself a text with variables. */
  whatsappTemplate: z
    .strictObject({
      name: z.string().min(1).max(512),
      language: z.string().min(2).max(16),
      variables: z.array(z.string().max(1024)).max(20),
      /** The template's body with {{1}}…{{n}} as the account listed it when composed (for previews only). */
      body: z.string().max(4096).optional(),
    })
    .optional(),
  /** Marketing SMS respect quiet hours in the recipient's local time. */
  marketing: z.boolean().default(true),
  quietHours: z
    .strictObject({ from: z.string().regex(/^\d{2}:\d{2}$/), to: z.string().regex(/^\d{2}:\d{2}$/) })
    .default({ from: '09:00', to: '21:00' }),
  /** Stop before the cost would pass this (roubles). */
  budget: z.number().positive().optional(),
});
export type CampaignSpec = z.infer<typeof campaignSpecSchema>;

/** A recurring campaign: a cron expression (node-cron's syntax, seconds optional) in a time zone. */
export const repeatSchema = z.strictObject({
  cron: z.string().trim().min(1).max(200),
  timeZone: z.string().min(1).max(64),
});
export type Repeat = z.infer<typeof repeatSchema>;

export const CAMPAIGN_STATES = [
  'draft',
  'scheduled',
  'expanding',
  'running',
  'paused',
  'finished',
  'cancelled',
  /** A scheduled start missed beyond its grace period: the user decides, send now or discard. */
  'missed',
] as const;
export type CampaignState = (typeof CAMPAIGN_STATES)[number];

export const OUTBOX_STATES = [
  'queued',
  'sending',
  'sent',
  'delivered',
  'failed',
  'unknown',
  'suppressed',
  'skipped',
] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

export const campaignStatusSchema = z.strictObject({
  id: z.int(),
  name: z.string(),
  owner: z.string(),
  state: z.enum(CAMPAIGN_STATES),
  /** Why it is paused, missed or cancelled, in words (the provider's own for account errors). */
  reason: z.string().nullable(),
  sendAt: z.string().nullable(),
  repeat: repeatSchema.nullable(),
  /** The current (or last) run of a recurring campaign; 1 for a one-off once launched, 0 before. */
  run: z.int(),
  /** When a recurring campaign runs next. */
  nextRunAt: z.string().nullable(),
  graceMinutes: z.int(),
  /** What it sends, to whom and how (as created). */
  spec: campaignSpecSchema,
  counts: z.record(z.enum(OUTBOX_STATES), z.int()),
  /** SMS parts of the messages that went out (e-mails and chat messages have none). */
  parts: z.int(),
  cost: z.number(),
  createdAt: z.string(),
  launchedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type CampaignStatusView = z.infer<typeof campaignStatusSchema>;

/** How late a scheduled run may still go out by itself (the computer was off or asleep); later, the user decides. */
export const DEFAULT_GRACE_MINUTES = 60;

/** One recipient's message in a launched campaign (campaigns:messages). */
export const campaignMessageSchema = z.strictObject({
  id: z.int(),
  contactId: z.int().nullable(),
  name: z.string(),
  channel: z.string(),
  address: z.string(),
  state: z.enum(OUTBOX_STATES),
  providerCode: z.string().nullable(),
  providerText: z.string().nullable(),
  parts: z.int().nullable(),
  cost: z.number().nullable(),
  attempts: z.int(),
  sentAt: z.string().nullable(),
  updatedAt: z.string(),
});

export const campaignCreateSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  owner: z.string().trim().max(200).optional(),
  spec: campaignSpecSchema,
  /** Launch at this time (ISO with offset); absent: when launched. */
  sendAt: z.iso.datetime({ offset: true }).optional(),
  /** Or run on this schedule, each run to the audience as it is then. */
  repeat: repeatSchema.optional(),
  graceMinutes: z
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .optional(),
  /** E-mail pictures added while composing (campaigns:picture-add), now the campaign's own. */
  pictures: z.array(z.int().positive()).max(PICTURES_MAX_COUNT).optional(),
});

const moneyView = z.strictObject({ amount: z.number(), currency: z.string() });

/** The cost preview (electron/core/campaigns/preview.ts); `messages` carries the full per-channel detail. */
export const campaignCostPreviewSchema = z.strictObject({
  recipients: z.int(),
  channels: z.array(
    z.strictObject({
      channel: channelSchema,
      accountId: z.int(),
      sendable: z.int(),
      suppressed: z.int(),
      skipped: z.int(),
      duplicates: z.int(),
      parts: z.int(),
      pricePerPart: z.number().nullable(),
      priceSource: z.enum(['provider', 'tariff', 'none']),
      cost: z.number().nullable(),
      balance: moneyView.nullable(),
      balanceAfter: z.number().nullable(),
      /** Messages by parts, and what personalised values did to the encoding. */
      byParts: z.record(z.string(), z.int()),
      ucs2Messages: z.int(),
      switchedToUcs2: z.int(),
      switchedExamples: z.array(
        z.strictObject({
          contactId: z.int().nullable(),
          variable: z.string(),
          value: z.string(),
          characters: z.array(z.string()),
        }),
      ),
      emptyFallbacksUsed: z.record(z.string(), z.int()),
      longest: z.strictObject({ text: z.string(), parts: z.int() }).nullable(),
    }),
  ),
  cost: z.number().nullable(),
  warnings: z.array(z.string()),
});
