/**
 * A first pass over a letter's markup for the preview (HtmlPreview), before any DOM sees it: event handlers
 * (on…=), style attributes, and <style> and <script> elements with their content are dropped from the text.
 *
 * Why not leave all of it to the DOM pass: Chromium checks the page's CSP as soon as a parser meets an inline
 * handler, a style attribute or a <style> element — even in an inert DOMParser document — and logs a violation
 * for each (blocked, but a letter full of style="…", which is most letters, would fill the console). What this
 * scanner misses (it follows the HTML tokenizer only as far as tags and attributes go) the DOM pass still
 * removes, the CSP still blocks, and the sandboxed frame still never runs. Pure, so unit-tested under Node.
 */

/** Elements whose content is raw text up to their end tag: no tags inside them. */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript']);
/** Raw-text elements dropped whole, content and all. */
const DROPPED = new Set(['script', 'style']);

const SPACE = /[\t\n\f\r ]/;

export interface StrippedMarkup {
  html: string;
  /** A style attribute or a <style> element was dropped (the preview says styling is not shown). */
  styles: boolean;
}

export function stripInlineMarkup(html: string): StrippedMarkup {
  let out = '';
  let styles = false;
  let i = 0;
  const n = html.length;
  while (i < n) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      out += html.slice(i);
      break;
    }
    out += html.slice(i, lt);
    i = lt;
    if (html.startsWith('<!--', i)) {
      const end = html.indexOf('-->', i + 4);
      const stop = end < 0 ? n : end + 3;
      out += html.slice(i, stop);
      i = stop;
      continue;
    }
    if (!/[A-Za-z]/.test(html[i + 1] ?? '')) {
      out += '<';
      i += 1;
      continue;
    }
    // A start tag: its name, then attributes up to ">".
    let j = i + 1;
    while (j < n && !SPACE.test(html[j]!) && html[j] !== '/' && html[j] !== '>') j++;
    const name = html.slice(i + 1, j).toLowerCase();
    let tag = html.slice(i, j);
    let closed = false;
    while (j < n) {
      const c = html[j]!;
      if (SPACE.test(c) || c === '/') {
        tag += c;
        j++;
        continue;
      }
      if (c === '>') {
        tag += c;
        j++;
        closed = true;
        break;
      }
      const start = j;
      // An attribute's name (a leading "=" belongs to it, as the tokenizer has it) …
      j++;
      while (j < n && !SPACE.test(html[j]!) && !'/>='.includes(html[j]!)) j++;
      const attr = html.slice(start, j).toLowerCase();
      // … then, maybe, "=" and its value: quoted, or up to a space or ">".
      let k = j;
      while (k < n && SPACE.test(html[k]!)) k++;
      if (html[k] === '=') {
        k++;
        while (k < n && SPACE.test(html[k]!)) k++;
        const q = html[k];
        if (q === '"' || q === "'") {
          const close = html.indexOf(q, k + 1);
          k = close < 0 ? n : close + 1;
        } else {
          while (k < n && !SPACE.test(html[k]!) && html[k] !== '>') k++;
        }
        j = k;
      }
      if (attr.startsWith('on')) continue;
      if (attr === 'style') {
        styles = true;
        continue;
      }
      tag += html.slice(start, j);
    }
    i = j;
    // (A "/>" does not end a raw-text element: the tokenizer ignores it there.)
    if (!RAW_TEXT.has(name) || !closed) {
      out += tag;
      continue;
    }
    // Raw text up to "</name" (any case); a <script> or <style> goes whole.
    const end = new RegExp(`</${name}[^>]*>?`, 'gi');
    end.lastIndex = i;
    const m = end.exec(html);
    const stop = m ? m.index + m[0].length : n;
    if (DROPPED.has(name)) {
      if (name === 'style') styles = true;
    } else {
      out += tag + html.slice(i, stop);
    }
    i = stop;
  }
  return { html: out, styles };
}
