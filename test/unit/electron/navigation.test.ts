import { describe, expect, it, vi } from 'vitest';
import { createWindowOpenHandler, externalUrlToOpen, guardNavigation } from '../../../electron/main/navigation';

function navigate(url: string) {
  const preventDefault = vi.fn();
  const allowed = guardNavigation({ url, preventDefault });
  return { allowed, prevented: preventDefault.mock.calls.length > 0 };
}

describe('navigation guard', () => {
  it('lets the window move within app://vestnik', () => {
    expect(navigate('app://vestnik/index.html')).toEqual({ allowed: true, prevented: false });
    expect(navigate('app://vestnik/contacts?x=1')).toEqual({ allowed: true, prevented: false });
  });

  it.each([
    'file:///etc/passwd',
    'file:///C:/Windows/win.ini',
    'https://example.org/',
    'http://127.0.0.1:8080/',
    'javascript:alert(1)',
    'data:text/html,<h1>phish</h1>',
    'blob:app://vestnik/1234',
    'app://evil/',
    'about:blank',
    'devtools://devtools/bundled/inspector.html',
    'chrome://settings',
    'smb://host/share',
    '',
  ])('cancels a navigation to %s', (url) => {
    expect(navigate(url)).toEqual({ allowed: false, prevented: true });
  });
});

describe('external links', () => {
  it.each([
    ['https://example.org', 'https://example.org/'],
    ['https://example.org/a b?q=1#x', 'https://example.org/a%20b?q=1#x'],
    ['http://example.org/path', 'http://example.org/path'],
    ['HTTPS://EXAMPLE.ORG/', 'https://example.org/'],
  ])('opens %s as %s', (raw, href) => {
    expect(externalUrlToOpen(raw)).toBe(href);
  });

  it.each([
    'file:///etc/passwd',
    'file://server/share/x.exe',
    'javascript:alert(1)',
    'data:text/html,hi',
    'smb://attacker/share',
    'ms-settings:',
    'mailto:a@b.c',
    'ftp://example.org/',
    'app://vestnik/',
    'http://user:pass@example.org/',
    'https://user@example.org/',
    '/relative/path',
    'example.org',
    '//example.org/x',
    'https://',
    `https://example.org/${'a'.repeat(3000)}`,
  ])('refuses %s', (raw) => {
    expect(externalUrlToOpen(raw)).toBeNull();
  });

  it('window.open is always denied; only a safe URL reaches openExternal, normalised', () => {
    const openExternal = vi.fn(async () => {});
    const handler = createWindowOpenHandler(openExternal);
    expect(handler({ url: 'https://example.org/docs' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls).toEqual([['https://example.org/docs']]);
  });

  it('a failing OS handler does not throw into Electron', async () => {
    const rejecting = createWindowOpenHandler(() => Promise.reject(new Error('no browser')));
    expect(rejecting({ url: 'https://example.org/' })).toEqual({ action: 'deny' });
    const throwing = createWindowOpenHandler(() => {
      throw new Error('boom');
    });
    expect(throwing({ url: 'https://example.org/' })).toEqual({ action: 'deny' });
    await new Promise((r) => setTimeout(r, 0));
  });
});
