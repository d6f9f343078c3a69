import { z } from 'zod';
import { channelSchema } from './channels';
import { ERROR_CLASSES, messageStatusSchema, moneySchema } from './providers';

/** A single message: a test send, or a send from a contact card. */
export const messageSchema = z.strictObject({
  id: z.string(),
  accountId: z.int().nullable(),
  accountName: z.string(),
  channel: channelSchema,
  to: z.string(),
  contactId: z.int().nullable(),
  sender: z.string().nullable(),
  subject: z.string().nullable(),
  text: z.string(),
  status: messageStatusSchema,
  providerIds: z.array(z.string()),
  providerCode: z.string().nullable(),
  providerText: z.string().nullable(),
  errorClass: z.enum(ERROR_CLASSES).nullable(),
  parts: z.int().nullable(),
  cost: moneySchema.nullable(),
  createdAt: z.string(),
  sendAt: z.string().nullable(),
  sentAt: z.string().nullable(),
  statusAt: z.string().nullable(),
});
export type Message = z.infer<typeof messageSchema>;

export const sendInputSchema = z.strictObject({
  accountId: z.int().positive(),
  /** A phone (any usual form, normalised to E.164), an e-mail address or a Telegram chat id, by channel. */
  to: z.string().trim().min(1).max(320),
  text: z.string().min(1).max(10_000),
  sender: z.string().trim().max(64).optional(),
  subject: z.string().max(500).optional(),
  html: z.string().max(500_000).optional(),
  /** WhatsApp: an approved template and its variables. */
  template: z
    .strictObject({
      name: z.string().min(1).max(512),
      language: z.string().min(2).max(16),
      variables: z.array(z.string().max(1024)).max(20),
    })
    .optional(),
  /** Send at this time instead of now (ISO with offset). */
  sendAt: z.iso.datetime({ offset: true }).optional(),
  /** Sent from this contact's card; a single send goes out even when the contact opted out, and says so. */
  contactId: z.int().positive().optional(),
});
export type SendInput = z.infer<typeof sendInputSchema>;
