import path from 'node:path';
import { APP_HOST, APP_SCHEME, parseUrl } from './app-url';

/**
 * Maps an app://vestnik request URL to a file inside dist/renderer.
 *
 * Security contract: the result is always a file strictly inside `root`. Each path segment is percent-decoded
 * exactly once and refused when it is empty, `.`/`..`, contains a slash, backslash, colon or NUL (encoded
 * traversal `%2e%2e`, `..%2f`, `..%5c`, Windows drive letters and alternate data streams), is a Windows device
 * name, or is a dot-file. The joined path is then re-checked to lie under `root`, so a mistake in the segment
 * rules cannot become a read outside the renderer folder. Query and fragment are ignored; other hosts and
 * schemes are refused.
 */

export type AppPathResult = { ok: true; file: string } | { ok: false; status: 400 | 403 | 404; reason: string };

const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(\..*)?$/i;
const FORBIDDEN_CHARS = /[/\\:\0]/;
export const INDEX_FILE = 'index.html';

function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

export function resolveAppPath(requestUrl: string, root: string): AppPathResult {
  const url = parseUrl(requestUrl);
  if (url === null || url.protocol !== `${APP_SCHEME}:`) return { ok: false, status: 400, reason: 'not an app URL' };
  if (url.host !== APP_HOST || url.username !== '' || url.password !== '') {
    return { ok: false, status: 403, reason: 'foreign host' };
  }
  // Chromium always hands us at least "/"; Node's parser leaves a non-special scheme's empty path empty.
  return resolvePathname(url.pathname === '' ? '/' : url.pathname, root);
}

/**
 * The segment rules on a raw (still percent-encoded) URL path. Separate from URL parsing so the rules are tested
 * on inputs the WHATWG parser would already have normalised: they must hold even if a parser did not.
 */
export function resolvePathname(pathname: string, root: string): AppPathResult {
  if (!pathname.startsWith('/')) return { ok: false, status: 400, reason: 'relative path' };

  const rawSegments = pathname === '/' ? [] : pathname.slice(1).split('/');
  const segments: string[] = [];
  for (const raw of rawSegments) {
    const segment = decodeSegment(raw);
    if (segment === null) return { ok: false, status: 400, reason: 'bad percent-encoding' };
    if (segment === '' || segment === '.' || segment === '..') {
      return { ok: false, status: 403, reason: 'empty or dot segment' };
    }
    if (FORBIDDEN_CHARS.test(segment)) return { ok: false, status: 403, reason: 'separator in segment' };
    if (segment.startsWith('.')) return { ok: false, status: 404, reason: 'hidden file' };
    if (WINDOWS_DEVICE.test(segment)) return { ok: false, status: 403, reason: 'device name' };
    segments.push(segment);
  }
  if (segments.length === 0) segments.push(INDEX_FILE);

  const base = path.resolve(root);
  const file = path.resolve(base, ...segments);
  const relative = path.relative(base, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    return { ok: false, status: 403, reason: 'outside root' };
  }
  return { ok: true, file };
}

/**
 * A client-side route (a path whose last segment has no extension, e.g. app://vestnik/contacts) is answered
 * with index.html so a reload keeps working; asset paths (with an extension) must exist as files.
 */
export function isClientRoute(file: string): boolean {
  return path.extname(file) === '';
}

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

/** Content type by extension; unknown types are served as inert bytes (with nosniff, never executed). */
export function mimeTypeFor(file: string): string {
  return MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}
