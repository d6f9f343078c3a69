import { z } from 'zod';

/**
 * Campaign sheets (the WhatsApp mass-mailing module's format: number; send time; var1; var2…) checked and
 * saved as recipient lists, as the compose form's audience shows them.
 */

export const recipientListSchema = z.strictObject({
  id: z.int(),
  name: z.string(),
  /** Where it came from ("sheet:mailing.csv"). */
  source: z.string(),
  createdAt: z.string(),
  rows: z.int(),
  /** The most values a row has ({var1}…{varN}). */
  variables: z.int(),
});
export type RecipientList = z.infer<typeof recipientListSchema>;

export const sheetRowSchema = z.strictObject({
  row: z.int(),
  phone: z.string(),
  /** The send time as the sheet wrote it (local wall-clock time), and as an instant. */
  sendAtLocal: z.string().nullable(),
  sendAt: z.string().nullable(),
  vars: z.array(z.string()),
});
export type SheetRow = z.infer<typeof sheetRowSchema>;

/** What checking a sheet found: counts, the first valid rows, and every bad row (up to a cap) with why. */
export const sheetCheckSchema = z.strictObject({
  fileName: z.string(),
  valid: z.int(),
  /** The first valid rows, to show what the sheet holds. */
  sample: z.array(sheetRowSchema),
  rejectedTotal: z.int(),
  rejected: z.array(
    z.strictObject({
      row: z.int(),
      /** Which cell is wrong: the number or the send time; the value it held. */
      kind: z.enum(['number', 'time']),
      value: z.string(),
      reason: z.string(),
    }),
  ),
  duplicatesTotal: z.int(),
  /** Rows whose number came earlier (only the first is kept). */
  duplicates: z.array(z.strictObject({ row: z.int(), phone: z.string(), firstRow: z.int() })),
  /** The most variables a row has ({var1}…{varN}). */
  variables: z.int(),
});
export type SheetCheck = z.infer<typeof sheetCheckSchema>;

/** A row of a saved list, with the contact that has its number (if any). */
export const listRowSchema = sheetRowSchema.extend({ contactId: z.int().nullable(), name: z.string() });
