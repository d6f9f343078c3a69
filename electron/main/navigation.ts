import { isAppUrl, parseUrl } from './app-url';

/**
 * Where the window may go, and which links may leave the app.
 *
 * Security contract:
 * - The window (any frame) may only navigate within app://vestnik. Everything else, including file:, data:,
 *   javascript:, blob:, http(s): and other custom schemes, is cancelled. A compromised page therefore cannot
 *   replace our UI with a phishing page that inherits the preload bridge, nor read local files.
 * - No new Electron window is ever created (`window.open`, target=_blank): the handler always answers 'deny'.
 * - A link may be handed to the operating system's browser only when it parses as an absolute http: or https:
 *   URL with a host and no embedded credentials; the normalised `href` is what is opened, never the raw string.
 *   file:, smb:, ms-settings:, javascript: and friends could launch local programs or leak NTLM hashes.
 */

/** Upper bound on what we hand to the OS; real links are far shorter, and some OS handlers choke on huge ones. */
export const MAX_EXTERNAL_URL_LENGTH = 2048;

/** Returns the normalised URL to open in the user's browser, or `null` when the URL must not leave the app. */
export function externalUrlToOpen(raw: string): string | null {
  const url = parseUrl(raw);
  if (url === null) return null;
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.hostname === '') return null;
  if (url.username !== '' || url.password !== '') return null;
  if (url.href.length > MAX_EXTERNAL_URL_LENGTH) return null;
  return url.href;
}

export interface NavigationEventLike {
  url: string;
  preventDefault(): void;
}

/**
 * Listener for 'will-navigate', 'will-frame-navigate' and 'will-redirect': cancels any navigation that would
 * leave app://vestnik. Returns whether the navigation was allowed (for tests and logging).
 */
export function guardNavigation(event: NavigationEventLike): boolean {
  if (isAppUrl(event.url)) return true;
  event.preventDefault();
  return false;
}

export type OpenExternal = (url: string) => Promise<void> | void;

/**
 * The `setWindowOpenHandler` handler: never opens an Electron window; forwards safe http(s) links to the
 * system browser. A failure of the OS handler is swallowed: there is nothing the page could do about it.
 */
export function createWindowOpenHandler(openExternal: OpenExternal): (details: { url: string }) => { action: 'deny' } {
  return (details) => {
    const target = externalUrlToOpen(details.url);
    if (target !== null) {
      try {
        void Promise.resolve(openExternal(target)).catch(() => undefined);
      } catch {
        // The OS refused; the app keeps running.
      }
    }
    return { action: 'deny' };
  };
}
