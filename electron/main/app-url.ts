/**
 * The one origin the renderer runs at: `app://vestnik`. The scheme is registered as privileged (standard + secure)
 * in index.ts and served only from dist/renderer by protocol-handler.ts.
 *
 * Security contract: every "is this ours?" decision in the shell (navigation, IPC sender, protocol requests) goes
 * through `isAppUrl`, which parses the URL and compares scheme and host exactly. It never uses `URL.origin`:
 * Node's WHATWG parser reports `"null"` as the origin of a non-special scheme, so an origin comparison would
 * either always fail or, worse, match other opaque origins.
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'vestnik';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Parses a URL without throwing; `null` for anything that is not an absolute URL. */
export function parseUrl(raw: string): URL | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 8192) return null;
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

/**
 * True only for `app://vestnik/...` with no credentials and no port. Chromium lowercases the host of a standard
 * scheme, so the exact lowercase comparison is what a real request looks like; anything else is refused.
 */
export function isAppUrl(raw: string): boolean {
  const url = parseUrl(raw);
  return (
    url !== null &&
    url.protocol === `${APP_SCHEME}:` &&
    url.host === APP_HOST &&
    url.username === '' &&
    url.password === ''
  );
}
