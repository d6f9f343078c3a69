import { FIELD_ATTRIBUTE } from './import';
import { LIMITS } from './contact';
import type { Label } from './providers';
import { FORBIDDEN_KEYS } from './safe-keys';

/**
 * Message templates with variables, for campaigns (рассылки): "Здравствуйте, {first_name|клиент}! На вашем
 * счёте {balance} бонусов." — the syntax the users know from ProBonus and CRM SMS packages.
 *
 * Syntax
 * - `{name}` is a variable; `{name|text}` gives `text` when the recipient's value is empty (missing, or only
 *   whitespace). Name and fallback are trimmed; the fallback cannot hold braces or a line break.
 * - Names: the built-ins below, or any custom attribute by its exact name (`{Город}`, `{Дата визита}`).
 *   A name no contact has is not an error — attributes vary — but `attributeKeys` lists what the template
 *   reads, so the UI can warn (see `missingAttributes`).
 * - A literal brace is written twice: `{{` and `}}`. So `{{first_name}}` is the text "{first_name}" (a
 *   warning says so: people who know WhatsApp templates write variables that way).
 * - Errors, each with its position: a `{` not closed on its line, a `}` without a `{`, an empty name, two `|`
 *   in one variable, a name no attribute can have (`__proto__`, longer than an attribute key may be).
 *
 * Values
 * - {first_name} {last_name} {middle_name}: the contact's name fields, trimmed.
 * - {full_name}: last, first, middle name — the order of ФИО — the empty ones left out, single spaces.
 * - {balance}: the `balance` attribute (what an import's "Баланс" column fills) as a Russian number: digit
 *   groups of three separated by a PLAIN space (U+0020) and a decimal comma; integers have no decimals,
 *   anything else two, rounded half away from zero: 1500 → "1 500", 1500.5 → "1 500,50",
 *   -1234567.891 → "-1 234 567,89". The plain space is deliberate: `Intl.NumberFormat('ru-RU')` puts a no-break
 *   space there, which is not in GSM-7 and would turn every SMS into UCS-2 (70 characters a part instead of
 *   160). `numberGrouping: 'nbsp'` asks for the no-break space (e-mail, where a number should not wrap). A
 *   value that is not a number ("нет") is given as it is.
 * - {birthday}: the `birthday` attribute; an ISO date ("1985-06-21", what imports store) becomes "21.06.1985".
 * - {today}: the campaign's date as dd.mm.yyyy. The caller passes it (`today: 'YYYY-MM-DD'`, the date in the
 *   campaign's time zone — `localDate` computes it); this module never reads the clock.
 * - {phone} {email}: as stored (phones in E.164: +79161234567).
 *
 * Rendering is compiled: the text is parsed once into literal parts and variable slots, and `render` only
 * concatenates (no regular expressions, no parsing per recipient).
 */

// --- the variables --------------------------------------------------------------------------------------

/** What the compiled program does for each part. */
export const OP_TEXT = 0;
export const OP_FIRST = 1;
export const OP_LAST = 2;
export const OP_MIDDLE = 3;
export const OP_FULL = 4;
export const OP_BALANCE = 5;
export const OP_TODAY = 6;
export const OP_PHONE = 7;
export const OP_EMAIL = 8;
export const OP_BIRTHDAY = 9;
export const OP_ATTR = 10;

export const BALANCE_KEY = FIELD_ATTRIBUTE.balance ?? 'balance';
export const BIRTHDAY_KEY = FIELD_ATTRIBUTE.birthday ?? 'birthday';

export const BUILTIN_VARIABLES = [
  'first_name',
  'last_name',
  'middle_name',
  'full_name',
  'balance',
  'birthday',
  'today',
  'phone',
  'email',
] as const;
export type BuiltinVariable = (typeof BUILTIN_VARIABLES)[number];

const BUILTIN_OPS: Readonly<Record<BuiltinVariable, number>> = {
  first_name: OP_FIRST,
  last_name: OP_LAST,
  middle_name: OP_MIDDLE,
  full_name: OP_FULL,
  balance: OP_BALANCE,
  birthday: OP_BIRTHDAY,
  today: OP_TODAY,
  phone: OP_PHONE,
  email: OP_EMAIL,
};

/** For the variable picker of the compose screen. */
export const VARIABLE_LABELS: Readonly<Record<BuiltinVariable, Label>> = {
  first_name: { ru: 'Имя', en: 'First name' },
  last_name: { ru: 'Фамилия', en: 'Last name' },
  middle_name: { ru: 'Отчество', en: 'Middle name' },
  full_name: { ru: 'ФИО', en: 'Full name' },
  balance: { ru: 'Баланс', en: 'Balance' },
  birthday: { ru: 'Дата рождения', en: 'Birthday' },
  today: { ru: 'Дата рассылки', en: "Campaign's date" },
  phone: { ru: 'Телефон', en: 'Phone' },
  email: { ru: 'E-mail', en: 'E-mail' },
};

export function isBuiltinVariable(name: string): name is BuiltinVariable {
  return Object.hasOwn(BUILTIN_OPS, name);
}

/** The fields of a recipient a template reads. A `Contact` is one. */
export interface RecipientFields {
  readonly id?: number;
  readonly lastName?: string | null;
  readonly firstName?: string | null;
  readonly middleName?: string | null;
  readonly phone?: string | null;
  readonly email?: string | null;
  /** Custom attributes by name ("Город", "balance", "birthday"). */
  readonly attributes?: Readonly<Record<string, string>> | null;
}

// --- compiling ------------------------------------------------------------------------------------------

export type TemplateIssueCode =
  | 'unclosed_brace'
  | 'unmatched_closing_brace'
  | 'empty_variable_name'
  | 'unknown_syntax'
  | 'impossible_variable_name'
  /** A warning: `{{name}}` is literal text, not a variable. */
  | 'escaped_variable';

export interface TemplateIssue {
  code: TemplateIssueCode;
  /** In English; the UI words it from `code` (and `name` where there is one). */
  message: string;
  /** UTF-16 offsets into the template text: [start, end). */
  start: number;
  end: number;
  /** 1-based line and column (in UTF-16 units) of `start`. */
  line: number;
  column: number;
  /** The variable name concerned, when there is one. */
  name?: string;
}

export interface TemplateTextPart {
  readonly kind: 'text';
  /** The text as it is sent (`{{` already one brace). */
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

export interface TemplateVariablePart {
  readonly kind: 'variable';
  readonly name: string;
  /** Used when the value is empty; null when the variable has none (an empty value gives nothing). */
  readonly fallback: string | null;
  readonly builtin: boolean;
  readonly start: number;
  readonly end: number;
}

export type TemplatePart = TemplateTextPart | TemplateVariablePart;

export interface CompiledTemplate {
  readonly source: string;
  /** Literal text (adjacent pieces merged) and variables, in order. */
  readonly parts: readonly TemplatePart[];
  /** Distinct variable names in order of first use. */
  readonly variables: readonly string[];
  /** Distinct attribute keys the template reads (custom ones, and `balance`/`birthday` when used). */
  readonly attributeKeys: readonly string[];
  /** The literal text alone (all parts that are not variables, fallbacks not included). */
  readonly literalText: string;
  readonly warnings: readonly TemplateIssue[];
}

export type CompileResult =
  { ok: true; template: CompiledTemplate } | { ok: false; errors: TemplateIssue[]; warnings: TemplateIssue[] };

/** What `render` runs: one op per part, with its literal text or attribute key and fallback. */
export interface TemplateProgram {
  readonly size: number;
  readonly ops: Uint8Array;
  /** The literal text (OP_TEXT) or the attribute key (custom attributes); '' otherwise. */
  readonly texts: readonly string[];
  readonly fallbacks: readonly (string | null)[];
  /** The variable's name; '' for text. */
  readonly names: readonly string[];
  /** Index of the part's variable in `variables`, -1 for text. */
  readonly variableIndex: Int32Array;
  readonly usesToday: boolean;
}

const PROGRAMS = new WeakMap<CompiledTemplate, TemplateProgram>();

/** The 1-based line and column of `offset` in `text` (for error positions). */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line += 1;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

const MESSAGES: Record<TemplateIssueCode, (name: string) => string> = {
  unclosed_brace: () => 'This "{" is not closed by "}" on its line; write "{{" for a literal brace',
  unmatched_closing_brace: () => 'This "}" closes nothing; write "}}" for a literal brace',
  empty_variable_name: () => 'A variable without a name: write {first_name}, {balance}, {Город}…',
  unknown_syntax: () => 'A variable takes one fallback: {name|text}; a second "|" is not allowed',
  impossible_variable_name: (name) =>
    name.length > LIMITS.attributeKey
      ? `Longer than an attribute name can be (${LIMITS.attributeKey} characters); for braces in the text write "{{" and "}}"`
      : `"${name}" cannot be an attribute name`,
  escaped_variable: (name) =>
    `"{{${name}}}" is sent as the text "{${name}}"; a variable is written in single braces: {${name}}`,
};

/** Does a code unit end a variable's name or fallback without closing it? */
const isBreak = (c: number) => c === 123 /* { */ || c === 10 || c === 13;

/**
 * Parses a template once. Returns the compiled template, or every error found (with positions) — never
 * throws. Unknown variable names are not errors: see `attributeKeys` and `missingAttributes`.
 */
export function compileTemplate(text: string): CompileResult {
  const errors: TemplateIssue[] = [];
  const warnings: TemplateIssue[] = [];
  const parts: TemplatePart[] = [];
  const variables: string[] = [];
  const attributeKeys: string[] = [];
  let literalText = '';
  let lit = '';
  let litStart = 0;
  const issue = (list: TemplateIssue[], code: TemplateIssueCode, start: number, end: number, name?: string) => {
    list.push({
      code,
      message: MESSAGES[code](name ?? ''),
      start,
      end,
      ...lineColumn(text, start),
      ...(name === undefined ? {} : { name }),
    });
  };
  const flush = (end: number) => {
    if (lit !== '') parts.push({ kind: 'text', text: lit, start: litStart, end });
    literalText += lit;
    lit = '';
  };

  const n = text.length;
  let i = 0;
  let runStart = 0; // start of the plain run being collected into `lit`
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c !== 123 && c !== 125) {
      i += 1;
      continue;
    }
    lit += text.slice(runStart, i);
    if (c === 125 /* } */) {
      if (text.charCodeAt(i + 1) === 125) {
        lit += '}';
        i += 2;
      } else {
        issue(errors, 'unmatched_closing_brace', i, i + 1);
        i += 1;
      }
      runStart = i;
      continue;
    }
    // "{"
    if (text.charCodeAt(i + 1) === 123) {
      // A literal brace. `{{name}}` looks like a variable to anyone who knows WhatsApp templates: say so.
      let k = i + 2;
      while (k < n && !isBreak(text.charCodeAt(k)) && text.charCodeAt(k) !== 125) k += 1;
      const inner = text.slice(i + 2, k).trim();
      if (text.charCodeAt(k) === 125 && text.charCodeAt(k + 1) === 125 && inner !== '') {
        if (inner.length <= LIMITS.attributeKey) issue(warnings, 'escaped_variable', i, k + 2, inner);
      }
      lit += '{';
      i += 2;
      runStart = i;
      continue;
    }
    // A variable: up to "}" on the same line.
    let j = i + 1;
    let pipe = -1;
    let secondPipe = -1;
    while (j < n) {
      const d = text.charCodeAt(j);
      if (d === 125 || isBreak(d)) break;
      if (d === 124 /* | */) {
        if (pipe < 0) pipe = j;
        else if (secondPipe < 0) secondPipe = j;
      }
      j += 1;
    }
    if (j >= n || text.charCodeAt(j) !== 125) {
      issue(errors, 'unclosed_brace', i, j);
      // Go on from where the variable broke off (a "{" there opens the next one).
      i = j;
      runStart = j;
      continue;
    }
    const name = text.slice(i + 1, pipe < 0 ? j : pipe).trim();
    const fallback = pipe < 0 ? null : text.slice(pipe + 1, j).trim();
    const before = errors.length;
    if (secondPipe >= 0) issue(errors, 'unknown_syntax', secondPipe, secondPipe + 1, name);
    if (name === '') issue(errors, 'empty_variable_name', i, j + 1);
    else if (FORBIDDEN_KEYS.has(name) || name.length > LIMITS.attributeKey) {
      issue(errors, 'impossible_variable_name', i, j + 1, name);
    }
    if (errors.length === before) {
      flush(i);
      const builtin = isBuiltinVariable(name);
      parts.push({ kind: 'variable', name, fallback, builtin, start: i, end: j + 1 });
      if (!variables.includes(name)) variables.push(name);
      const key = builtin ? (name === 'balance' ? BALANCE_KEY : name === 'birthday' ? BIRTHDAY_KEY : null) : name;
      if (key !== null && !attributeKeys.includes(key)) attributeKeys.push(key);
      litStart = j + 1;
    }
    i = j + 1;
    runStart = i;
  }
  lit += text.slice(runStart, n);
  flush(n);
  if (errors.length > 0) return { ok: false, errors, warnings };
  const template: CompiledTemplate = {
    source: text,
    parts,
    variables,
    attributeKeys,
    literalText,
    warnings,
  };
  PROGRAMS.set(template, buildProgram(template));
  return { ok: true, template };
}

/** Compiles a template known to be valid (tests, benchmarks, saved campaigns); throws on errors. */
export function mustCompile(text: string): CompiledTemplate {
  const r = compileTemplate(text);
  if (!r.ok) throw new Error(`template error at ${r.errors[0]!.line}:${r.errors[0]!.column}: ${r.errors[0]!.message}`);
  return r.template;
}

function buildProgram(t: CompiledTemplate): TemplateProgram {
  const size = t.parts.length;
  const ops = new Uint8Array(size);
  const texts: string[] = [];
  const fallbacks: (string | null)[] = [];
  const names: string[] = [];
  const variableIndex = new Int32Array(size).fill(-1);
  let usesToday = false;
  t.parts.forEach((p, k) => {
    if (p.kind === 'text') {
      ops[k] = OP_TEXT;
      texts.push(p.text);
      fallbacks.push(null);
      names.push('');
      return;
    }
    const op = isBuiltinVariable(p.name) ? BUILTIN_OPS[p.name] : OP_ATTR;
    ops[k] = op;
    if (op === OP_TODAY) usesToday = true;
    texts.push(op === OP_ATTR ? p.name : '');
    fallbacks.push(p.fallback);
    names.push(p.name);
    variableIndex[k] = t.variables.indexOf(p.name);
  });
  return { size, ops, texts, fallbacks, names, variableIndex, usesToday };
}

/** The compiled program of a template (rebuilt from its source when it came from elsewhere, e.g. over IPC). */
export function templateProgram(t: CompiledTemplate): TemplateProgram {
  let p = PROGRAMS.get(t);
  if (!p) {
    const again = compileTemplate(t.source);
    if (!again.ok) throw new Error('not a valid template');
    p = buildProgram(again.template);
    PROGRAMS.set(t, p);
  }
  return p;
}

/** Attribute keys the template reads that none of `known` (the keys the base has) is: for a warning. */
export function missingAttributes(t: CompiledTemplate, known: Iterable<string>): string[] {
  const have = new Set(known);
  return t.attributeKeys.filter((k) => !have.has(k));
}

export const TEXT_OP = OP_TEXT;
export const TODAY_OP = OP_TODAY;

// Rendering (values, formatting, previews) lives in ./template-render.ts.
export * from './template-render';
