import { Agent, errors, type Dispatcher } from 'undici';
import { ProviderError } from './types';

/**
 * The HTTP client every provider uses. Its one job beyond HTTP is to tell the two kinds of network failure
 * apart, because the delivery contract depends on it:
 * - the request never reached the provider (refused, no route, DNS, connect timeout): provably not accepted,
 *   so `retryable`;
 * - the request went out and the answer did not come back (timeout, reset, closed mid-reply): the provider may
 *   have accepted it, so `unknown_outcome` — a send must not be repeated on our own.
 */
export interface HttpRequest {
  method: 'GET' | 'POST';
  /** An address already parsed (and checked) by the caller is not parsed again. */
  url: string | URL;
  headers?: Record<string, string>;
  body?: string;
  /** Whole-request limit; default 30 s. */
  timeoutMs?: number;
  /** Aborts the request (a long poll being stopped). */
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export interface HttpClient {
  request(req: HttpRequest): Promise<HttpResponse>;
  close(): Promise<void>;
}

/** Replies are small (ids, statuses, balances); anything bigger is not a provider talking. */
const MAX_REPLY_BYTES = 4 * 1024 * 1024;
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN']);
const TLS = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/;

export function createHttpClient(opts: { connectTimeoutMs?: number } = {}): HttpClient {
  // At most 16 connections per host: a large send window queues here instead of opening hundreds of sockets.
  const agent = new Agent({
    connect: { timeout: opts.connectTimeoutMs ?? 10_000 },
    keepAliveTimeout: 10_000,
    connections: 16,
  });
  return {
    request(req) {
      let url: URL;
      if (req.url instanceof URL) url = req.url;
      else {
        try {
          url = new URL(req.url);
        } catch {
          return Promise.reject(new ProviderError('account', `Not a valid address: ${req.url.slice(0, 200)}`));
        }
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        return Promise.reject(new ProviderError('account', `Not an http(s) address: ${url.protocol}`));
      }
      return send(agent, url, req);
    },
    close: () => agent.close(),
  };
}

/**
 * One request through undici's dispatcher with a handler of our own (what undici's request() does, without its
 * body stream and async-resource wrapping, which cost more than the rest of a small request): the status, the
 * headers and the reply collected up to MAX_REPLY_BYTES. Every failure, before or after the headers, is
 * classified as request() failures are.
 */
function send(agent: Agent, url: URL, req: HttpRequest): Promise<HttpResponse> {
  const timeout = req.timeoutMs ?? 30_000;
  const { signal } = req;
  return new Promise<HttpResponse>((resolve, reject) => {
    let abort: ((reason?: Error) => void) | null = null;
    let aborted: Error | null = null;
    let status = 0;
    let headers: HttpResponse['headers'] = {};
    let size = 0;
    const chunks: Buffer[] = [];
    let settled = false;
    const onAbort = () => {
      aborted = signal?.reason instanceof Error ? signal.reason : new errors.RequestAbortedError();
      abort?.(aborted);
    };
    const settle = (err: unknown, res?: HttpResponse) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      if (res) resolve(res);
      else reject(classify(err, url.host));
    };
    if (signal?.aborted) {
      settle(signal.reason instanceof Error ? signal.reason : new errors.RequestAbortedError());
      return;
    }
    signal?.addEventListener('abort', onAbort);
    const handler: Dispatcher.DispatchHandler = {
      onConnect(a) {
        if (aborted) a(aborted);
        else abort = a;
      },
      onHeaders(statusCode, raw) {
        if (statusCode < 200) return true;
        status = statusCode;
        headers = parseHeaders(raw);
        return true;
      },
      onData(chunk) {
        size += chunk.length;
        if (size > MAX_REPLY_BYTES) {
          const err = new ProviderError('unknown_outcome', `The reply from ${url.host} is too large`);
          settle(err);
          abort?.(err);
          return false;
        }
        chunks.push(chunk);
        return true;
      },
      onComplete() {
        const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
        settle(null, { status, headers, text });
      },
      onError(err) {
        settle(err);
      },
    };
    agent.dispatch(
      {
        origin: url.origin,
        path: url.pathname + url.search,
        method: req.method,
        headers: req.headers,
        body: req.body,
        headersTimeout: timeout,
        bodyTimeout: timeout,
      },
      handler,
    );
  });
}

/** Raw header pairs (names and values as buffers) as request() gives them: lower-case names, repeats in arrays. */
function parseHeaders(raw: readonly Buffer[]): HttpResponse['headers'] {
  const out: Record<string, string | string[]> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toString('latin1').toLowerCase();
    const value = raw[i + 1]!.toString('utf8');
    const had = out[name];
    if (had === undefined) out[name] = value;
    else if (Array.isArray(had)) had.push(value);
    else out[name] = [had, value];
  }
  return out;
}

/** Maps a network error onto the delivery contract's classes, in words a user can act on. */
export function classify(err: unknown, host: string): ProviderError {
  if (err instanceof ProviderError) return err;
  const code = errorCode(err);
  const detail = err instanceof Error ? err.message : String(err);
  if (err instanceof errors.ConnectTimeoutError || (code !== undefined && NOT_SENT.has(code))) {
    return new ProviderError('retryable', `No connection to ${host} (${code ?? 'connect timeout'})`, code);
  }
  if (code !== undefined && TLS.test(code)) {
    return new ProviderError('account', `The certificate of ${host} is not trusted: ${detail}`, code);
  }
  if (err instanceof errors.HeadersTimeoutError || err instanceof errors.BodyTimeoutError) {
    return new ProviderError('unknown_outcome', `No answer from ${host} in time; the message may have been accepted`);
  }
  return new ProviderError(
    'unknown_outcome',
    `The connection to ${host} broke before it answered (${code ?? detail}); the message may have been accepted`,
    code,
  );
}

function errorCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 4; depth++) {
    if (typeof e === 'object' && 'code' in e && typeof e.code === 'string' && !e.code.startsWith('UND_ERR_SOCKET')) {
      return e.code;
    }
    e = typeof e === 'object' && e !== null && 'cause' in e ? e.cause : undefined;
  }
  return undefined;
}

/** Retry-After in ms (seconds or an HTTP date), if the reply has one. */
export function retryAfterMs(headers: HttpResponse['headers'], now: number): number | undefined {
  const v = headers['retry-after'];
  const s = Array.isArray(v) ? v[0] : v;
  if (!s) return undefined;
  if (/^\d+$/.test(s)) return Number(s) * 1000;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}
