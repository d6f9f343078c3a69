import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../electron/main/csp';
import { LETTER_CSP } from '../../../electron/core/files/letter-views';
import { createAppProtocolHandler } from '../../../electron/main/protocol-handler';
import { tempDir } from '../../helpers/temp';

let root: string;
let handle: (request: Request) => Promise<Response>;

beforeEach(() => {
  const base = tempDir('vestnik-protocol-');
  root = path.join(base, 'renderer');
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Vestnik</title>');
  fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(root, 'assets', 'app.css'), 'body{}');
  fs.writeFileSync(path.join(base, 'secret.txt'), 'must not be served');
  handle = createAppProtocolHandler(root);
});

const get = (url: string, method = 'GET') => handle(new Request(url, { method }));

describe('app:// protocol handler', () => {
  it('serves index.html at the root with the CSP, nosniff and the right type', async () => {
    const res = await get('app://vestnik/');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>Vestnik</title>');
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves scripts and styles with their MIME types (module scripts need text/javascript)', async () => {
    const js = await get('app://vestnik/assets/app.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toBe('console.log(1)');
    const css = await get('app://vestnik/assets/app.css');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('answers a client route with index.html, a missing asset with 404', async () => {
    const route = await get('app://vestnik/contacts');
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('Vestnik');
    expect((await get('app://vestnik/assets/missing.js')).status).toBe(404);
  });

  it('refuses traversal out of the renderer folder, whatever the encoding', async () => {
    for (const url of [
      'app://vestnik/%2e%2e/secret.txt',
      'app://vestnik/..%2fsecret.txt',
      'app://vestnik/..%5csecret.txt',
      'app://vestnik/assets/%2e%2e/%2e%2e/secret.txt',
    ]) {
      const res = await get(url);
      expect(res.status, url).toBeGreaterThanOrEqual(400);
      expect(await res.text(), url).not.toContain('must not be served');
    }
  });

  it('refuses other hosts and write methods; HEAD has no body', async () => {
    expect((await get('app://evil/index.html')).status).toBe(403);
    expect((await get('app://vestnik/index.html', 'POST')).status).toBe(405);
    expect((await get('app://vestnik/index.html', 'PUT')).status).toBe(405);
    const head = await get('app://vestnik/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('a read error other than "missing" is a bare 500 that leaks no path', async () => {
    const failing = createAppProtocolHandler(root, () => Promise.reject(new Error(`EACCES ${root}`)));
    const res = await failing(new Request('app://vestnik/index.html'));
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('');
  });

  it('a directory path is not listed', async () => {
    const res = await get('app://vestnik/assets');
    // Extension-less, so it is treated as a client route: the app, never a listing.
    expect(await res.text()).toContain('<title>Vestnik</title>');
  });

  it('serves a letter preview from the core under its own policy; unknown letters and other hosts get nothing', async () => {
    const letters = createAppProtocolHandler(root, undefined, (token) => (token === 'abc' ? '<p>Письмо</p>' : null));
    const res = await letters(new Request('app://vestnik/letter/abc'));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('<p>Письмо</p>');
    expect(res.headers.get('content-security-policy')).toBe(LETTER_CSP);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect((await letters(new Request('app://vestnik/letter/zzz'))).status).toBe(404);
    expect((await letters(new Request('app://other/letter/abc'))).status).toBe(404);
    // Without a letter source (the default), the path is nothing special: no letter is ever served.
    expect((await get('app://vestnik/letter/abc')).headers.get('content-security-policy')).not.toBe(LETTER_CSP);
  });
});
