import { randomBytes } from 'node:crypto';
import type { PictureRow } from '../repos/campaign-pictures';

/**
 * A personalised letter shown as mail programs show it — its own CSS included — in a document of its own.
 *
 * The app's pages allow no inline CSS (style-src 'self'), and a srcdoc frame keeps its parent's policy, so a
 * letter drawn there lost its styling. Instead the renderer hands the letter to the core (campaigns:letter-view)
 * and frames the path it gets back; each shell serves that path (the web shell's /letter/<token>, Electron's
 * app://vestnik/letter/<token>) with LETTER_HEADERS.
 *
 * Security contract — the document's own policy makes whatever the letter holds inert, so nothing is parsed
 * or cleaned here: `sandbox` (no scripts, forms, popups or navigation of the app; an opaque origin),
 * `default-src 'none'` (no network: no remote pictures, fonts or CSS imports), inline CSS allowed, pictures
 * from data: only — the letter's own (cid:…) are put in as data: URLs from their bytes. It may be framed by
 * our pages only, and the page's `frame-src 'self'` keeps the frame from being navigated anywhere else.
 */

export const LETTER_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox; frame-ancestors 'self'; " +
  "base-uri 'none'; form-action 'none'";

export const LETTER_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy': LETTER_CSP,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'SAMEORIGIN',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

/** Before anything of the letter: its links open nowhere (see letterDocument). */
const STAY = '<base target="_blank">';

/** Where a letter view is served, under either shell's origin. */
export const LETTER_PATH = '/letter/';

/** The letter as one HTML document, `cid:` pictures as data: URLs; nothing else is changed. */
export function letterDocument(html: string, pictures: readonly PictureRow[]): string {
  const byCid = new Map(pictures.map((p) => [p.cid.toLowerCase(), p]));
  // src="cid:logo" (any quoting): the picture of that name, or left as it is (the policy shows nothing for it).
  const body = html.replace(
    /(\bsrc\s*=\s*)(["']?)cid:([^"'\s>]+)\2/gi,
    (whole, attr: string, q: string, cid: string) => {
      const p = byCid.get(cid.toLowerCase());
      return p ? `${attr}${q || '"'}data:${p.contentType};base64,${p.data.toString('base64')}${q || '"'}` : whole;
    },
  );
  // The charset travels in the Content-Type header. A link clicked in the preview would navigate the frame
  // itself (which the page's frame-src then refuses, leaving an error page): the first <base> sends links to a
  // new window instead, which the sandbox does not open — the letter stays on screen.
  return /<html[\s>]/i.test(body)
    ? `${STAY}${body}`
    : `<!doctype html><html><head>${STAY}</head><body>${body}</body></html>`;
}

/** How many pictures the letter takes from the network (the preview cannot show them; the note says so). */
export function remotePictures(html: string): number {
  return (html.match(/<img\b[^>]*?\bsrc\s*=\s*["']?\s*(?:https?:)?\/\//gi) ?? []).length;
}

/** Letter views kept for a while, by unguessable token: the latest few, each for a quarter of an hour. */
export class LetterViews {
  private readonly views = new Map<string, { html: string; at: number }>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly max = 16,
    private readonly ttlMs = 15 * 60_000,
  ) {}

  put(document: string): string {
    const token = randomBytes(18).toString('base64url');
    this.views.set(token, { html: document, at: this.now() });
    for (const [t, v] of this.views) {
      if (this.views.size <= this.max && this.now() - v.at <= this.ttlMs) break;
      this.views.delete(t);
    }
    return token;
  }

  /** The document behind `token`, or null when it is unknown or expired. */
  get(token: string): string | null {
    const v = this.views.get(token);
    if (!v) return null;
    if (this.now() - v.at > this.ttlMs) {
      this.views.delete(token);
      return null;
    }
    return v.html;
  }
}
