import type { ImportPreview, RejectedRow } from '../../../../shared/domain/import';
import { parseRejectReason } from '../../../../shared/domain/import-reasons';
import type { Locale } from '../../../../shared/ipc/contract';
import type { ErrorCode, ResultError } from '../../../../shared/ipc/result';
import { errorText, intlLocale, type MessageKey, type Translate } from '../../i18n/translate';
import { MAX_IMPORT_BYTES } from './limits';

/**
 * Whole-file problems come from the core with a code (`unreadable`, `wrong_type`, `bad_file`…) and an English
 * sentence (the CLI prints it as it is). The code decides what the user is told, in their language; the
 * sentence only fills in details we can word better (the extension, the sheet, the row), and where we cannot,
 * it is shown as it is under our text. Unit tests pin each refinement to the core's wording.
 */

export interface ImportErrorText {
  /** What happened, in the user's language. */
  text: string;
  /** The core's own sentence, when our text is general and the sentence says more (English, for support). */
  detail: string | null;
}

type Refine = [RegExp, (m: RegExpExecArray, t: Translate, locale: Locale) => string];

const WHAT: Record<string, MessageKey> = {
  'an Excel workbook (XLSX)': 'import.what.xlsx',
  'an old Excel workbook (XLS)': 'import.what.xls',
  'a text table (CSV/TXT)': 'import.what.text',
};

/** The codes the core gives a file it cannot import (electron/core/import/errors.ts). */
type ImportCode = Extract<
  ErrorCode,
  'unreadable' | 'empty' | 'too_large' | 'wrong_type' | 'bad_file' | 'too_many_columns' | 'no_sheet' | 'cancelled'
>;

/** Per code: finer texts recognised from the sentence, the general text, and whether the sentence helps. */
const BY_CODE: Record<ImportCode, { refine: Refine[]; general: MessageKey; detail: boolean }> = {
  unreadable: { refine: [], general: 'import.error.unreadable', detail: false },
  empty: { refine: [], general: 'import.error.empty', detail: false },
  wrong_type: {
    refine: [
      [
        /^The file is named (\S*) but its content is (.+)$/,
        (m, t) => {
          const what = WHAT[m[2] ?? ''];
          return t('import.error.wrongType', { ext: m[1] ?? '', what: what ? t(what) : (m[2] ?? '') });
        },
      ],
    ],
    general: 'import.error.notTable',
    detail: false,
  },
  too_large: {
    refine: [
      [
        /^The file is (larger than \d+ MB|\d+ MB; the limit is \d+ MB)/,
        (_m, t, l) => t('import.error.tooLarge', { limit: formatBytes(t, l, MAX_IMPORT_BYTES) }),
      ],
      [
        /^An \.xls file over (\d+) MB/,
        (m, t) => t('import.error.xlsTooLarge', { limit: t('size.mb', { n: m[1] ?? '' }) }),
      ],
      [/needs too much memory/, (_m, t) => t('import.error.memory')],
      [/would unpack to more than|unpacked; the limit is/, (_m, t) => t('import.error.unpackTooLarge')],
    ],
    general: 'import.error.tooLargeGeneral',
    detail: true,
  },
  bad_file: {
    refine: [
      [/zip bomb|inflates to more than the \d+ bytes it declares/, (_m, t) => t('import.error.zipBomb')],
      [/would unpack to more than|unpacked; the limit is/, (_m, t) => t('import.error.unpackTooLarge')],
      [/binary \.xlsb workbook/, (_m, t) => t('import.error.xlsb')],
      [
        /^The file is not an \.xlsx workbook|^The file is not a readable zip archive/,
        (_m, t) => t('import.error.notXlsx'),
      ],
      [/^The \.xls file cannot be read/, (_m, t) => t('import.error.xlsUnreadable')],
    ],
    general: 'import.error.badFile',
    detail: true,
  },
  too_many_columns: {
    refine: [
      [
        /^Row (\d+) has more than (\d+) columns/,
        (m, t) => t('import.error.tooManyColumns', { row: m[1] ?? '', max: m[2] ?? '' }),
      ],
    ],
    general: 'import.error.tooManyColumnsGeneral',
    detail: true,
  },
  no_sheet: {
    refine: [
      [/^The workbook has no sheets/, (_m, t) => t('import.error.noSheets')],
      [/^No sheet named "(.*)" \(sheets:/, (m, t) => t('import.error.noSheet', { name: m[1] ?? '' })],
    ],
    general: 'import.error.noSheetGeneral',
    detail: true,
  },
  cancelled: { refine: [], general: 'import.error.cancelled', detail: false },
};

const isImportCode = (code: string): code is ImportCode => Object.prototype.hasOwnProperty.call(BY_CODE, code);

/** A whole-file problem (preview refused, upload refused, a job that failed) in the user's language. */
export function importError(t: Translate, locale: Locale, error: { code: string; message: string }): ImportErrorText {
  const { code, message } = error;
  if (isImportCode(code)) {
    const rules = BY_CODE[code];
    for (const [re, text] of rules.refine) {
      const m = re.exec(message);
      if (m) return { text: text(m, t, locale), detail: null };
    }
    const detail = rules.detail && message.trim() !== '' ? message : null;
    return { text: t(rules.general), detail };
  }
  // Codes shared with the rest of the app: the sentence tells the cases apart.
  if (code === 'not_found' && /^The file is no longer available/.test(message)) {
    return { text: t('import.error.fileGone'), detail: null };
  }
  const network = /^Network error: (.*)$/.exec(message);
  if (code === 'internal' && network)
    return { text: t('import.error.network', { message: network[1] ?? '' }), detail: null };
  if (code === 'bad_request' || code === 'internal' || !isResultCode(code)) {
    return { text: message || t('error.internal'), detail: null };
  }
  return { text: errorText(t, { code, message }), detail: null };
}

/** The same as one line (the text, then the core's sentence when there is one). */
export function importErrorText(t: Translate, locale: Locale, error: { code: string; message: string }): string {
  const { text, detail } = importError(t, locale, error);
  return detail === null ? text : `${text} (${detail})`;
}

const RESULT_CODES = new Set(['invalid_phone', 'invalid_email', 'no_address', 'duplicate', 'not_found', 'forbidden']);
const isResultCode = (code: string): code is ResultError['code'] => RESULT_CODES.has(code);

/** Why the core rejected a row, in the user's language when we recognise the reason (shared/domain/import-reasons). */
export function rejectReasonText(t: Translate, reason: string): string {
  const r = parseRejectReason(reason);
  if (!r) return reason;
  if (r.kind === 'noAddress') return t('import.reason.noAddress');
  if (r.kind === 'conflict') return t('import.reason.conflict', { a: r.a, b: r.b });
  return t(`import.reason.${r.kind}`, { value: r.value });
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
