import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, APP_ORIGIN, isAppUrl, parseUrl } from '../../../electron/main/app-url';

describe('app-url', () => {
  it('the entry URL is inside our origin', () => {
    expect(APP_ORIGIN).toBe('app://vestnik');
    expect(APP_ENTRY_URL).toBe('app://vestnik/index.html');
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
  });

  it.each(['app://vestnik/', 'app://vestnik/index.html', 'app://vestnik/assets/index-abc.js?x=1#top'])(
    'accepts %s',
    (url) => {
      expect(isAppUrl(url)).toBe(true);
    },
  );

  it.each([
    '',
    'index.html',
    '/index.html',
    'app://other/index.html',
    'app://vestnik.evil.com/',
    'app://user:pass@vestnik/',
    'app://vestnik:8080/',
    'apps://vestnik/',
    'file:///etc/passwd',
    'https://vestnik/',
    'http://127.0.0.1/',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
  ])('refuses %s', (url) => {
    expect(isAppUrl(url)).toBe(false);
  });

  it('parseUrl never throws', () => {
    expect(parseUrl('not a url')).toBeNull();
    expect(parseUrl('x'.repeat(10_000))).toBeNull();
    expect(parseUrl(undefined as unknown as string)).toBeNull();
    expect(parseUrl('https://example.org/')?.host).toBe('example.org');
  });
});
