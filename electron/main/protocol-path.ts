import path from 'node:path';
import { APP_HOST, APP_SCHEME, parseUrl } from './app-url';
import { resolvePathname, type AppPathResult } from '../core/web/static-files';

export { INDEX_FILE, mimeTypeFor, resolvePathname, type AppPathResult } from '../core/web/static-files';

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
 * A client-side route (a path whose last segment has no extension, e.g. app://vestnik/contacts) is answered
 * with index.html so a reload keeps working; asset paths (with an extension) must exist as files.
 */
export function isClientRoute(file: string): boolean {
  return path.extname(file) === '';
}
