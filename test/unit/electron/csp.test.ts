import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, securityHeaders } from '../../../electron/main/csp';

/** Splits a CSP header into a directive → sources map, failing on a repeated directive. */
function parse(csp: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of csp.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (!name) continue;
    expect(map.has(name), `duplicate directive ${name}`).toBe(false);
    map.set(name, sources);
  }
  return map;
}

describe('content security policy', () => {
  const csp = parse(CONTENT_SECURITY_POLICY);

  it('is exactly the agreed policy', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
  });

  it('allows no inline code, eval, remote hosts or wildcards anywhere', () => {
    for (const [name, sources] of csp) {
      for (const source of sources) {
        expect(source, name).not.toMatch(/unsafe-|\*|^https?:|^blob:|^filesystem:|^ws/);
      }
    }
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
  });

  it('frames only our own origin (the letter preview), and forms and base URL are closed', () => {
    expect(csp.get('frame-src')).toEqual(["'self'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
  });

  it('every response carries the CSP and nosniff', () => {
    const headers = securityHeaders();
    expect(headers['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
  });
});
