// The providers' HTTP client against a real loopback server: the delivery contract depends on telling
// "never reached the provider" (retryable) from "went out, no answer" (unknown outcome).
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient, retryAfterMs } from '../../electron/core/channels/http';
import { ProviderError } from '../../electron/core/channels/types';
import { startLoopback, type Loopback } from '../simulators/loopback';

const servers: Loopback[] = [];
const http = createHttpClient({ connectTimeoutMs: 2000 });
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function server() {
  const s = await startLoopback((req) => ({ body: { ok: true, got: req.params.get('text') } }));
  servers.push(s);
  return s;
}

const failure = async (p: Promise<unknown>) => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProviderError);
  return err as ProviderError;
};

describe('provider HTTP client', () => {
  it('sends a form and reads the reply, Cyrillic intact', async () => {
    const s = await server();
    const r = await http.request({
      method: 'POST',
      url: `${s.url}/send`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ text: 'Привет +7' }).toString(),
    });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text)).toEqual({ ok: true, got: 'Привет +7' });
  });

  it('connection refused: provably not sent, so retryable', async () => {
    const s = await server();
    await s.close();
    servers.length = 0;
    const err = await failure(http.request({ method: 'GET', url: `${s.url}/send` }));
    expect(err.errorClass).toBe('retryable');
    expect(err.message).toMatch(/No connection/);
  });

  it('the connection dropped after the request was read: the outcome is unknown', async () => {
    const s = await server();
    s.inject({ kind: 'drop' });
    const err = await failure(http.request({ method: 'POST', url: `${s.url}/send`, body: 'x' }));
    expect(err.errorClass).toBe('unknown_outcome');
    expect(s.requests).toHaveLength(1);
  });

  it('no answer in time: the outcome is unknown', async () => {
    const s = await server();
    s.inject({ kind: 'slow', ms: 3000 });
    const err = await failure(http.request({ method: 'GET', url: `${s.url}/send`, timeoutMs: 200 }));
    expect(err.errorClass).toBe('unknown_outcome');
    expect(err.message).toMatch(/may have been accepted/);
  });

  it('gives the status, the headers (lower-case, repeats kept) and the reply', async () => {
    const s = await startLoopback(() => ({ status: 429, headers: { 'Retry-After': '3', 'X-Id': 'a' }, body: 'wait' }));
    servers.push(s);
    const r = await http.request({ method: 'GET', url: `${s.url}/send?to=%2B7` });
    expect(r.status).toBe(429);
    expect(r.headers['retry-after']).toBe('3');
    expect(r.headers['x-id']).toBe('a');
    expect(r.text).toBe('wait');
    expect(s.requests[0]!.query.get('to')).toBe('+7');
  });

  it('a reply too large to be a provider talking: the outcome is unknown', async () => {
    const s = await startLoopback(() => ({ body: 'x'.repeat(5 * 1024 * 1024) }));
    servers.push(s);
    const err = await failure(http.request({ method: 'GET', url: `${s.url}/send` }));
    expect(err.errorClass).toBe('unknown_outcome');
    expect(err.message).toMatch(/too large/);
  });

  it('an aborted request fails, before it starts and while it waits', async () => {
    const s = await server();
    s.inject({ kind: 'slow', ms: 3000 });
    const ctl = new AbortController();
    const pending = failure(http.request({ method: 'GET', url: `${s.url}/poll`, signal: ctl.signal }));
    setTimeout(() => ctl.abort(), 100);
    expect((await pending).errorClass).toBe('unknown_outcome');
    const before = await failure(http.request({ method: 'GET', url: `${s.url}/poll`, signal: ctl.signal }));
    expect(before.errorClass).toBe('unknown_outcome');
  });

  it('only http and https', async () => {
    const err = await failure(http.request({ method: 'GET', url: 'file:///etc/passwd' }));
    expect(err.errorClass).toBe('account');
  });

  it('reads Retry-After in seconds and as a date', () => {
    expect(retryAfterMs({ 'retry-after': '7' }, 0)).toBe(7000);
    expect(
      retryAfterMs({ 'retry-after': 'Wed, 21 Oct 2026 07:28:10 GMT' }, Date.parse('Wed, 21 Oct 2026 07:28:00 GMT')),
    ).toBe(10_000);
    expect(retryAfterMs({}, 0)).toBeUndefined();
  });
});
