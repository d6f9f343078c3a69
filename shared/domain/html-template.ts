import {
  OP_TEXT,
  compileTemplate,
  lineColumn,
  renderEnv,
  templateProgram,
  variableValue,
  type CompileResult,
  type CompiledTemplate,
  type RecipientFields,
  type RenderOptions,
  type TemplateIssue,
} from './template';

/**
 * The HTML version of an e-mail as a template: the same variables as the text ({first_name|клиент},
 * {balance}, {Город}…), personalised per recipient, with every value — and every fallback — HTML-escaped, so a
 * name like `<script>` or `"` arrives as text, never as markup or the end of an attribute.
 *
 * Braces in CSS: the text inside `<style>…</style>` is taken as it is (CSS is full of `{ }`, and no one writes
 * a variable there), so a letter's stylesheet needs no doubled braces. Everywhere else the syntax is the
 * text's (./template.ts), `{{`/`}}` included; positions of errors are in the HTML as the user typed it.
 *
 * {balance} groups digits with a no-break space here (a number in a letter should not wrap); the text/plain
 * alternative keeps the plain space, as SMS does.
 */

const STYLE_OPEN = /<style\b[^>]*>/gi;
const STYLE_CLOSE = /<\/style\s*>/gi;

/**
 * The HTML with every brace inside a <style> element doubled, where the added braces went (sorted), and where
 * the style elements' bodies are in the result.
 */
function escapeStyleBraces(html: string): { text: string; added: number[]; bodies: [number, number][] } {
  let out = '';
  const added: number[] = [];
  const bodies: [number, number][] = [];
  let from = 0;
  STYLE_OPEN.lastIndex = 0;
  for (let open = STYLE_OPEN.exec(html); open; open = STYLE_OPEN.exec(html)) {
    const bodyStart = open.index + open[0].length;
    STYLE_CLOSE.lastIndex = bodyStart;
    const close = STYLE_CLOSE.exec(html);
    const bodyEnd = close ? close.index : html.length;
    out += html.slice(from, bodyStart);
    const start = out.length;
    for (let i = bodyStart; i < bodyEnd; i++) {
      const c = html[i]!;
      out += c;
      if (c === '{' || c === '}') {
        added.push(out.length);
        out += c;
      }
    }
    bodies.push([start, out.length]);
    from = bodyEnd;
    STYLE_OPEN.lastIndex = close ? close.index + close[0].length : html.length;
    if (!close) break;
  }
  return { text: out + html.slice(from), added, bodies };
}

/** Compiles the HTML of a letter (see above). Never throws; errors carry positions in `html` itself. */
export function compileHtmlTemplate(html: string): CompileResult {
  const { text, added, bodies } = escapeStyleBraces(html);
  const r = compileTemplate(text);
  if (added.length === 0) return r;
  // "{{…}} is text, not a variable" is what the doubling above meant in CSS, not something the user wrote.
  const ours = (issue: TemplateIssue) =>
    issue.code === 'escaped_variable' && bodies.some(([from, to]) => issue.start >= from && issue.start < to);
  const kept = (issues: readonly TemplateIssue[]) => issues.filter((issue) => !ours(issue));
  // Back to the user's offsets: each added brace before an offset moved it one place on.
  const back = (offset: number) => {
    let lo = 0;
    let hi = added.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (added[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    return offset - lo;
  };
  const fix = (issue: TemplateIssue): TemplateIssue => {
    const start = back(issue.start);
    return { ...issue, start, end: back(issue.end), ...lineColumn(html, start) };
  };
  if (r.ok) return { ok: true, template: { ...r.template, warnings: kept(r.template.warnings).map(fix) } };
  return { ok: false, errors: r.errors.map(fix), warnings: kept(r.warnings).map(fix) };
}

export function mustCompileHtml(html: string): CompiledTemplate {
  const r = compileHtmlTemplate(html);
  if (!r.ok) throw new Error(`HTML error at ${r.errors[0]!.line}:${r.errors[0]!.column}: ${r.errors[0]!.message}`);
  return r.template;
}

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe anywhere in HTML: element content and quoted attribute values alike. */
export function escapeHtml(s: string): string {
  return /[&<>"']/.test(s) ? s.replace(/[&<>"']/g, (c) => ESCAPES[c]!) : s;
}

/** A renderer of the letter's HTML for many recipients; the options are checked once. */
export function bindHtmlTemplate(
  t: CompiledTemplate,
  options: Omit<RenderOptions, 'numberGrouping'> = {},
): (r: RecipientFields) => string {
  const p = templateProgram(t);
  const env = renderEnv(t, { ...options, numberGrouping: 'nbsp' });
  const { ops, texts, fallbacks, size } = p;
  return (r) => {
    let out = '';
    for (let k = 0; k < size; k++) {
      const op = ops[k]!;
      if (op === OP_TEXT) {
        out += texts[k]!;
        continue;
      }
      const v = variableValue(op, texts[k]!, r, env);
      out += escapeHtml(v === '' ? (fallbacks[k] ?? '') : v);
    }
    return out;
  };
}

/** The letter's HTML for one recipient. */
export function renderHtml(t: CompiledTemplate, r: RecipientFields, options?: Omit<RenderOptions, 'numberGrouping'>) {
  return bindHtmlTemplate(t, options)(r);
}

/** The `cid:` names an HTML refers to (src="cid:logo.png", url(cid:…)), in order of first use. */
export function cidReferences(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/\bcid:([^\s"'()<>]+)/gi)) {
    const name = m[1]!;
    if (!out.includes(name)) out.push(name);
  }
  return out;
}
