import fs from 'node:fs';
import path from 'node:path';

// How both shells serve the built renderer from disk (Electron's app:// protocol in electron/main, the web
// shell here): one set of path rules and one table of content types.

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
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.csv': 'text/csv; charset=utf-8',
};

/** Content type by extension; unknown types are served as inert bytes (with nosniff, never executed). */
export function mimeTypeFor(file: string): string {
  return MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The web shell's lookup: a URL path to an existing file inside `root`, or null (the same rules as app://,
 * every refusal answered as "not found").
 */
export function resolveStatic(root: string, urlPath: string): string | null {
  const resolved = resolvePathname(urlPath, root);
  if (!resolved.ok) return null;
  try {
    return fs.statSync(resolved.file).isFile() ? resolved.file : null;
  } catch {
    return null;
  }
}
