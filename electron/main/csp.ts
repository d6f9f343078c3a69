/**
 * The Content-Security-Policy of every page and asset served from app://vestnik, sent as a response header by
 * the protocol handler (a header cannot be removed by injected markup, unlike a <meta> tag).
 *
 * Security contract: only our own bundled scripts and styles run (no inline script, no eval, no remote code);
 * the page frames only its own letter views and cannot be framed, cannot submit forms anywhere, cannot change its base URL, and can only
 * connect to its own origin. The core is reached through the preload bridge, never over the network.
 */

const DIRECTIVES: ReadonlyArray<readonly [string, string]> = [
  ['default-src', "'none'"],
  ['script-src', "'self'"],
  ['style-src', "'self'"],
  ['img-src', "'self' data:"],
  ['font-src', "'self'"],
  ['connect-src', "'self'"],
  // The letter preview's frame (core/files/letter-views.ts): our own origin only, so it cannot be navigated away.
  ['frame-src', "'self'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
  ['frame-ancestors', "'none'"],
];

export const CONTENT_SECURITY_POLICY = DIRECTIVES.map(([name, value]) => `${name} ${value}`).join('; ');

/** Headers sent with every app:// response, next to Content-Type. */
export function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    // Our MIME types are authoritative; never let the browser guess a script out of a data file.
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
  };
}
