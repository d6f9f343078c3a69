import type { ImportPreview, RejectedRow } from '../../../../shared/domain/import';
import type { Locale } from '../../../../shared/ipc/contract';
import type { ResultError } from '../../../../shared/ipc/result';
import { errorText, intlLocale, type MessageKey, type Params, type Translate } from '../../i18n/translate';
import { MAX_IMPORT_BYTES } from './limits';

/**
 * The core explains import problems in English sentences (the CLI prints them as they are). Here the ones we
 * recognise become the user's language; anything else is shown as the core wrote it, which beats a vague
 * "something went wrong". Unit tests pin each pattern to the core's wording.
 */

type Rule = [RegExp, (m: RegExpExecArray, t: Translate, locale: Locale) => string];

const WHAT: Record<string, MessageKey> = {
  'an Excel workbook (XLSX)': 'import.what.xlsx',
  'an old Excel workbook (XLS)': 'import.what.xls',
  'a text table (CSV/TXT)': 'import.what.text',
};

const FILE_RULES: Rule[] = [
  [
    /^The file is named (\S*) but its content is (.+)$/,
    (m, t) => {
      const what = WHAT[m[2] ?? ''];
      return t('import.error.wrongType', { ext: m[1] ?? '', what: what ? t(what) : (m[2] ?? '') });
    },
  ],
  [/^The file is not a spreadsheet or a text table/, (_m, t) => t('import.error.notTable')],
  [/^The file is empty$/, (_m, t) => t('import.error.empty')],
  [
    /^The file is (larger than \d+ MB|\d+ MB; the limit is \d+ MB)$/,
    (_m, t, l) => t('import.error.tooLarge', { limit: formatBytes(t, l, MAX_IMPORT_BYTES) }),
  ],
  [/^An \.xls file over (\d+) MB/, (m, t) => t('import.error.xlsTooLarge', { limit: t('size.mb', { n: m[1] ?? '' }) })],
  [/zip bomb|inflates to more than the \d+ bytes it declares/, (_m, t) => t('import.error.zipBomb')],
  [/would unpack to more than|unpacked; the limit is/, (_m, t) => t('import.error.unpackTooLarge')],
  [/binary \.xlsb workbook/, (_m, t) => t('import.error.xlsb')],
  [/^The file is not an \.xlsx workbook|^The file is not a readable zip archive/, (_m, t) => t('import.error.notXlsx')],
  [/^The \.xls file cannot be read/, (_m, t) => t('import.error.xlsUnreadable')],
  [/^The workbook has no sheets$/, (_m, t) => t('import.error.noSheets')],
  [/^No sheet named "(.*)" \(sheets:/, (m, t) => t('import.error.noSheet', { name: m[1] ?? '' })],
  [
    /^Row (\d+) has more than (\d+) columns$/,
    (m, t) => t('import.error.tooManyColumns', { row: m[1] ?? '', max: m[2] ?? '' }),
  ],
  [/^The file is no longer available/, (_m, t) => t('import.error.fileGone')],
  [/^The file needs too much memory/, (_m, t) => t('import.error.memory')],
  [/^Cannot read the file |is not a file$/, (_m, t) => t('import.error.unreadable')],
  [/^Network error: (.*)$/, (m, t) => t('import.error.network', { message: m[1] ?? '' })],
];

/** A whole-file problem (preview refused, upload refused, a job that failed) in the user's language. */
export function importErrorText(t: Translate, locale: Locale, error: { code: string; message: string }): string {
  for (const [re, text] of FILE_RULES) {
    const m = re.exec(error.message);
    if (m) return text(m, t, locale);
  }
  if (error.code === 'bad_request' || error.code === 'internal' || !isResultCode(error.code)) {
    return error.message || t('error.internal');
  }
  return errorText(t, { code: error.code, message: error.message });
}

const RESULT_CODES = new Set(['invalid_phone', 'invalid_email', 'no_address', 'duplicate', 'not_found', 'forbidden']);
const isResultCode = (code: string): code is ResultError['code'] => RESULT_CODES.has(code);

const REASON_RULES: [RegExp, MessageKey, (m: RegExpExecArray) => Params][] = [
  [/^invalid phone number: ([\s\S]*)$/, 'import.reason.phone', (m) => ({ value: m[1] ?? '' })],
  [/^invalid e-mail: ([\s\S]*)$/, 'import.reason.email', (m) => ({ value: m[1] ?? '' })],
  [/^invalid Telegram chat id: ([\s\S]*)$/, 'import.reason.telegram', (m) => ({ value: m[1] ?? '' })],
  [/^invalid date: ([\s\S]*)$/, 'import.reason.date', (m) => ({ value: m[1] ?? '' })],
  [/^invalid number: ([\s\S]*)$/, 'import.reason.number', (m) => ({ value: m[1] ?? '' })],
  [/^no phone, e-mail or Telegram chat id$/, 'import.reason.noAddress', () => ({})],
  [
    /^the phone belongs to contact #(\d+) and the e-mail to contact #(\d+)$/,
    'import.reason.conflict',
    (m) => ({ a: m[1] ?? '', b: m[2] ?? '' }),
  ],
];

/** Why the core rejected a row, in the user's language when we recognise the reason. */
export function rejectReasonText(t: Translate, reason: string): string {
  for (const [re, key, params] of REASON_RULES) {
    const m = re.exec(reason);
    if (m) return t(key, params(m));
  }
  return reason;
}

/** The rejected rows as a two-column table (tab-separated), ready to paste into Excel. */
export function rejectedAsText(t: Translate, rows: readonly RejectedRow[]): string {
  const lines = [`${t('import.rejected.colRow')}\t${t('import.rejected.colReason')}`];
  for (const r of rows) lines.push(`${r.row}\t${rejectReasonText(t, r.reason).replace(/[\t\r\n]+/g, ' ')}`);
  return `${lines.join('\r\n')}\r\n`;
}

const ENCODINGS: Record<string, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16',
  'utf-16be': 'UTF-16 BE',
  'windows-1251': 'Windows-1251',
};

export const DELIMITER_NAMES = {
  ';': 'semicolon',
  ',': 'comma',
  '\t': 'tab',
  '|': 'pipe',
} as const satisfies Record<NonNullable<ImportPreview['delimiter']>, string>;

/** "CSV, Windows-1251, разделитель «;»" or "Excel (XLSX), лист «Клиенты»": what the core found, in words. */
export function formatDescription(
  t: Translate,
  preview: Pick<ImportPreview, 'kind' | 'encoding' | 'delimiter' | 'sheet'>,
  fileName: string,
): string {
  if (preview.kind !== 'text') {
    const parts = [t(preview.kind === 'xlsx' ? 'import.format.xlsx' : 'import.format.xls')];
    if (preview.sheet !== null) parts.push(t('import.format.sheet', { name: preview.sheet }));
    return parts.join(', ');
  }
  const ext = /\.(csv|txt)$/i.exec(fileName)?.[1]?.toLowerCase();
  const parts = [t(ext === 'csv' ? 'import.format.csv' : ext === 'txt' ? 'import.format.txt' : 'import.format.text')];
  if (preview.encoding) parts.push(ENCODINGS[preview.encoding.toLowerCase()] ?? preview.encoding);
  if (preview.delimiter) {
    const delimiter = t(`import.delimiter.short.${DELIMITER_NAMES[preview.delimiter]}`);
    parts.push(t('import.format.delimiter', { delimiter }));
  }
  return parts.join(', ');
}

/** "12 КБ", "3,4 МБ": file sizes as people read them (binary units, like the file manager shows). */
export function formatBytes(t: Translate, locale: Locale, bytes: number): string {
  const units: [number, MessageKey][] = [
    [1024 ** 3, 'size.gb'],
    [1024 ** 2, 'size.mb'],
    [1024, 'size.kb'],
  ];
  for (const [size, key] of units) {
    if (bytes >= size) {
      const v = bytes / size;
      const n = new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: v < 10 ? 1 : 0 }).format(v);
      return t(key, { n });
    }
  }
  return t('size.bytes', { n: bytes });
}

/** "≈ 1 мин 05 с": seconds left, rounded so the number does not flicker on every event. */
export function formatDuration(t: Translate, seconds: number): string {
  const s = Math.max(1, Math.round(seconds));
  if (s < 60) return t('time.seconds', { s });
  if (s < 3600) return t('time.minutes', { m: Math.floor(s / 60), s: String(s % 60).padStart(2, '0') });
  return t('time.hours', { h: Math.floor(s / 3600), m: String(Math.floor((s % 3600) / 60)).padStart(2, '0') });
}

/**
 * Time left from how far the job is and how long it has taken so far; null while the guess would be noise
 * (too early, or the total is unknown).
 */
export function secondsLeft(fraction: number | null, elapsedMs: number): number | null {
  if (fraction === null || fraction < 0.02 || fraction >= 1 || elapsedMs < 1000) return null;
  return ((elapsedMs / 1000) * (1 - fraction)) / fraction;
}

/** Country names for the region picker in the user's language (the browser knows them all). */
export function regionName(locale: Locale, code: string): string {
  try {
    return new Intl.DisplayNames([intlLocale(locale)], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}
