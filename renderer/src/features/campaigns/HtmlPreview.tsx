import { useMemo } from 'react';
import { useT } from '../../i18n/use-t';
import { stripInlineMarkup } from './letter-markup';

/**
 * A personalised letter shown as mail programs would show it: in an <iframe sandbox=""> (no scripts, no
 * forms, no navigation, an origin of its own) filled through srcdoc. A srcdoc document keeps the page's
 * strict CSP, so what that policy would refuse is taken out first, rather than left to be refused with an
 * error: scripts, frames, forms and event handlers (the sandbox would block them anyway), stylesheets and
 * style attributes (style-src allows no inline CSS — the letter's layout and text are shown, its styling
 * is not, and the note under the frame says so), and pictures from the network (img-src allows data:
 * only; the letter's own pictures, cid:…, are shown from their bytes).
 */

const REMOVE =
  'script, style, link, meta, base, iframe, frame, frameset, object, embed, applet, form, input, noscript, title, ' +
  // Sound and video (media-src allows nothing; mail programs do not play them either).
  'audio, video, source, track';

export interface PreviewPicture {
  cid: string;
  dataUrl: string;
}

export interface PreparedPreview {
  srcdoc: string;
  /** What was left out, for the note. */
  styles: boolean;
  remote: number;
}

/** The letter made safe and quiet for the page's CSP; `cid:` pictures shown from their bytes. */
export function prepareLetter(html: string, pictures: readonly PreviewPicture[]): PreparedPreview {
  // Handlers and inline CSS go before the parser meets them (./letter-markup.ts says why); the loops below
  // still take out whatever that pass did not.
  const first = stripInlineMarkup(html);
  const doc = new DOMParser().parseFromString(first.html, 'text/html');
  const byCid = new Map(pictures.map((p) => [p.cid.toLowerCase(), p.dataUrl]));
  let styles = first.styles;
  let remote = 0;
  for (const el of Array.from(doc.querySelectorAll(REMOVE))) {
    if (el.localName === 'style' || el.localName === 'link') styles = true;
    el.remove();
  }
  for (const el of Array.from(doc.querySelectorAll('*'))) {
    for (const attr of Array.from(el.attributes)) {
      const name = attr.name.toLowerCase();
      if (name === 'style') {
        styles = true;
        el.removeAttribute(attr.name);
      } else if (name.startsWith('on') || name === 'srcset' || name === 'background' || name === 'poster') {
        el.removeAttribute(attr.name);
      }
    }
  }
  for (const img of Array.from(doc.querySelectorAll('img'))) {
    const src = img.getAttribute('src') ?? '';
    const cid = /^cid:(.+)$/i.exec(src.trim());
    const data = cid ? byCid.get(cid[1]!.toLowerCase()) : undefined;
    if (data) img.setAttribute('src', data);
    else {
      if (src !== '' && !src.startsWith('data:')) remote += 1;
      img.removeAttribute('src');
    }
  }
  // Links open nothing from the preview (the sandbox allows no navigation); their address shows on hover.
  for (const a of Array.from(doc.querySelectorAll('a[href]'))) {
    a.setAttribute('title', a.getAttribute('href') ?? '');
    a.removeAttribute('href');
  }
  const body = doc.body.innerHTML;
  return {
    srcdoc: `<!doctype html><html><head><meta charset="utf-8"></head><body>${body}</body></html>`,
    styles,
    remote,
  };
}

/** FNV-1a, as a frame's key. */
function hash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36) + s.length.toString(36);
}

export function HtmlPreview({
  html,
  pictures,
  title,
  testId,
}: {
  html: string;
  pictures: readonly PreviewPicture[];
  title: string;
  testId: string;
}) {
  const t = useT();
  const prepared = useMemo(() => prepareLetter(html, pictures), [html, pictures]);
  // A new frame for each letter rather than the same frame navigated again: Chromium does not always repaint
  // a sandboxed (cross-origin) frame whose srcdoc changes, so the old letter — or nothing — stayed on screen.
  const key = useMemo(() => hash(prepared.srcdoc), [prepared.srcdoc]);
  return (
    <div className="html-preview" data-testid={testId}>
      <iframe
        key={key}
        className="html-preview-frame"
        sandbox=""
        referrerPolicy="no-referrer"
        title={title}
        srcDoc={prepared.srcdoc}
        data-testid={`${testId}-frame`}
      />
      {(prepared.styles || prepared.remote > 0) && (
        <p className="small muted" data-testid={`${testId}-note`}>
          {[
            prepared.styles ? t('campaigns.html.previewNoStyles') : null,
            prepared.remote > 0 ? t('campaigns.html.previewNoRemote', { count: prepared.remote }) : null,
          ]
            .filter(Boolean)
            .join(' ')}
        </p>
      )}
    </div>
  );
}
