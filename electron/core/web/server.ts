import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createDispatcher } from '../../../shared/ipc/dispatch';
import type { Result } from '../../../shared/ipc/result';
import { createCore, type Core } from '../core';
import { DB_FILE } from '../paths';
import { SECURITY_HEADERS, SESSION_COOKIE, authorized, hostAllowed, originAllowed, sameToken } from './guards';
import { mimeTypeFor, resolveStatic } from './static-files';
import { receiveUpload, safeUploadName, UploadTooLarge } from './upload';
import { LETTER_HEADERS, LETTER_PATH } from '../files/letter-views';
import { DEFAULT_TABLE_LIMITS } from '../import/table';

export interface WebShellOptions {
  /** The data directory (the database is `vestnik.db` in it), or the database file itself. */
  dataDir?: string;
  dbPath?: string;
  /** 0 or absent: a free port. */
  port?: number;
  /** Where the built renderer is; defaults to dist/renderer of this checkout. */
  rendererDir?: string;
  /** Unlocks the secret vault at start (VESTNIK_PASSPHRASE); otherwise the UI asks for it. */
  passphrase?: string;
  /** Provider request time limit (tests use less). */
  providerTimeoutMs?: number;
  /** Tests only: imports that write go no faster than this many rows a second. */
  importRowsPerSecond?: number;
}

export interface WebShell {
  url: string;
  port: number;
  token: string;
  core: Core;
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;

/** Who is calling over HTTP: what the request guards established (see `handle`). */
interface HttpSender {
  loopbackHost: boolean;
  sameOrigin: boolean;
  tokenOk: boolean;
}

function defaultRendererDir(): string {
  // Bundled CLI: dist/cli/index.cjs → dist/renderer. Source (tests): electron/core/web → dist/renderer.
  const candidates = [
    path.resolve(__dirname, '..', 'renderer'),
    path.resolve(__dirname, '..', '..', '..', 'dist', 'renderer'),
  ];
  return candidates.find((d) => fs.existsSync(path.join(d, 'index.html'))) ?? candidates[1]!;
}

function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Cache-Control': 'no-store', ...extra });
  res.end(body);
}

function sendResult(res: ServerResponse, status: number, result: Result<unknown>): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(result));
}

const refusal = (message: string): Result<never> => ({ ok: false, error: { code: 'forbidden', message } });

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const UNAUTHORIZED_PAGE = `<!doctype html><html lang="ru"><meta charset="utf-8"><title>Вестник</title>
<body><h1>Вестник</h1><p>Откройте ссылку с токеном, которую напечатала команда <code>vestnik serve</code>.</p>
<p lang="en">Open the link with the token printed by <code>vestnik serve</code>.</p></body></html>`;

/**
 * The web shell: the built renderer and the contract on 127.0.0.1. Each channel is `POST /api/<channel>`
 * with a JSON body; events arrive by Server-Sent Events on `GET /api/events`. Every request must carry our
 * Host (DNS rebinding), no foreign Origin (CSRF), and the random token (bearer header, or the HttpOnly
 * SameSite=Strict cookie the token URL sets).
 */
export async function startWebShell(opts: WebShellOptions): Promise<WebShell> {
  const dbPath = opts.dbPath ?? (opts.dataDir ? path.join(opts.dataDir, DB_FILE) : null);
  if (!dbPath) throw new Error('startWebShell needs dataDir or dbPath');
  const core = createCore({
    dbPath,
    shell: 'web',
    watchExternalMs: 1000,
    background: true,
    passphrase: opts.passphrase,
    providerTimeoutMs: opts.providerTimeoutMs,
    importRowsPerSecond: opts.importRowsPerSecond,
  });
  // Uploads live beside the database, in a folder of this run's own, removed when the shell stops.
  const uploadDir = path.join(path.dirname(dbPath), 'uploads', randomBytes(6).toString('hex'));
  const token = randomBytes(32).toString('base64url');
  const rendererDir = opts.rendererDir ?? defaultRendererDir();
  const dispatch = createDispatcher<HttpSender>(
    core.handlers,
    (s) => s.loopbackHost && s.sameOrigin && s.tokenOk,
    (channel, err) =>
      process.stderr.write(
        `vestnik: ${channel} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      ),
  );
  const streams = new Set<ServerResponse>();
  let port = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const sender: HttpSender = {
      loopbackHost: hostAllowed(req.headers.host, port),
      sameOrigin: originAllowed(req.headers.origin, port),
      tokenOk: authorized(req.headers, token),
    };
    if (!sender.loopbackHost) return sendResult(res, 403, refusal('Foreign Host'));
    if (!sender.sameOrigin) return sendResult(res, 403, refusal('Foreign Origin'));

    if (url.pathname.startsWith('/download/') && (req.method === 'GET' || req.method === 'HEAD')) {
      if (!sender.tokenOk) return sendResult(res, 401, refusal('Missing or wrong token'));
      const found = core.deliveries.resolve(url.pathname.slice('/download/'.length));
      if (!found) return send(res, 404, 'text/plain; charset=utf-8', 'Not found');
      const ascii = found.name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
      return send(res, 200, mimeTypeFor(found.path), fs.readFileSync(found.path), {
        'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(found.name)}`,
      });
    }

    if (url.pathname.startsWith(LETTER_PATH) && (req.method === 'GET' || req.method === 'HEAD')) {
      if (!sender.tokenOk) return sendResult(res, 401, refusal('Missing or wrong token'));
      const letter = core.letters.get(url.pathname.slice(LETTER_PATH.length));
      if (letter === null) return send(res, 404, 'text/plain; charset=utf-8', 'Not found');
      // Its own headers, not the app's: see files/letter-views.ts.
      res.writeHead(200, LETTER_HEADERS);
      res.end(req.method === 'HEAD' ? undefined : letter);
      return;
    }

    if (url.pathname === '/upload') {
      if (!sender.tokenOk) return sendResult(res, 401, refusal('Missing or wrong token'));
      if (req.method !== 'POST') return sendResult(res, 405, refusal('Use POST'));
      // Not a form type either: a cross-site page cannot send this without a preflight we never answer.
      if (!/^application\/octet-stream\b/i.test(req.headers['content-type'] ?? '')) {
        return sendResult(res, 415, {
          ok: false,
          error: { code: 'bad_request', message: 'Content-Type must be application/octet-stream' },
        });
      }
      const name = safeUploadName(url.searchParams.get('name'));
      try {
        const file = await receiveUpload(req, uploadDir, name, DEFAULT_TABLE_LIMITS.maxFileBytes);
        return sendResult(res, 200, { ok: true, value: core.files.register(file, name) });
      } catch (err) {
        if (err instanceof UploadTooLarge) {
          res.setHeader('Connection', 'close');
          return sendResult(res, 413, { ok: false, error: { code: 'bad_request', message: err.message } });
        }
        throw err;
      }
    }

    if (url.pathname.startsWith('/api/')) {
      if (!sender.tokenOk) return sendResult(res, 401, refusal('Missing or wrong token'));
      if (url.pathname === '/api/events' && req.method === 'GET') return openEvents(res);
      if (req.method !== 'POST') return sendResult(res, 405, refusal('Use POST'));
      // A JSON content type cannot be sent cross-site without a CORS preflight, which we never answer.
      if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
        return sendResult(res, 415, {
          ok: false,
          error: { code: 'bad_request', message: 'Content-Type must be application/json' },
        });
      }
      const body = await readBody(req);
      if (body === null)
        return sendResult(res, 413, { ok: false, error: { code: 'bad_request', message: 'Body too large' } });
      let input: unknown;
      try {
        input = body === '' ? {} : JSON.parse(body);
      } catch {
        return sendResult(res, 400, { ok: false, error: { code: 'bad_request', message: 'Body is not JSON' } });
      }
      const result = await dispatch(decodeURIComponent(url.pathname.slice(5)), sender, input);
      return sendResult(res, result.ok || result.error.code !== 'unknown_channel' ? 200 : 404, result);
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return sendResult(res, 405, refusal('Method not allowed'));
    const queryToken = url.searchParams.get('token');
    if (url.pathname === '/' && queryToken !== null) {
      if (!sameToken(queryToken, token)) return send(res, 401, 'text/html; charset=utf-8', UNAUTHORIZED_PAGE);
      // Trade the token in the URL for a cookie and drop it from the address bar and history.
      return send(res, 302, 'text/plain; charset=utf-8', '', {
        'Set-Cookie': `${SESSION_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        Location: '/',
      });
    }
    if (!sender.tokenOk) return send(res, 401, 'text/html; charset=utf-8', UNAUTHORIZED_PAGE);
    const file = resolveStatic(rendererDir, url.pathname);
    if (!file) return send(res, 404, 'text/plain; charset=utf-8', 'Not found');
    return send(res, 200, mimeTypeFor(file), fs.readFileSync(file));
  };

  const openEvents = (res: ServerResponse): void => {
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    streams.add(res);
    res.on('close', () => streams.delete(res));
  };
  const offEvents = core.events.onAny((event, payload) => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const s of streams) s.write(frame);
  });
  const keepAlive = setInterval(() => {
    for (const s of streams) s.write(': keep-alive\n\n');
  }, 15_000);
  keepAlive.unref();

  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendResult(res, 500, { ok: false, error: { code: 'internal', message: 'Internal error' } });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    core,
    close: async () => {
      clearInterval(keepAlive);
      offEvents();
      for (const s of streams) s.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      core.close();
      fs.rmSync(uploadDir, { recursive: true, force: true });
    },
  };
}
