import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isClientRoute, mimeTypeFor, resolveAppPath, resolvePathname } from '../../../electron/main/protocol-path';

const root = path.resolve('/srv/vestnik/dist/renderer');

function fileOf(url: string): string {
  const result = resolveAppPath(url, root);
  if (!result.ok) throw new Error(`refused ${url}: ${result.reason}`);
  return result.file;
}

describe('app:// URL → file', () => {
  it('maps the root and plain paths inside dist/renderer', () => {
    expect(fileOf('app://vestnik/')).toBe(path.join(root, 'index.html'));
    expect(fileOf('app://vestnik')).toBe(path.join(root, 'index.html'));
    expect(fileOf('app://vestnik/index.html')).toBe(path.join(root, 'index.html'));
    expect(fileOf('app://vestnik/assets/index-4f3a.js?v=1#x')).toBe(path.join(root, 'assets', 'index-4f3a.js'));
    expect(fileOf('app://vestnik/assets/%D1%88%D1%80%D0%B8%D1%84%D1%82.woff2')).toBe(
      path.join(root, 'assets', 'шрифт.woff2'),
    );
  });

  it.each([
    ['encoded slash', 'app://vestnik/..%2f..%2fetc%2fpasswd'],
    ['encoded slash inside a segment', 'app://vestnik/assets%2f..%2f..%2fsecret'],
    ['encoded backslash', 'app://vestnik/..%5c..%5cwindows%5cwin.ini'],
    ['raw backslash', 'app://vestnik/..\\..\\windows\\win.ini'],
    ['absolute POSIX path', 'app://vestnik/%2fetc%2fpasswd'],
    ['Windows drive', 'app://vestnik/C:%5cWindows%5cwin.ini'],
    ['drive in a segment', 'app://vestnik/c:/windows/win.ini'],
    ['alternate data stream', 'app://vestnik/index.html::$DATA'],
    ['UNC path', 'app://vestnik/%5c%5cserver%5cshare'],
    ['NUL byte', 'app://vestnik/index.html%00.png'],
    ['empty segment', 'app://vestnik/assets//x.js'],
    ['device name', 'app://vestnik/CON'],
    ['device name with extension', 'app://vestnik/assets/nul.txt'],
    ['dot-file', 'app://vestnik/.env'],
    ['malformed encoding', 'app://vestnik/%E0%A4%A'],
    ['another host', 'app://evil/index.html'],
    ['credentials', 'app://user:pw@vestnik/index.html'],
    ['another scheme', 'file:///srv/vestnik/dist/renderer/index.html'],
    ['not a URL', '../../etc/passwd'],
  ])('refuses %s', (_name, url) => {
    const result = resolveAppPath(url, root);
    expect(result.ok).toBe(false);
  });

  it('never returns a path outside the root when the URL parser already collapsed dot segments', () => {
    // The WHATWG parser (and Chromium's) treats `..`, `%2e%2e`, `.%2E` as dot segments and resolves them
    // before we see the path, clamped at the root; a double-encoded `%252e%252e` decodes once to a literal name.
    for (const url of [
      'app://vestnik/../../etc/passwd',
      'app://vestnik/assets/../../../x',
      'app://vestnik/a/./../b',
      'app://vestnik/%2e%2e/%2e%2e/etc/passwd',
      'app://vestnik/assets/%2E%2e/%2e%2E/secret',
      'app://vestnik/assets/%2e/x.js',
      'app://vestnik/.%2E/x',
      'app://vestnik/%252e%252e/x',
    ]) {
      const result = resolveAppPath(url, root);
      if (result.ok) {
        expect(path.relative(root, result.file).startsWith('..')).toBe(false);
        expect(result.file.startsWith(root + path.sep)).toBe(true);
      }
    }
  });

  it.each([
    '/../../etc/passwd',
    '/assets/../../x',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/%2E%2E/x',
    '/.%2e/x',
    '/%2e/x',
    '/./x',
    'relative/x',
    '',
  ])('the segment rules alone refuse %s (defence if a parser ever leaves dot segments in)', (pathname) => {
    expect(resolvePathname(pathname, root).ok).toBe(false);
  });

  it('client routes are extension-less paths', () => {
    expect(isClientRoute(path.join(root, 'contacts'))).toBe(true);
    expect(isClientRoute(path.join(root, 'assets', 'x.js'))).toBe(false);
  });

  it('serves correct MIME types, and inert bytes for unknown ones', () => {
    expect(mimeTypeFor('index.html')).toBe('text/html; charset=utf-8');
    expect(mimeTypeFor('a.js')).toBe('text/javascript; charset=utf-8');
    expect(mimeTypeFor('a.mjs')).toBe('text/javascript; charset=utf-8');
    expect(mimeTypeFor('a.CSS')).toBe('text/css; charset=utf-8');
    expect(mimeTypeFor('a.svg')).toBe('image/svg+xml');
    expect(mimeTypeFor('a.png')).toBe('image/png');
    expect(mimeTypeFor('a.woff2')).toBe('font/woff2');
    expect(mimeTypeFor('a.json')).toBe('application/json; charset=utf-8');
    expect(mimeTypeFor('a.exe')).toBe('application/octet-stream');
    expect(mimeTypeFor('noext')).toBe('application/octet-stream');
  });
});
