import { readFile as fsReadFile } from 'node:fs/promises';
import path from 'node:path';
import { LETTER_HEADERS, LETTER_PATH } from '../core/files/letter-views';
import { APP_HOST } from './app-url';
import { securityHeaders } from './csp';
import { INDEX_FILE, isClientRoute, mimeTypeFor, resolveAppPath } from './protocol-path';

/**
 * The `protocol.handle('app', …)` handler: serves dist/renderer (inside app.asar when packaged; Electron's fs
 * reads asar paths transparently). Plain Fetch API `Request`/`Response`, so it runs under Node in tests.
 *
 * Security contract: read-only (GET/HEAD only), files only from `root` (see protocol-path.ts), every response
 * carries the CSP and nosniff headers, and errors answer a bare status without echoing paths or messages.
 */
export type ReadFile = (file: string) => Promise<Uint8Array>;

function isMissing(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR';
}

function fail(status: number): Response {
  return new Response(null, { status, headers: securityHeaders() });
}

export function createAppProtocolHandler(
  root: string,
  readFile: ReadFile = fsReadFile,
  letter: (token: string) => string | null = () => null,
): (request: Request) => Promise<Response> {
  const index = path.join(path.resolve(root), INDEX_FILE);

  const serve = (file: string, body: Uint8Array, method: string): Response =>
    // Copied into a fresh ArrayBuffer-backed view, the body type Response accepts (a pooled Buffer's backing store
    // is typed as possibly shared); the copy is cheap next to the disk read.
    new Response(method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: {
        ...securityHeaders(),
        'Content-Type': mimeTypeFor(file),
        // The files change with every build; always revalidate so a dev rebuild is picked up on reload.
        'Cache-Control': 'no-cache',
      },
    });

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return fail(405);
    const { host, pathname } = new URL(request.url);
    if (pathname.startsWith(LETTER_PATH)) {
      // A letter preview, with its own headers (core/files/letter-views.ts); files have their host checked below.
      const doc = host === APP_HOST ? letter(pathname.slice(LETTER_PATH.length)) : null;
      if (doc === null) return fail(404);
      return new Response(request.method === 'HEAD' ? null : doc, { status: 200, headers: { ...LETTER_HEADERS } });
    }
    const resolved = resolveAppPath(request.url, root);
    if (!resolved.ok) return fail(resolved.status);
    try {
      return serve(resolved.file, await readFile(resolved.file), request.method);
    } catch (err) {
      if (!isMissing(err)) return fail(500);
      if (!isClientRoute(resolved.file)) return fail(404);
    }
    try {
      return serve(index, await readFile(index), request.method);
    } catch {
      return fail(404);
    }
  };
}
