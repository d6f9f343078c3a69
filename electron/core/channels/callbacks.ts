import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Db } from '../db/open';
import { getSetting, setSetting } from '../repos/settings';
import type { CallbackRequest } from './types';

/**
 * The local listener for provider callbacks (Kannel's delivery reports), on 127.0.0.1 only. A report names
 * the account and our message id in its path, behind a random token kept in the settings, so no other
 * local program can forge statuses without reading our database. The port is kept too, so reports for
 * messages sent before a restart still find us (if the port is taken, a new one is chosen and those are lost).
 */
export type CallbackHandler = (accountId: number, messageId: string, req: CallbackRequest) => boolean;

interface Saved {
  port: number;
  token: string;
}

export class CallbackListener {
  private server: http.Server | null = null;
  private base: string | null = null;

  constructor(
    private readonly db: Db,
    private readonly handle: CallbackHandler,
  ) {}

  /** Starts listening (once); returns the base URL of callbacks. */
  async start(): Promise<string> {
    if (this.base) return this.base;
    const saved = getSetting<Saved | null>(this.db, 'callbacks', null);
    const token = saved?.token ?? randomBytes(18).toString('base64url');
    const server = http.createServer((req, res) => this.serve(req, res, token));
    const port = await listen(server, saved?.port ?? 0).catch(() => listen(server, 0));
    if (port !== saved?.port || token !== saved.token) setSetting(this.db, 'callbacks', { port, token });
    this.server = server;
    this.base = `http://127.0.0.1:${port}/cb/${token}`;
    return this.base;
  }

  /** The callback URL of one message (the provider appends its own parameters). */
  urlFor(accountId: number, messageId: string): string | undefined {
    return this.base ? `${this.base}/${accountId}/${encodeURIComponent(messageId)}` : undefined;
  }

  close(): void {
    this.server?.close();
    this.server?.closeAllConnections();
    this.server = null;
    this.base = null;
  }

  private serve(req: http.IncomingMessage, res: http.ServerResponse, token: string): void {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 64 * 1024) req.destroy();
      else chunks.push(c);
    });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const m = /^\/cb\/([^/]+)\/(\d+)\/([^/]+)$/.exec(url.pathname);
      if (!m || m[1] !== token) {
        res.writeHead(404).end();
        return;
      }
      let ok = false;
      try {
        ok = this.handle(Number(m[2]), decodeURIComponent(m[3]!), {
          path: url.pathname,
          query: url.searchParams,
          body: Buffer.concat(chunks).toString('utf8'),
        });
      } catch {
        ok = false;
      }
      res.writeHead(ok ? 200 : 404, { 'content-type': 'text/plain' }).end(ok ? 'ok' : 'unknown');
    });
  }
}

function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
