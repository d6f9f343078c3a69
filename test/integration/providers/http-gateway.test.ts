import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHttpClient, type HttpClient } from '../../../electron/core/channels/http';
import { createHttpGateway } from '../../../electron/core/channels/providers/http';
import { ProviderError, type OutMessage, type Provider } from '../../../electron/core/channels/types';
import { startGatewaySim, type GatewaySim } from '../../simulators/http-gateway';

let sim: GatewaySim;
let http: HttpClient;

beforeEach(async () => {
  sim = await startGatewaySim({ credit: 100, price: 1.5 });
  http = createHttpClient();
});
afterEach(async () => {
  await sim.close();
  await http.close();
});

/** playSMS-style replies: an id on success, "status":"ERR" with the gateway's words on refusal. */
const ID = '"smslog_id":"(\\d+)"';
const ERR = '"status":"ERR".*"error_string":"([^"]*)"';

function gateway(settings: Record<string, string>, opts: { token?: string; timeoutMs?: number } = {}): Provider {
  return createHttpGateway({
    accountId: 1,
    settings,
    secrets: { token: opts.token ?? sim.token },
    http,
    clock: { now: () => new Date() },
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
  });
}

const getUrl = () => `${sim.url}/index.php?app=ws&u=shop&h={token}&op=pv&to={to}&msg={text}&from={sender}`;
const viaGet = (extra: Record<string, string> = {}, timeoutMs?: number) =>
  gateway(
    { url: getUrl(), method: 'GET', idPattern: ID, errorPattern: ERR, sender: 'Vesna', ...extra },
    timeoutMs ? { timeoutMs } : {},
  );

async function failure(p: Promise<unknown>): Promise<ProviderError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProviderError);
  return err as ProviderError;
}

/** Everything that tends to break hand-made URL and body templates. */
const TEXT = 'Привет, Анна! Скидка 10% & бонус +1 = "подарок" #1\nC:\\путь?x=1';
const msg = (to = '+79207460022', text = TEXT): OutMessage => ({ id: 'our-42', to, text });

describe('HTTP gateway: send', () => {
  it('GET: the number with "+", Cyrillic text and the token arrive intact; the id is read by idPattern', async () => {
    const res = await viaGet().send(msg());
    expect(sim.messages).toEqual([{ id: '7001', to: '+79207460022', msg: TEXT, from: 'Vesna' }]);
    expect(res.providerIds).toEqual(['7001']);
    expect(res.update.status).toBe('sent');
    const q = sim.loop.requests[0]!;
    expect(q.method).toBe('GET');
    expect(q.query.get('h')).toBe(sim.token); // "gw-secret+key/1" survives as well
    expect(q.body).toBe('');
  });

  it('POST form: values are form-encoded in the body', async () => {
    const gw = gateway({
      url: `${sim.url}/index.php`,
      method: 'POST',
      contentType: 'application/x-www-form-urlencoded',
      body: 'app=ws&u=shop&h={token}&op=pv&to={to}&msg={text}',
      idPattern: ID,
    });
    const res = await gw.send(msg('+79035550101'));
    expect(res.providerIds).toEqual(['7001']);
    expect(sim.messages[0]).toMatchObject({ to: '+79035550101', msg: TEXT });
    const q = sim.loop.requests[0]!;
    expect(q.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(q.body).toContain('to=%2B79035550101');
  });

  it('POST JSON: values are JSON-escaped inside the template', async () => {
    const gw = gateway({
      url: `${sim.url}/index.php`,
      method: 'POST',
      contentType: 'application/json',
      body: '{"app":"ws","u":"shop","h":"{token}","op":"pv","to":"{to}","msg":"{text}","from":"{sender}"}',
      idPattern: ID,
      sender: 'Vesna',
    });
    const res = await gw.send({ ...msg(), sender: 'Весна' });
    expect(res.providerIds).toEqual(['7001']);
    expect(sim.loop.requests[0]!.json).toEqual({
      app: 'ws',
      u: 'shop',
      h: sim.token,
      op: 'pv',
      to: '+79207460022',
      msg: TEXT,
      from: 'Весна', // the message's own sender wins over the account's
    });
  });

  it('a value that looks like a placeholder is not expanded again', async () => {
    await viaGet().send(msg('+79207460022', 'Напишите {token} или {to}'));
    expect(sim.messages[0]!.msg).toBe('Напишите {token} или {to}');
  });

  it('without idPattern our own message id is the provider id', async () => {
    const res = await gateway({ url: getUrl() }).send(msg());
    expect(res.providerIds).toEqual(['our-42']);
    expect(res.update.status).toBe('sent');
  });

  it('status is unknown (no status request is configured)', async () => {
    const st = await viaGet().status(['7001'], { id: 'our-42', to: '+79207460022' });
    expect(st.status).toBe('unknown');
  });

  it('errorPattern: a refusal in a 200 reply is a recipient error in the gateway words', async () => {
    const err = await failure(viaGet().send(msg('+7 bad')));
    expect(err.errorClass).toBe('recipient');
    expect(err.message).toContain('send message failed: invalid destination');
    expect(sim.messages).toHaveLength(0);
  });

  it('an idPattern that finds nothing in a 200 reply is unknown_outcome, quoting the reply', async () => {
    const err = await failure(viaGet({ idPattern: '"msg_id":(\\d+)' }).send(msg()));
    expect(err.errorClass).toBe('unknown_outcome');
    expect(err.message).toContain('smslog_id');
  });

  it('a reply quoting the key does not put the key into our message', async () => {
    sim.loop.inject({ kind: 'reply', reply: { status: 401, body: `key ${sim.token} is not valid` } });
    const err = await failure(viaGet().send(msg()));
    expect(err.errorClass).toBe('account');
    expect(err.message).toContain('key *** is not valid');
    expect(err.message).not.toContain(sim.token);
  });
});

describe('HTTP gateway: HTTP status → class', () => {
  it('401/403 → account', async () => {
    const bad = await failure(gateway({ url: getUrl(), errorPattern: ERR }, { token: 'wrong' }).send(msg()));
    expect(bad.errorClass).toBe('account');
    expect(bad.message).toContain('authentication failed');
    expect(bad.providerCode).toBe('401');
    sim.loop.inject({ kind: 'reply', reply: { status: 403, body: 'IP 127.0.0.1 not allowed' } });
    const ip = await failure(viaGet().send(msg()));
    expect(ip.errorClass).toBe('account');
    expect(ip.message).toContain('not allowed');
  });

  it('429 and 503 → retryable with Retry-After', async () => {
    sim.loop.inject({ kind: 'reply', reply: { status: 429, headers: { 'retry-after': '7' }, body: 'too fast' } });
    const busy = await failure(viaGet().send(msg()));
    expect(busy.errorClass).toBe('retryable');
    expect(busy.retryAfterMs).toBe(7000);
    sim.loop.inject({ kind: 'reply', reply: { status: 503, body: 'Temporal failure, try again later' } });
    const down = await failure(viaGet().send(msg()));
    expect(down.errorClass).toBe('retryable');
    expect(down.message).toContain('Temporal failure');
  });

  it('another 5xx is unknown_outcome, unless the gateway says it refused (errorPattern)', async () => {
    sim.loop.inject({ kind: 'reply', reply: { status: 500, body: 'Internal Server Error' } });
    expect((await failure(viaGet().send(msg()))).errorClass).toBe('unknown_outcome');
    sim.loop.inject({
      kind: 'reply',
      reply: { status: 500, body: { status: 'ERR', error: '999', error_string: 'queue is full' } },
    });
    const refused = await failure(viaGet().send(msg()));
    expect(refused.errorClass).toBe('retryable');
    expect(refused.message).toContain('queue is full');
  });

  it('another 4xx → recipient; a wrong path (404) → account', async () => {
    sim.loop.inject({ kind: 'reply', reply: { status: 400, body: 'invalid number' } });
    expect((await failure(viaGet().send(msg()))).errorClass).toBe('recipient');
    const lost = await failure(gateway({ url: `${sim.url}/send.php?to={to}` }).send(msg()));
    expect(lost.errorClass).toBe('account');
    expect(lost.providerCode).toBe('404');
  });

  it('a slow reply and a dropped connection are unknown_outcome', async () => {
    sim.loop.inject({ kind: 'slow', ms: 3000 });
    expect((await failure(viaGet({}, 300).send(msg()))).errorClass).toBe('unknown_outcome');
    sim.loop.inject({ kind: 'drop' });
    expect((await failure(viaGet().send(msg()))).errorClass).toBe('unknown_outcome');
  });
});

describe('HTTP gateway: user patterns are guarded', () => {
  it('a catastrophic pattern on a long reply gives up instead of hanging', async () => {
    sim.loop.inject({ kind: 'reply', reply: { status: 200, body: `${'a'.repeat(40)}!` } });
    const err = await failure(gateway({ url: getUrl(), idPattern: '^(a+)+$' }).send(msg()));
    expect(err.errorClass).toBe('unknown_outcome');
    expect(err.message).toMatch(/idPattern took too long/);
  });

  it('only the first 64 KB of a reply are matched', async () => {
    sim.loop.inject({ kind: 'reply', reply: { status: 200, body: `${' '.repeat(70 * 1024)}id=9` } });
    const err = await failure(gateway({ url: getUrl(), idPattern: 'id=(\\d+)' }).send(msg()));
    expect(err.errorClass).toBe('unknown_outcome');
    sim.loop.inject({ kind: 'reply', reply: { status: 200, body: `id=9${' '.repeat(70 * 1024)}` } });
    expect((await gateway({ url: getUrl(), idPattern: 'id=(\\d+)' }).send(msg())).providerIds).toEqual(['9']);
  });
});

describe('HTTP gateway: check and balance', () => {
  const balanceUrl = () => `${sim.url}/index.php?app=ws&u=shop&h={token}&op=cr`;

  it('with a balance URL: the balance read by balancePattern', async () => {
    const gw = viaGet({ balanceUrl: balanceUrl(), balancePattern: '"credit":"([\\d.]+)"' });
    const res = await gw.check();
    expect(res.balance).toEqual({ amount: 100, currency: 'RUB' });
    expect(res.message).toContain('100');
    await gw.send(msg());
    expect(await gw.balance()).toEqual({ amount: 98.5, currency: 'RUB' });
  });

  it('a wrong key on the balance URL is an account error', async () => {
    const gw = gateway({ url: getUrl(), balanceUrl: balanceUrl(), errorPattern: ERR }, { token: 'wrong' });
    const err = await failure(gw.check());
    expect(err.errorClass).toBe('account');
    expect(err.message).toContain('authentication failed');
  });

  it('a balance pattern that finds nothing is an account error quoting the reply', async () => {
    const err = await failure(viaGet({ balanceUrl: balanceUrl(), balancePattern: 'balance=(\\d+)' }).check());
    expect(err.errorClass).toBe('account');
    expect(err.message).toContain('credit');
  });

  it('without a balance URL: settings saved, no check possible — and nothing is sent', async () => {
    const res = await viaGet().check();
    expect(res.message).toMatch(/Настройки сохранены/);
    expect(res.message).toMatch(/без отправки/);
    expect(res.balance).toBeNull();
    expect(sim.loop.requests).toHaveLength(0);
    expect(await viaGet().balance()).toBeNull();
  });

  it('check finds broken settings: no URL, a bad method, a broken pattern, a body that is not JSON', async () => {
    expect((await failure(gateway({}).check())).message).toMatch(/send URL is not set/);
    expect((await failure(gateway({ url: 'ftp://x/{to}' }).check())).errorClass).toBe('account');
    expect((await failure(gateway({ url: getUrl(), method: 'PUT' }).check())).message).toMatch(/GET or POST/);
    expect((await failure(gateway({ url: getUrl(), idPattern: '(unclosed' }).check())).message).toMatch(
      /idPattern is not a valid regular expression/,
    );
    const json = gateway({
      url: `${sim.url}/index.php`,
      method: 'POST',
      contentType: 'application/json',
      body: '{"to":{to},"msg":"{text}"}',
    });
    expect((await failure(json.check())).message).toMatch(/not valid JSON/);
    expect(sim.loop.requests).toHaveLength(0);
  });
});
