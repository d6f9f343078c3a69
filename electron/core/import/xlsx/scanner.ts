import { SpreadsheetError } from './errors';
import type { XmlHandlers } from './xml';

/**
 * A streaming XML tokenizer for the parts of a workbook: elements, attributes, text, CDATA, comments and
 * processing instructions, with the well-formedness checks that matter for reading data — every tag closed in
 * order, quoted attributes without duplicates, only the five predefined entities and character references,
 * nothing but whitespace outside the root element, XML's line-end normalisation. A DOCTYPE is refused (so
 * there is no entity expansion of any kind), and names are reported as written.
 *
 * Why not a general XML parser: a worksheet of a million rows is tens of millions of tags. saxes, checking
 * every name character against the XML grammar, took 14 s to read such a sheet here; this scanner reads it
 * character codes at a time, in linear time whatever the input (no backtracking regular expressions).
 */

/** A reference, or a lone "&" (which is then an error). */
const REFERENCE = /&(?:(lt|gt|amp|quot|apos)|#(\d{1,7})|#x([0-9a-fA-F]{1,6}));|&/g;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const ONLY_SPACE = /^[ \t\r\n]*$/;

export class XmlScanner {
  private pending = '';
  /**
   * While the unscanned rest is plain text (no "<" yet), later chunks are gathered here and joined once a "<"
   * arrives: appending to `pending` and searching it again on every chunk would be quadratic in a long text.
   */
  private textChunks: string[] | null = null;
  private readonly open: string[] = [];
  private rootSeen = false;
  private rootClosed = false;

  constructor(
    private readonly part: string,
    private readonly handlers: XmlHandlers,
  ) {}

  /** True once the root element has opened. */
  get started(): boolean {
    return this.rootSeen;
  }

  write(chunk: string): void {
    if (this.textChunks !== null) {
      this.textChunks.push(chunk);
      if (!chunk.includes('<')) return;
      this.pending = this.textChunks.join('');
      this.textChunks = null;
    } else {
      this.pending = this.pending.length === 0 ? chunk : this.pending + chunk;
    }
    this.scan(false);
  }

  close(): void {
    if (this.textChunks !== null) {
      this.pending = this.textChunks.join('');
      this.textChunks = null;
    }
    this.scan(true);
    if (!this.rootSeen) throw this.error('it has no root element');
    if (this.open.length > 0) throw this.error(`<${this.open[this.open.length - 1]}> is never closed`);
  }

  /** Consumes every complete piece of markup in `pending`; what may continue in the next chunk stays. */
  private scan(final: boolean): void {
    const s = this.pending;
    const n = s.length;
    let i = 0;
    let onlyText = false;
    while (i < n) {
      const lt = s.indexOf('<', i);
      if (lt < 0) {
        // Text runs up to the next "<"; it (and any entity in it) may go on in the next chunk.
        if (final) this.text(s.slice(i));
        else {
          onlyText = true;
          break;
        }
        i = n;
        break;
      }
      if (lt > i) this.text(s.slice(i, lt));
      i = lt;
      const next = i + 1 < n ? s.charCodeAt(i + 1) : -1;
      let end: number;
      if (next === 0x21 /* ! */) {
        end = this.special(s, i, final);
      } else if (next === 0x3f /* ? */) {
        const close = s.indexOf('?>', i + 2);
        if (close < 0 && final) throw this.error('an unfinished processing instruction');
        end = close < 0 ? -1 : close + 2;
      } else {
        end = next === 0x2f /* / */ ? this.endTag(s, i) : this.startTag(s, i);
        // A tag ends before the next "<" (no attribute value may hold one): if another "<" is already here,
        // an unfinished tag is malformed; otherwise it may still be arriving.
        if (end === -1 && (final || s.indexOf('<', i + 1) >= 0)) throw this.malformed(s, i);
      }
      if (end < 0) break;
      i = end;
    }
    this.pending = i >= n ? '' : s.slice(i);
    if (onlyText) this.textChunks = [this.pending];
  }

  /** `<!--…-->`, `<![CDATA[…]]>`; a DOCTYPE is refused. Returns the end, or -1 when incomplete. */
  private special(s: string, i: number, final: boolean): number {
    if (s.startsWith('<!--', i)) {
      const close = s.indexOf('-->', i + 4);
      if (close < 0 && final) throw this.error('an unfinished comment');
      return close < 0 ? -1 : close + 3;
    }
    if (s.startsWith('<![CDATA[', i)) {
      if (this.open.length === 0) throw this.error('CDATA outside the root element');
      const close = s.indexOf(']]>', i + 9);
      if (close < 0 && final) throw this.error('an unfinished CDATA section');
      if (close < 0) return -1;
      const text = s.slice(i + 9, close);
      if (text.length > 0) this.handlers.text(text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text);
      return close + 3;
    }
    if (/^<!DOCTYPE/i.test(s.slice(i, i + 9))) {
      throw new SpreadsheetError(
        'dtd_refused',
        `"${this.part}" contains a DOCTYPE declaration; workbooks never do, so the file was refused.`,
      );
    }
    // Too short to tell yet?
    if (!final && s.length - i < 9) return -1;
    throw this.error(`unexpected markup "${s.slice(i, i + 20)}"`);
  }

  /** Parses `<name attr="value" …>` or `<name …/>` at i; returns its end, -1 when the input stops first. */
  private startTag(s: string, i: number): number {
    const n = s.length;
    let j = i + 1;
    while (j < n && isNameChar(s.charCodeAt(j))) j++;
    if (j >= n) return -1;
    if (j === i + 1) throw this.malformed(s, i);
    const name = s.slice(i + 1, j);
    const attrs: Record<string, string> = {};
    for (;;) {
      const spaced = j;
      while (j < n && isSpace(s.charCodeAt(j))) j++;
      if (j >= n) return -1;
      const c = s.charCodeAt(j);
      if (c === 0x3e /* > */) {
        this.openTag(name, attrs, false);
        return j + 1;
      }
      if (c === 0x2f /* / */) {
        if (j + 1 >= n) return -1;
        if (s.charCodeAt(j + 1) !== 0x3e) throw this.malformed(s, i);
        this.openTag(name, attrs, true);
        return j + 2;
      }
      // An attribute: whitespace before it, a name, "=", a quoted value without "<".
      const start = j;
      while (j < n && isNameChar(s.charCodeAt(j))) j++;
      if (j >= n) return -1;
      if (j === start || j === spaced) throw this.malformed(s, i);
      const key = s.slice(start, j);
      while (j < n && isSpace(s.charCodeAt(j))) j++;
      if (j >= n) return -1;
      if (s.charCodeAt(j) !== 0x3d /* = */) throw this.malformed(s, i);
      j++;
      while (j < n && isSpace(s.charCodeAt(j))) j++;
      if (j >= n) return -1;
      const quote = s.charCodeAt(j);
      if (quote !== 0x22 && quote !== 0x27) throw this.malformed(s, i);
      const close = s.indexOf(quote === 0x22 ? '"' : "'", j + 1);
      if (close < 0) return -1;
      const raw = s.slice(j + 1, close);
      if (raw.includes('<')) throw this.malformed(s, i);
      // An attribute may not repeat; and no name from a file may reach an object's prototype.
      if (Object.hasOwn(attrs, key) || key === '__proto__') throw this.error(`attribute ${key} refused in <${name}>`);
      // Literal tabs and line breaks in a value become spaces (XML attribute-value normalisation).
      attrs[key] = this.decode(/[\t\n\r]/.test(raw) ? raw.replace(/\r\n|[\t\n\r]/g, ' ') : raw);
      j = close + 1;
    }
  }

  /** Parses `</name>` at i; returns its end, -1 when the input stops first. */
  private endTag(s: string, i: number): number {
    const n = s.length;
    let j = i + 2;
    while (j < n && isNameChar(s.charCodeAt(j))) j++;
    if (j >= n) return -1;
    if (j === i + 2) throw this.malformed(s, i);
    const name = s.slice(i + 2, j);
    while (j < n && isSpace(s.charCodeAt(j))) j++;
    if (j >= n) return -1;
    if (s.charCodeAt(j) !== 0x3e) throw this.malformed(s, i);
    this.closeTag(name);
    return j + 1;
  }

  private openTag(name: string, attrs: Record<string, string>, selfClosing: boolean): void {
    if (this.open.length === 0) {
      if (this.rootClosed) throw this.error('a second root element');
      this.rootSeen = true;
    }
    this.handlers.open(name, attrs);
    if (selfClosing) {
      this.handlers.close(name);
      if (this.open.length === 0) this.rootClosed = true;
    } else {
      this.open.push(name);
    }
  }

  private closeTag(name: string): void {
    const top = this.open.pop();
    if (top !== name) {
      throw this.error(top === undefined ? `</${name}> closes nothing` : `</${name}> where </${top}> was expected`);
    }
    this.handlers.close(name);
    if (this.open.length === 0) this.rootClosed = true;
  }

  private text(raw: string): void {
    if (this.open.length === 0) {
      if (!ONLY_SPACE.test(raw)) throw this.error('text outside the root element');
      return;
    }
    const text = raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw;
    this.handlers.text(this.decode(text));
  }

  private decode(s: string): string {
    if (!s.includes('&')) return s;
    let bad = false;
    const out = s.replace(REFERENCE, (m, named?: string, dec?: string, hex?: string) => {
      if (named) return PREDEFINED[named]!;
      const cp = dec !== undefined ? Number(dec) : hex !== undefined ? Number.parseInt(hex, 16) : -1;
      // m === "&": not a reference we know (an undefined entity, or a bare "&").
      if (m === '&' || cp < 1 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
        bad = true;
        return '';
      }
      return String.fromCodePoint(cp);
    });
    if (bad) throw this.error('an undefined entity or a bare "&"');
    return out;
  }

  private malformed(s: string, i: number): SpreadsheetError {
    return this.error(`unexpected markup "${s.slice(i, i + 40)}"`);
  }

  private error(what: string): SpreadsheetError {
    return new SpreadsheetError('bad_xml', `"${this.part}" is not well-formed XML: ${what}`);
  }
}

/** Whitespace in XML: space, tab, CR, LF. */
const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;

/** Anything but whitespace and the characters that end or delimit a name. */
const isNameChar = (c: number): boolean =>
  c > 0x3f ||
  (c > 0x20 &&
    c !== 0x2f && // /
    c !== 0x3e && // >
    c !== 0x3d && // =
    c !== 0x3c && // <
    c !== 0x22 && // "
    c !== 0x27 && // '
    c !== 0x21 && // !
    c !== 0x3f); // ?
