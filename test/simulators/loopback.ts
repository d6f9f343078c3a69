// A loopback HTTP server for provider simulators: each simulator in this folder is written to its provider's
// documented contract (../../../shared/PROVIDERS.md in the workspace, the providers' public docs) and runs on
// 127.0.0.1 at a free port. Besides answering, it records every request and can misbehave on demand, the way
// real networks do: answer slowly, or drop the connection before or after reading the request.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SimRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Form fields of a urlencoded body merged over the query string; JSON bodies parsed into `json`. */
  params: URLSearchParams;
  json: unknown;
}

export interface SimReply {
  status?: number;
  headers?: Record<string, string>;
  body: string | object;
}

/** What the next matching requests should suffer. */
export type Fault =
  | { kind: 'slow'; ms: number }
  /** Close the socket without answering, after the request was read (the provider may have acted on it). */
  | { kind: 'drop' }
  /** Answer with this reply instead. */
  | { kind: 'reply'; reply: SimReply };

export interface Loopback {
  url: string;
  requests: SimRequest[];
  /** The next `times` requests whose path starts with `pathPrefix` (all when omitted) suffer `fault`. */
  inject(fault: Fault, times?: number, pathPrefix?: string): void;
  close(): Promise<void>;
}

export async function startLoopback(handle: (req: SimRequest) => SimReply | Promise<SimReply>): Promise<Loopback> {
  const requests: SimRequest[] = [];
  const faults: { fault: Fault; times: number; prefix: string }[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const body = Buffer.concat(chunks).toString('utf8');
        const type = String(req.headers['content-type'] ?? '');
        const params = new URLSearchParams(url.searchParams);
        let json: unknown = undefined;
        if (type.includes('application/x-www-form-urlencoded')) {
          for (const [k, v] of new URLSearchParams(body)) params.append(k, v);
        } else if (type.includes('json') && body) {
          try {
            json = JSON.parse(body);
          } catch {
            json = undefined;
          }
        }
        const sreq: SimRequest = {
          method: req.method ?? 'GET',
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          body,
          params,
          json,
        };
        requests.push(sreq);
        const i = faults.findIndex((f) => sreq.path.startsWith(f.prefix));
        const fault = i >= 0 ? faults[i]!.fault : undefined;
        if (i >= 0 && --faults[i]!.times <= 0) faults.splice(i, 1);
        if (fault?.kind === 'drop') {
          req.socket.destroy();
          return;
        }
        if (fault?.kind === 'slow') await new Promise((r) => setTimeout(r, fault.ms));
        let reply: SimReply;
        try {
          reply = fault?.kind === 'reply' ? fault.reply : await handle(sreq);
        } catch (err) {
          reply = { status: 500, body: String(err) };
        }
        if (res.destroyed) return;
        const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
        res.writeHead(reply.status ?? 200, {
          'content-type':
            typeof reply.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
          ...reply.headers,
        });
        res.end(text);
      })();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    inject: (fault, times = 1, pathPrefix = '') => faults.push({ fault, times, prefix: pathPrefix }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
