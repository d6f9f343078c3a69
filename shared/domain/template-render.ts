/**
 * Rendering compiled templates (./template.ts): each variable's value for a recipient — names, the Russian
 * amount with a plain-space grouping, dates as dd.mm.yyyy — and the preview with spans for highlighting.
 */
import {
  OP_TEXT,
  OP_FIRST,
  OP_LAST,
  OP_MIDDLE,
  OP_FULL,
  OP_BALANCE,
  OP_TODAY,
  OP_PHONE,
  OP_EMAIL,
  OP_BIRTHDAY,
  OP_ATTR,
  BALANCE_KEY,
  BIRTHDAY_KEY,
  templateProgram,
  type CompiledTemplate,
  type RecipientFields,
  type TemplateProgram,
} from './template';

export interface RenderOptions {
  /** The campaign's date in its time zone, 'YYYY-MM-DD' (see `localDate`). Required when the template has {today}. */
  today?: string;
  /**
   * The digit-group separator of {balance}: a plain space (default — GSM-7, right for SMS) or a no-break space
   * (for e-mail, where a number should not wrap; in an SMS it makes the message UCS-2).
   */
  numberGrouping?: 'space' | 'nbsp';
}

/** Render options checked and prepared once per campaign. */
export interface RenderEnv {
  /** {today} as dd.mm.yyyy, '' when not given. */
  readonly today: string;
  readonly groupSeparator: string;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const digitAt = (s: string, k: number) => {
  const c = s.charCodeAt(k) - 48;
  return c >= 0 && c <= 9 ? c : NaN;
};

/** "2025-03-08" → "08.03.2025"; null when it is not a real calendar date written that way. */
export function isoToRussianDate(iso: string): string | null {
  if (iso.length !== 10 || iso.charCodeAt(4) !== 45 || iso.charCodeAt(7) !== 45) return null;
  const y = digitAt(iso, 0) * 1000 + digitAt(iso, 1) * 100 + digitAt(iso, 2) * 10 + digitAt(iso, 3);
  const m = digitAt(iso, 5) * 10 + digitAt(iso, 6);
  const d = digitAt(iso, 8) * 10 + digitAt(iso, 9);
  // NaN (a non-digit) fails every comparison below.
  if (!(m >= 1 && m <= 12 && d >= 1 && d <= DAYS_IN_MONTH[m - 1]! && y >= 0)) return null;
  if (m === 2 && d === 29 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) return null;
  return `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
}

/** The calendar date of the instant `now` in `timeZone` (an IANA name, e.g. "Europe/Moscow"), as 'YYYY-MM-DD'. */
export function localDate(now: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Checks the options against the template; throws a RangeError for a missing or malformed `today`. */
export function renderEnv(t: CompiledTemplate, options: RenderOptions = {}): RenderEnv {
  let today = '';
  if (options.today !== undefined) {
    const d = isoToRussianDate(options.today);
    if (d === null) throw new RangeError(`today must be a date as YYYY-MM-DD, not "${options.today}"`);
    today = d;
  } else if (templateProgram(t).usesToday) {
    throw new RangeError('the template uses {today}: pass the campaign date as options.today (YYYY-MM-DD)');
  }
  return { today, groupSeparator: options.numberGrouping === 'nbsp' ? '\u00a0' : ' ' };
}

const clean = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/** An own attribute (never one inherited from Object.prototype, whatever the template names). */
function attribute(r: RecipientFields, key: string): string {
  const a = r.attributes;
  if (a === null || a === undefined) return '';
  const v = (a as Record<string, unknown>)[key];
  return typeof v === 'string' && Object.hasOwn(a, key) ? v.trim() : '';
}

function fullName(r: RecipientFields): string {
  const last = clean(r.lastName);
  const first = clean(r.firstName);
  const middle = clean(r.middleName);
  let s = last;
  if (first !== '') s = s === '' ? first : `${s} ${first}`;
  if (middle !== '') s = s === '' ? middle : `${s} ${middle}`;
  return s.includes('  ') ? s.split(' ').filter(Boolean).join(' ') : s;
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isGroupSpace = (c: number) => c === 32 || c === 0xa0 || c === 0x202f || c === 0x2009;

/** "129" + 1 → "130"; "999" + 1 → "1000". */
function incrementDigits(s: string): string {
  let k = s.length - 1;
  while (k >= 0 && s.charCodeAt(k) === 57) k -= 1;
  if (k < 0) return `1${'0'.repeat(s.length)}`;
  return s.slice(0, k) + String.fromCharCode(s.charCodeAt(k) + 1) + '0'.repeat(s.length - k - 1);
}

/**
 * A number written as text ("1500.5", "-20", "1 500,50") the Russian way: groups of three digits separated by
 * `groupSeparator` (a plain space by default), a decimal comma, two decimals unless it is a whole number
 * (rounded half away from zero, on the digits — no binary floating point). Null when the text is not a number.
 */
export function formatRussianAmount(value: string, groupSeparator = ' '): string | null {
  const v = value.trim();
  const n = v.length;
  let i = 0;
  let negative = false;
  const sign = v.charCodeAt(0);
  if (sign === 45 || sign === 0x2212 || sign === 43) {
    negative = sign !== 43;
    i = 1;
  }
  // The common forms ("1500", "1500.5", as imports store them) are sliced; spaces in between make a copy.
  let intDigits = '';
  let fracDigits = '';
  let runStart = i;
  let inFraction = false;
  let any = false;
  for (; i < n; i++) {
    const c = v.charCodeAt(i);
    if (isDigit(c)) {
      any = true;
      continue;
    }
    if (isGroupSpace(c) && !inFraction && i > runStart && i + 1 < n && isDigit(v.charCodeAt(i + 1))) {
      intDigits += v.slice(runStart, i);
      runStart = i + 1;
      continue;
    }
    if ((c === 46 || c === 44) && !inFraction) {
      intDigits += v.slice(runStart, i);
      runStart = i + 1;
      inFraction = true;
      continue;
    }
    return null;
  }
  if (inFraction) fracDigits = v.slice(runStart, n);
  else intDigits += v.slice(runStart, n);
  if (!any) return null;

  // Leading zeros off; "" is 0.
  let z = 0;
  while (z < intDigits.length - 1 && intDigits.charCodeAt(z) === 48) z += 1;
  let int = intDigits.slice(z) || '0';
  let cents: string;
  if (fracDigits.length <= 2) cents = fracDigits.padEnd(2, '0');
  else {
    cents = fracDigits.slice(0, 2);
    if (fracDigits.charCodeAt(2) >= 53 /* 5 */) {
      cents = incrementDigits(cents);
      if (cents.length > 2) {
        cents = '00';
        int = incrementDigits(int);
      }
    }
  }
  const whole = cents === '00';
  if (whole && int === '0') negative = false;
  let grouped = int;
  if (int.length > 3) {
    const head = int.length % 3 || 3;
    grouped = int.slice(0, head);
    for (let k = head; k < int.length; k += 3) grouped += groupSeparator + int.slice(k, k + 3);
  }
  return (negative ? '-' : '') + grouped + (whole ? '' : `,${cents}`);
}

/**
 * The value a variable part gives for a recipient before its fallback: trimmed and formatted, '' when empty.
 * `op` and `key` come from the template's program.
 */
export function variableValue(op: number, key: string, r: RecipientFields, env: RenderEnv): string {
  switch (op) {
    case OP_FIRST:
      return clean(r.firstName);
    case OP_LAST:
      return clean(r.lastName);
    case OP_MIDDLE:
      return clean(r.middleName);
    case OP_FULL:
      return fullName(r);
    case OP_BALANCE: {
      const raw = attribute(r, BALANCE_KEY);
      return raw === '' ? '' : (formatRussianAmount(raw, env.groupSeparator) ?? raw);
    }
    case OP_BIRTHDAY: {
      const raw = attribute(r, BIRTHDAY_KEY);
      return raw === '' ? '' : (isoToRussianDate(raw) ?? raw);
    }
    case OP_TODAY:
      return env.today;
    case OP_PHONE:
      return clean(r.phone);
    case OP_EMAIL:
      return clean(r.email);
    case OP_ATTR:
      return attribute(r, key);
    default:
      return '';
  }
}

/** Renders with a prepared program and env: what `render` and the cost preview run per recipient. */
export function runProgram(p: TemplateProgram, r: RecipientFields, env: RenderEnv): string {
  const { ops, texts, fallbacks, size } = p;
  let out = '';
  for (let k = 0; k < size; k++) {
    const op = ops[k]!;
    if (op === OP_TEXT) {
      out += texts[k]!;
      continue;
    }
    const v = variableValue(op, texts[k]!, r, env);
    out += v === '' ? (fallbacks[k] ?? '') : v;
  }
  return out;
}

/** The exact message `r` would get. */
export function render(t: CompiledTemplate, r: RecipientFields, options?: RenderOptions): string {
  return runProgram(templateProgram(t), r, renderEnv(t, options));
}

/** A renderer for many recipients: the options are checked once. */
export function bindTemplate(t: CompiledTemplate, options?: RenderOptions): (r: RecipientFields) => string {
  const p = templateProgram(t);
  const env = renderEnv(t, options);
  return (r) => runProgram(p, r, env);
}

export interface PreviewSpan {
  /** UTF-16 offsets into the rendered text: [start, end). A variable that gave nothing has start === end. */
  start: number;
  end: number;
  /** The variable this span came from; null for the template's own text. */
  variable: string | null;
  /** text: the template's; value: the recipient's; fallback: the variable's fallback; empty: nothing at all. */
  source: 'text' | 'value' | 'fallback' | 'empty';
}

export interface RenderedPreview {
  text: string;
  spans: PreviewSpan[];
}

/** The message for one recipient, with what came from where (for highlighting in the compose screen). */
export function renderPreview(t: CompiledTemplate, r: RecipientFields, options?: RenderOptions): RenderedPreview {
  const p = templateProgram(t);
  const env = renderEnv(t, options);
  let text = '';
  const spans: PreviewSpan[] = [];
  for (let k = 0; k < p.size; k++) {
    const op = p.ops[k]!;
    const start = text.length;
    if (op === OP_TEXT) {
      text += p.texts[k]!;
      spans.push({ start, end: text.length, variable: null, source: 'text' });
      continue;
    }
    const v = variableValue(op, p.texts[k]!, r, env);
    const fb = p.fallbacks[k] ?? '';
    const source = v !== '' ? 'value' : fb !== '' ? 'fallback' : 'empty';
    text += v !== '' ? v : fb;
    spans.push({ start, end: text.length, variable: p.names[k]!, source });
  }
  return { text, spans };
}
