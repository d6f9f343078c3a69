import { z } from 'zod';
import { attributeKeySchema, matchSchema } from './contact';

/** What a spreadsheet column can become. ФИО (fullName) is split into last, first and middle name. */
export const IMPORT_FIELDS = [
  'phone',
  'email',
  'fullName',
  'lastName',
  'firstName',
  'middleName',
  'telegramChatId',
  'birthday',
  'balance',
  'attribute',
  'skip',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** One column's target; `attribute` keeps the column as a custom attribute (a message variable later). */
export const columnTargetSchema = z.union([
  z.strictObject({ field: z.enum(IMPORT_FIELDS).exclude(['attribute']) }),
  z.strictObject({ field: z.literal('attribute'), name: attributeKeySchema }),
]);
export type ColumnTarget = z.infer<typeof columnTargetSchema>;

export const DUPLICATE_MODES = ['skip', 'fill', 'overwrite'] as const;
export const duplicateModeSchema = z.enum(DUPLICATE_MODES);
/** skip: leave the contact in the base as it is; fill: only its empty fields; overwrite: with the file's values. */
export type DuplicateMode = z.infer<typeof duplicateModeSchema>;

/** Attribute names the built-in fields are stored under (message variables {birthday}, {balance}). */
export const FIELD_ATTRIBUTE: Partial<Record<ImportField, string>> = { birthday: 'birthday', balance: 'balance' };

export interface RejectedRow {
  /** The row number as the spreadsheet shows it. */
  row: number;
  reason: string;
}

/** A file the user chose (native dialog) or uploaded (browser mode): an opaque handle, never a path. */
export const fileRefSchema = z.strictObject({ handle: z.string(), name: z.string(), size: z.int() });
export type FileRef = z.infer<typeof fileRefSchema>;

export const handleSchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'not a file handle');
export const delimiterSchema = z.enum([';', ',', '\t', '|']);
export const regionSchema = z.string().regex(/^[A-Z]{2}$/, 'a two-letter country code');

export const importPreviewSchema = z.strictObject({
  kind: z.enum(['xlsx', 'xls', 'text']),
  sheets: z.array(z.string()),
  sheet: z.string().nullable(),
  encoding: z.string().nullable(),
  delimiter: delimiterSchema.nullable(),
  /** The first rows as the file has them (cells as text, for display). */
  rows: z.array(z.strictObject({ row: z.int(), cells: z.array(z.string()) })),
  /** Sheet row number of the header; 0 when the file has none. */
  headerRow: z.int(),
  mapping: z.array(columnTargetSchema),
});
export type ImportPreview = z.infer<typeof importPreviewSchema>;

export const importSettingsSchema = z.strictObject({
  handle: handleSchema,
  sheet: z.string().max(200).optional(),
  delimiter: delimiterSchema.optional(),
  headerRow: z.int().min(0),
  mapping: z.array(columnTargetSchema).max(1000),
  region: regionSchema.default('RU'),
  duplicates: duplicateModeSchema.default('skip'),
  /** Put every contact of the file into this group (an existing one by id, or a new one by name). */
  group: z
    .union([z.strictObject({ id: z.int().positive() }), z.strictObject({ name: z.string().trim().min(1).max(100) })])
    .optional(),
  dryRun: z.boolean(),
});
export type ImportSettings = z.input<typeof importSettingsSchema>;

export const importSummarySchema = z.strictObject({
  rows: z.int(),
  imported: z.int(),
  updated: z.int(),
  duplicates: z.int(),
  blank: z.int(),
  rejected: z.array(z.strictObject({ row: z.int(), reason: z.string() })),
  /** In progress events only the first 1,000 rejected rows travel; this is how many there are in all. */
  rejectedTotal: z.int().optional(),
  groupId: z.int().nullable(),
});
export type ImportSummary = z.infer<typeof importSummarySchema>;

/** Long work (imports now; sends later) reports through `jobs:progress` events. */
export const jobProgressSchema = z.strictObject({
  jobId: z.string(),
  kind: z.enum(['import']),
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  rows: z.int(),
  rowsPerSecond: z.number(),
  /** 0..1 when the total is known (text files by bytes read), else null. */
  fraction: z.number().nullable(),
  dryRun: z.boolean(),
  summary: importSummarySchema.optional(),
  error: z.strictObject({ code: z.string(), message: z.string() }).optional(),
});
export type JobProgress = z.infer<typeof jobProgressSchema>;

export const exportRequestSchema = z.strictObject({
  match: matchSchema,
  format: z.enum(['xlsx', 'csv']),
  /** CSV only: UTF-8 with BOM, or Windows-1251 for old Excel. */
  encoding: z.enum(['utf8', 'cp1251']).default('utf8'),
});
export type ExportRequest = z.input<typeof exportRequestSchema>;

/**
 * A file the app wrote for the user. Electron: saved where the user chose in the save dialog (`saved`), or
 * not at all if they cancelled. Browser mode: `download` is a same-origin URL the page opens to download it.
 */
export const deliverySchema = z.strictObject({
  saved: z.boolean(),
  name: z.string(),
  rows: z.int(),
  download: z.string().optional(),
});
export type Delivery = z.infer<typeof deliverySchema>;
