import type { RejectedRow } from '../../../shared/domain/import';
import type { CellValue, SheetRow } from './cells';

/** One recipient of a campaign sheet: `79207460022; 2021-06-21 22:02:00; покупатель; праздник`. */
export interface SheetRecipient {
  row: number;
  /** E.164: "+79207460022". */
  phone: string;
  /** The send time as written (the user's local wall-clock time) … */
  sendAtLocal: string;
  /** … and as an instant, read in this computer's time zone. */
  sendAt: string;
  vars: string[];
}

/** A bad row: which cell was wrong (`number`, `time`) and what it held, for the UI to say in its language. */
export interface SheetRejected extends RejectedRow {
  kind: 'number' | 'time';
  value: string;
}

export interface CampaignSheet {
  recipients: SheetRecipient[];
  rejected: SheetRejected[];
  /** Rows dropped because their number came earlier (only with ignoreDuplicates). */
  duplicates: { row: number; phone: string; firstRow: number }[];
}

const cell = (v: CellValue | undefined): string =>
  v === null || v === undefined
    ? ''
    : typeof v === 'number' && Number.isInteger(v)
      ? v.toFixed(0)
      : v instanceof Date
        ? ''
        : String(v).trim();

/** "2021-06-21 22:02:00" → a local Date, or null when malformed or not a real date/time. */
export function parseLocalDateTime(text: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const date = new Date(y, mo - 1, d, h, mi, s);
  const same =
    date.getFullYear() === y &&
    date.getMonth() === mo - 1 &&
    date.getDate() === d &&
    date.getHours() === h &&
    date.getMinutes() === mi &&
    date.getSeconds() === s;
  return same ? date : null;
}

/**
 * Parses the campaign sheet format of the WhatsApp mass-mailing module: number (11 digits starting with 7);
 * send date and time (yyyy-mm-dd hh:mm:ss); then any number of message variables. Each bad row is reported by
 * number and reason; nothing is dropped silently.
 */
export async function parseCampaignSheet(
  rows: AsyncIterable<SheetRow>,
  opts: { ignoreDuplicates: boolean },
): Promise<CampaignSheet> {
  const out: CampaignSheet = { recipients: [], rejected: [], duplicates: [] };
  const first = new Map<string, number>();
  for await (const { row, cells } of rows) {
    const values = cells.map(cell);
    if (values.every((v) => v === '')) continue;
    const [number = '', when = '', ...vars] = values;
    if (!/^7\d{10}$/.test(number)) {
      out.rejected.push({
        row,
        reason: `the number must be 11 digits starting with 7, e.g. 79207460022 (got "${number.slice(0, 30)}")`,
        kind: 'number',
        value: number.slice(0, 30),
      });
      continue;
    }
    const date = parseLocalDateTime(when);
    if (!date) {
      out.rejected.push({
        row,
        reason: `the send time must be yyyy-mm-dd hh:mm:ss, e.g. 2021-06-21 22:02:00 (got "${when.slice(0, 30)}")`,
        kind: 'time',
        value: when.slice(0, 30),
      });
      continue;
    }
    const phone = `+${number}`;
    const seen = first.get(phone);
    if (seen !== undefined && opts.ignoreDuplicates) {
      out.duplicates.push({ row, phone, firstRow: seen });
      continue;
    }
    if (seen === undefined) first.set(phone, row);
    out.recipients.push({ row, phone, sendAtLocal: when, sendAt: date.toISOString(), vars: trimTrailing(vars) });
  }
  return out;
}

function trimTrailing(vars: string[]): string[] {
  let n = vars.length;
  while (n > 0 && vars[n - 1] === '') n -= 1;
  return vars.slice(0, n);
}
