import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHttpClient, type HttpClient } from '../../../electron/core/channels/http';
import { createDevino } from '../../../electron/core/channels/providers/devino';
import { ProviderError, type OutMessage, type Provider } from '../../../electron/core/channels/types';
import { startDevinoSim, type DevinoSim } from '../../simulators/devino';

/** The Devino Telecom provider against a loopback simulator of Devino's REST API (session API v1). */

const MINUTE = 60_000;

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

describe('Devino Telecom provider (REST, session API)', () => {
  let sim: DevinoSim;
  let http: HttpClient;
  let clock: ReturnType<typeof fakeClock>;

  const make = (opts: { password?: string; sender?: string; timeoutMs?: number } = {}): Provider =>
    createDevino({
      accountId: 1,
      settings: { login: 'vestnik', sender: opts.sender ?? 'Vestnik', baseUrl: sim.baseUrl },
      secrets: { password: opts.password ?? 's3cret' },
      http,
      clock,
      timeoutMs: opts.timeoutMs ?? 2000,
    });
  const calls = (path: string) => sim.loopback.requests.filter((r) => r.path.toLowerCase() === path.toLowerCase());

  beforeEach(async () => {
    clock = fakeClock();
    sim = await startDevinoSim({ now: () => clock.now().getTime() });
    http = createHttpClient();
  });

  afterEach(async () => {
    await http.close();
    await sim.close();
  });

  describe('check, balance, cost', () => {
    it('check signs in with a real session and shows the balance', async () => {
      const res = await make().check();
      expect(res.balance).toEqual({ amount: 100, currency: 'RUB' });
      expect(res.message).toContain('100');
      expect(calls('/rest/User/SessionId')).toHaveLength(1);
      expect(calls('/rest/User/SessionId')[0]!.query.get('login')).toBe('vestnik');
      expect(calls('/rest/User/Balance')).toHaveLength(1);
    });

    it('check with a wrong password fails as an account error in Devino’s own words', async () => {
      const err = await failure(make({ password: 'wrong' }).check());
      expect(err.errorClass).toBe('account');
      expect(err.providerCode).toBe('4');
      expect(err.message).toContain('Invalid user login or password');
    });

    it('balance goes down by what a send cost', async () => {
      const p = make();
      expect(await p.balance()).toEqual({ amount: 100, currency: 'RUB' });
      await p.send(msg());
      expect(await p.balance()).toEqual({ amount: 97.5, currency: 'RUB' });
    });

    it('cost is null: Devino has no price API, the local tariff is used', async () => {
      expect(await make().cost([msg()])).toBeNull();
      expect(sim.loopback.requests).toHaveLength(0);
    });
  });

  describe('send', () => {
    it('sends a Latin text as one part, form-encoded, with the number and sender as Devino wants them', async () => {
      const res = await make().send(msg());
      expect(res.parts).toBe(1);
      expect(res.providerIds).toHaveLength(1);
      expect(res.update).toMatchObject({ status: 'sent', providerCode: 'OK_Operation_Completed' });
      const seg = sim.segments.get(res.providerIds[0]!)!;
      expect(seg).toMatchObject({ to: '79161234567', from: 'Vestnik', text: 'Your order is ready' });
      const req = calls('/rest/Sms/Send')[0]!;
      expect(req.method).toBe('POST');
      expect(req.headers['content-type']).toContain('application/x-www-form-urlencoded');
    });

    it('sends Cyrillic intact (UTF-8)', async () => {
      const text = 'Здравствуйте, Иван! Ваш заказ №42 готов. Ёлка — 1 500 ₽';
      const res = await make().send(msg({ text }));
      expect(res.parts).toBe(1);
      expect(sim.segments.get(res.providerIds[0]!)!.text).toBe(text);
    });

    it('a long text is one request and one provider id per part', async () => {
      const cyr = 'Уважаемый клиент, напоминаем о записи к врачу завтра в 10:00. '.repeat(3); // 186 chars → 3 parts
      const r1 = await make().send(msg({ text: cyr }));
      expect(r1.parts).toBe(3);
      expect(r1.providerIds).toHaveLength(3);
      expect(new Set(r1.providerIds).size).toBe(3);
      const lat = 'Dear customer, your appointment is tomorrow at 10:00. '.repeat(4); // 216 chars → 2 parts
      const r2 = await make().send(msg({ text: lat }));
      expect(r2.parts).toBe(2);
      expect(calls('/rest/Sms/Send')).toHaveLength(2);
      expect(sim.segments.size).toBe(5);
    });

    it('the message’s own sender wins over the account’s', async () => {
      sim.accounts.get('vestnik')!.senders.push('Clinic');
      const res = await make().send(msg({ sender: 'Clinic' }));
      expect(sim.segments.get(res.providerIds[0]!)!.from).toBe('Clinic');
    });

    it('without any sender name it stops before calling Devino', async () => {
      const err = await failure(make({ sender: '' }).send(msg()));
      expect(err.errorClass).toBe('account');
      expect(sim.loopback.requests).toHaveLength(0);
    });
  });

  describe('status', () => {
    const cases: [number, string][] = [
      [-2, 'queued'],
      [-1, 'sent'],
      [0, 'delivered'],
      [10, 'failed'],
      [11, 'failed'],
      [41, 'failed'],
      [42, 'failed'],
      [46, 'failed'],
      [47, 'failed'],
      [48, 'failed'],
      [69, 'failed'],
      [-98, 'failed'],
      [99, 'unknown'],
    ];

    it('maps every state code, keeping Devino’s code and words', async () => {
      const p = make();
      const sent = await p.send(msg());
      const id = sent.providerIds[0]!;
      for (const [state, expected] of cases) {
        sim.setState(id, state);
        const u = await p.status(sent.providerIds, msg());
        expect({ state, status: u.status }).toEqual({ state, status: expected });
        expect(u.providerCode).toBe(String(state));
        expect(u.providerText).toBeTruthy();
      }
      sim.setState(id, 0);
      expect(await p.status(sent.providerIds, msg())).toMatchObject({
        status: 'delivered',
        providerText: 'Доставлено абоненту',
      });
    });

    it('an id Devino does not know (255: not in its base yet, or older than 48 h) is unknown', async () => {
      const u = await make().status(['579700000000000001'], msg());
      expect(u).toMatchObject({ status: 'unknown', providerCode: '255' });
    });

    it('sums up the parts: failed if any failed, delivered only when all are, else the least advanced', async () => {
      const p = make();
      const sent = await p.send(msg({ text: 'Ж'.repeat(150) }));
      expect(sent.providerIds).toHaveLength(3);
      const set = (states: number[]) => states.forEach((s, i) => sim.setState(sent.providerIds[i]!, s));

      set([-1, -2, 0]);
      expect((await p.status(sent.providerIds, msg())).status).toBe('queued');
      set([0, 0, -1]);
      const partly = await p.status(sent.providerIds, msg());
      expect(partly.status).toBe('sent');
      expect(partly.providerText).toContain('часть 3 из 3');
      set([0, 0, 0]);
      expect((await p.status(sent.providerIds, msg())).status).toBe('delivered');
      set([0, 46, -1]);
      const failed = await p.status(sent.providerIds, msg());
      expect(failed).toMatchObject({ status: 'failed', providerCode: '46' });
      expect(failed.providerText).toContain('часть 2 из 3');
      expect(calls('/rest/Sms/State').length).toBe(12);
    });
  });

  describe('errors', () => {
    it('not enough credits (5) is an account error', async () => {
      sim.accounts.get('vestnik')!.balance = 1;
      const err = await failure(make().send(msg()));
      expect(err).toMatchObject({ errorClass: 'account', providerCode: '5' });
      expect(err.message).toContain('Not enough credits');
    });

    it('a bad number is a recipient error', async () => {
      const short = await failure(make().send(msg({ to: '+7916' })));
      expect(short).toMatchObject({ errorClass: 'recipient', providerCode: '2' });
      expect(short.message).toContain('Invalid destination address');
      sim.badNumbers.add('79160000000');
      expect((await failure(make().send(msg({ to: '+79160000000' })))).errorClass).toBe('recipient');
    });

    it('an empty text (1: argument cannot be empty) is a recipient error', async () => {
      expect(await failure(make().send(msg({ text: '' })))).toMatchObject({
        errorClass: 'recipient',
        providerCode: '1',
      });
    });

    it('an unregistered sender (6: Invalid source address) is an account error', async () => {
      const err = await failure(make().send(msg({ sender: 'Unknown' })));
      expect(err).toMatchObject({ errorClass: 'account', providerCode: '6' });
      expect(err.message).toContain('Invalid source address');
    });

    it('a blocked user or an IP not allowed (7: Forbidden) is an account error', async () => {
      const p = make();
      await p.balance();
      sim.accounts.get('vestnik')!.blocked = true;
      expect(await failure(p.send(msg()))).toMatchObject({ errorClass: 'account', providerCode: '7' });
    });

    it('gateway (8) and internal (9) errors are retryable', async () => {
      const p = make();
      await p.balance();
      for (const [code, desc] of [
        [8, 'Gateway error'],
        [9, 'Internal server error'],
      ] as const) {
        sim.loopback.inject(
          { kind: 'reply', reply: { status: 500, body: { Code: code, Desc: desc } } },
          1,
          '/rest/Sms',
        );
        const err = await failure(p.send(msg()));
        expect(err).toMatchObject({ errorClass: 'retryable', providerCode: String(code) });
        expect(err.message).toContain(desc);
      }
      expect(sim.segments.size).toBe(0);
    });

    it('503 with Retry-After is retryable and says how long to wait', async () => {
      const p = make();
      await p.balance();
      sim.loopback.inject(
        { kind: 'reply', reply: { status: 503, headers: { 'retry-after': '30' }, body: 'Service Unavailable' } },
        1,
        '/rest/Sms',
      );
      const err = await failure(p.send(msg()));
      expect(err).toMatchObject({ errorClass: 'retryable', retryAfterMs: 30_000 });
    });

    it('the 1C module’s literal errors are read too', async () => {
      const p = make();
      await p.balance();
      for (const [literal, cls] of [
        ['Error_Not_Enough_Credits', 'account'],
        ['Error_Invalid_Destination_Address', 'recipient'],
        ['Error_Unauthorised_IP_Address', 'account'],
        ['Error_Gateway_Busy', 'retryable'],
        ['Error_Message_Queue_Full', 'retryable'],
      ] as const) {
        sim.loopback.inject({ kind: 'reply', reply: { body: literal } }, 1, '/rest/Sms');
        const err = await failure(p.send(msg()));
        expect({ literal, cls: err.errorClass }).toEqual({ literal, cls });
        expect(err.providerCode).toBe(literal);
      }
    });

    it('a slow answer to a send is an unknown outcome', async () => {
      const p = make({ timeoutMs: 300 });
      await p.balance();
      sim.loopback.inject({ kind: 'slow', ms: 3000 }, 1, '/rest/Sms/Send');
      expect((await failure(p.send(msg()))).errorClass).toBe('unknown_outcome');
    });

    it('a connection dropped after the send was read is an unknown outcome, and the send is not repeated', async () => {
      const p = make();
      await p.balance();
      sim.loopback.inject({ kind: 'drop' }, 1, '/rest/Sms/Send');
      expect((await failure(p.send(msg()))).errorClass).toBe('unknown_outcome');
      expect(calls('/rest/Sms/Send')).toHaveLength(1);
    });

    it('a dropped balance read is asked once more', async () => {
      const p = make();
      await p.check();
      sim.loopback.inject({ kind: 'drop' }, 1, '/rest/User/Balance');
      expect(await p.balance()).toEqual({ amount: 100, currency: 'RUB' });
      expect(calls('/rest/User/Balance')).toHaveLength(3);
    });

    it('a refused connection (Devino not reachable) is retryable', async () => {
      const p = make();
      await sim.close();
      expect((await failure(p.send(msg()))).errorClass).toBe('retryable');
      expect((await failure(p.check())).errorClass).toBe('retryable');
    });
  });

  describe('session', () => {
    it('one session serves many calls', async () => {
      const p = make();
      await p.send(msg());
      await p.send(msg({ id: 'msg-2' }));
      await p.balance();
      await p.status(['579700854169272358'], msg());
      expect(calls('/rest/User/SessionId')).toHaveLength(1);
      const sids = new Set(
        sim.loopback.requests
          .filter((r) => !/sessionid/i.test(r.path))
          .map((r) => r.params.get('SessionID') ?? r.params.get('sessionId')),
      );
      expect(sids.size).toBe(1);
    });

    it('a session Devino no longer knows (401) is renewed once and the call goes through, sent once', async () => {
      const p = make();
      await p.balance();
      sim.dropSessions();
      const res = await p.send(msg());
      expect(res.providerIds).toHaveLength(1);
      expect(calls('/rest/User/SessionId')).toHaveLength(2);
      expect(calls('/rest/Sms/Send')).toHaveLength(2);
      expect(sim.segments.size).toBe(1);
    });

    it('a session refused even after renewal is an account error', async () => {
      const p = make();
      await p.balance();
      sim.loopback.inject(
        { kind: 'reply', reply: { status: 401, body: { Code: 4, Desc: 'SessionID expired' } } },
        2,
        '/rest/Sms/Send',
      );
      const err = await failure(p.send(msg()));
      expect(err).toMatchObject({ errorClass: 'account', providerCode: '4' });
      expect(calls('/rest/User/SessionId')).toHaveLength(2);
    });

    it('the session is reused within its 120 minutes and renewed before Devino would refuse it', async () => {
      const p = make();
      await p.send(msg());
      clock.advance(118 * MINUTE);
      await p.send(msg({ id: 'msg-2' }));
      expect(calls('/rest/User/SessionId')).toHaveLength(1);
      clock.advance(3 * MINUTE);
      await p.send(msg({ id: 'msg-3' }));
      expect(calls('/rest/User/SessionId')).toHaveLength(2);
      // Renewed ahead of time: no send was refused and repeated.
      expect(calls('/rest/Sms/Send')).toHaveLength(3);
      expect(sim.segments.size).toBe(3);
    });

    it('concurrent calls share one sign-in', async () => {
      const p = make();
      await Promise.all([p.balance(), p.send(msg()), p.send(msg({ id: 'msg-2' }))]);
      expect(calls('/rest/User/SessionId')).toHaveLength(1);
    });
  });
});
