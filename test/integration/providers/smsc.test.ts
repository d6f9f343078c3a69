import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHttpClient, type HttpClient } from '../../../electron/core/channels/http';
import { createSmsc, smscMessageId } from '../../../electron/core/channels/providers/smsc';
import { ProviderError, type OutMessage, type Provider } from '../../../electron/core/channels/types';
import { startSmscSim, type SmscSim } from '../../simulators/smsc';

/** The SMSC.ru provider against a loopback simulator of the SMSC HTTP API. */

function fakeClock(start = '2025-03-03T09:00:00Z') {
  let t = Date.parse(start);
  return { now: () => new Date(t), advance: (ms: number) => void (t += ms) };
}

async function failure(p: Promise<unknown>): Promise<ProviderError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ProviderError);
    return err as ProviderError;
  }
  throw new Error('expected the call to fail');
}

const msg = (over: Partial<OutMessage> = {}): OutMessage => ({
  id: 'msg-1',
  to: '+79161234567',
  text: 'Your order is ready',
  ...over,
});

describe('SMSC.ru provider', () => {
  let sim: SmscSim;
  let http: HttpClient;
  let clock: ReturnType<typeof fakeClock>;

  const make = (opts: { password?: string; sender?: string; timeoutMs?: number } = {}): Provider =>
    createSmsc({
      accountId: 1,
      settings: { login: 'vestnik', sender: opts.sender ?? 'Vestnik', baseUrl: sim.url },
      secrets: { password: opts.password ?? 's3cret' },
      http,
      clock,
      timeoutMs: opts.timeoutMs ?? 2000,
    });
  const calls = (path: string) => sim.loopback.requests.filter((r) => r.path === path);
  const account = () => sim.accounts.get('vestnik')!;

  beforeEach(async () => {
    clock = fakeClock();
    sim = await startSmscSim({ now: () => clock.now().getTime() });
    http = createHttpClient();
  });

  afterEach(async () => {
    await http.close();
    await sim.close();
  });

  describe('check, balance, cost, senders', () => {
    it('check reads the balance (POST, fmt=3, charset=utf-8) and the registered senders', async () => {
      const res = await make().check();
      expect(res.balance).toEqual({ amount: 100, currency: 'RUB' });
      expect(res.message).toContain('100');
      expect(res.senders).toEqual(['Vestnik']);
      const req = calls('/sys/balance.php')[0]!;
      expect(req.method).toBe('POST');
      expect(req.headers['content-type']).toContain('application/x-www-form-urlencoded');
      expect(Object.fromEntries(req.params)).toMatchObject({ login: 'vestnik', fmt: '3', charset: 'utf-8' });
    });

    it('a wrong password is an account error in SMSC’s words', async () => {
      const err = await failure(make({ password: 'wrong' }).check());
      expect(err).toMatchObject({ errorClass: 'account', providerCode: '2' });
      expect(err.message).toContain('authorise error');
    });

    it('balance follows what sends cost', async () => {
      const p = make();
      await p.send(msg());
      expect(await p.balance()).toEqual({ amount: 98, currency: 'RUB' });
    });

    it('cost asks with cost=1 (nothing sent): one request per text, refused numbers cost nothing', async () => {
      const res = await make().cost([
        msg({ to: '+79161234567', text: 'Hello' }),
        msg({ to: '+79167654321', text: 'Hello' }),
        msg({ to: '+7916', text: 'Hello' }),
        msg({ to: '+79160000001', text: 'Ж'.repeat(150) }),
      ]);
      expect(res).toEqual({ total: { amount: 10, currency: 'RUB' }, parts: 5 });
      const reqs = calls('/sys/send.php');
      expect(reqs).toHaveLength(2);
      expect(reqs.every((r) => r.params.get('cost') === '1')).toBe(true);
      expect(reqs[0]!.params.get('phones')).toBe('79161234567,79167654321,7916');
      expect(sim.messages.size).toBe(0);
      expect(account().balance).toBe(100);
    });

    it('senders lists senders.php', async () => {
      account().senders.push('Clinic');
      expect(await make().senders!()).toEqual(['Vestnik', 'Clinic']);
    });
  });

  describe('send', () => {
    it('sends a Latin text with our message id as SMSC’s numeric id', async () => {
      const res = await make().send(msg());
      const id = smscMessageId('msg-1');
      expect(res.providerIds).toEqual([String(id)]);
      expect(res.parts).toBe(1);
      expect(res.cost).toEqual({ amount: 2, currency: 'RUB' });
      expect(res.update.status).toBe('sent');
      const req = calls('/sys/send.php')[0]!;
      expect(Object.fromEntries(req.params)).toMatchObject({
        phones: '79161234567',
        id: String(id),
        sender: 'Vestnik',
        fmt: '3',
        charset: 'utf-8',
        cost: '3',
      });
      expect(sim.messages.get(`${id}:79161234567`)!.text).toBe('Your order is ready');
    });

    it('sends Cyrillic intact (charset=utf-8)', async () => {
      const text = 'Здравствуйте, Иван! Ваш заказ №42 готов. Ёлка — 1 500 ₽';
      const res = await make().send(msg({ text }));
      expect(sim.messages.get(`${res.providerIds[0]}:79161234567`)!.text).toBe(text);
    });

    it('a long text: SMSC’s part count and cost come through', async () => {
      const text = 'Уважаемый клиент, напоминаем о записи к врачу завтра в 10:00. '.repeat(3); // 186 chars → 3 parts
      const res = await make().send(msg({ text }));
      expect(res.parts).toBe(3);
      expect(res.cost).toEqual({ amount: 6, currency: 'RUB' });
    });

    it('the numeric id is the same for the same message, in 1…2147483647, and differs between messages', () => {
      expect(smscMessageId('msg-1')).toBe(smscMessageId('msg-1'));
      const ids = new Set<number>();
      for (let i = 0; i < 2000; i++) {
        const id = smscMessageId(`0190f1a2-7c3b-7def-8a12-${String(i).padStart(12, '0')}`);
        expect(Number.isInteger(id) && id >= 1 && id <= 2147483647).toBe(true);
        ids.add(id);
      }
      expect(ids.size).toBe(2000);
    });
  });

  describe('status', () => {
    const cases: [number, string][] = [
      [-1, 'queued'],
      [0, 'sent'],
      [1, 'delivered'],
      [2, 'delivered'],
      [3, 'failed'],
      [4, 'delivered'],
      [20, 'failed'],
      [22, 'failed'],
      [23, 'failed'],
      [24, 'failed'],
      [25, 'failed'],
      [-2, 'failed'],
    ];

    it('maps every status code, keeping SMSC’s code and words', async () => {
      const p = make();
      const sent = await p.send(msg());
      for (const [code, expected] of cases) {
        sim.setStatus(sent.providerIds[0]!, '79161234567', code);
        clock.advance(61_000); // SMSC allows five identical status requests a minute
        const u = await p.status(sent.providerIds, msg());
        expect({ code, status: u.status }).toEqual({ code, status: expected });
        expect(u.providerCode).toBe(String(code));
        expect(u.providerText).toBeTruthy();
      }
      sim.setStatus(sent.providerIds[0]!, '79161234567', 1);
      clock.advance(61_000);
      expect(await p.status(sent.providerIds, msg())).toMatchObject({
        status: 'delivered',
        providerText: 'Доставлено',
      });
      expect(Object.fromEntries(calls('/sys/status.php')[0]!.params)).toMatchObject({
        id: sent.providerIds[0],
        phone: '79161234567',
      });
    });

    it('a delivery error code comes with its words', async () => {
      const p = make();
      const sent = await p.send(msg());
      sim.setStatus(sent.providerIds[0]!, '79161234567', 20, 1);
      const u = await p.status(sent.providerIds, msg());
      expect(u).toMatchObject({ status: 'failed', providerCode: '20/1' });
      expect(u.providerText).toContain('Абонент не существует');
    });

    it('a message SMSC does not know (−3) is unknown', async () => {
      expect(await make().status(['12345'], msg())).toMatchObject({ status: 'unknown', providerCode: '-3' });
    });

    it('a send whose answer was lost can still be looked up by the id derived from our message id', async () => {
      const p = make({ timeoutMs: 300 });
      sim.loopback.inject({ kind: 'slow', ms: 2500 }, 1, '/sys/send.php');
      expect((await failure(p.send(msg()))).errorClass).toBe('unknown_outcome');
      await vi.waitFor(() => expect(sim.messages.size).toBe(1), { timeout: 10_000 });
      expect(await p.status([], msg())).toMatchObject({ status: 'queued', providerCode: '-1' });
    });
  });

  describe('errors', () => {
    const cases: { name: string; setup: () => void; message?: Partial<OutMessage>; cls: string; code: string }[] = [
      { name: 'no money (3)', setup: () => (account().balance = 1), cls: 'account', code: '3' },
      { name: 'a sender not registered (6)', setup: () => {}, message: { sender: 'Other' }, cls: 'account', code: '6' },
      { name: 'a bad number (7)', setup: () => {}, message: { to: '+7916' }, cls: 'recipient', code: '7' },
      { name: 'undeliverable (8)', setup: () => sim.undeliverable.add('79161234567'), cls: 'recipient', code: '8' },
      { name: 'no text (1: parameters)', setup: () => {}, message: { text: '' }, cls: 'recipient', code: '1' },
      { name: 'an IP blocked for a while (4)', setup: () => (account().ipBlocked = true), cls: 'retryable', code: '4' },
    ];

    for (const c of cases) {
      it(`${c.name} → ${c.cls}, in SMSC’s words`, async () => {
        c.setup();
        const err = await failure(make().send(msg(c.message)));
        expect(err).toMatchObject({ errorClass: c.cls, providerCode: c.code });
        expect(err.message).toMatch(/^SMSC: \S/);
        expect(sim.messages.size).toBe(0);
      });
    }

    it('the same send again within a minute (9) is an unknown outcome: the first one went', async () => {
      const p = make();
      await p.send(msg());
      const err = await failure(p.send(msg()));
      expect(err).toMatchObject({ errorClass: 'unknown_outcome', providerCode: '9' });
      expect(sim.messages.size).toBe(1);
    });

    it('HTTP 503 with Retry-After is retryable and says how long to wait', async () => {
      sim.loopback.inject({ kind: 'reply', reply: { status: 503, headers: { 'retry-after': '15' }, body: 'busy' } });
      expect(await failure(make().send(msg()))).toMatchObject({ errorClass: 'retryable', retryAfterMs: 15_000 });
    });

    it('a dropped balance read is asked once more', async () => {
      sim.loopback.inject({ kind: 'drop' }, 1, '/sys/balance.php');
      expect(await make().balance()).toEqual({ amount: 100, currency: 'RUB' });
      expect(calls('/sys/balance.php')).toHaveLength(2);
    });

    it('a slow answer to a send is an unknown outcome', async () => {
      sim.loopback.inject({ kind: 'slow', ms: 3000 }, 1, '/sys/send.php');
      expect((await failure(make({ timeoutMs: 300 }).send(msg()))).errorClass).toBe('unknown_outcome');
    });

    it('a connection dropped after the send was read is an unknown outcome, not repeated', async () => {
      sim.loopback.inject({ kind: 'drop' }, 1, '/sys/send.php');
      expect((await failure(make().send(msg()))).errorClass).toBe('unknown_outcome');
      expect(calls('/sys/send.php')).toHaveLength(1);
    });

    it('a refused connection is retryable', async () => {
      const p = make();
      await sim.close();
      expect((await failure(p.send(msg()))).errorClass).toBe('retryable');
      expect((await failure(p.check())).errorClass).toBe('retryable');
    });
  });
});
