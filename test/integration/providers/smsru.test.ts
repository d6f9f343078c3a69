import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../electron/core/clock';
import { createHttpClient, type HttpClient } from '../../../electron/core/channels/http';
import { createSmsRu } from '../../../electron/core/channels/providers/smsru';
import { ProviderError, type OutMessage, type Provider } from '../../../electron/core/channels/types';
import { startSmsRuSim, type SmsRuSim } from '../../simulators/smsru';

/** The SMS.ru provider against a loopback simulator of the SMS.ru HTTP API. */

const API_ID = 'A1B2C3D4-E5F6-0000-1111-222233334444';

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

describe('SMS.ru provider', () => {
  let sim: SmsRuSim;
  let http: HttpClient;

  const make = (opts: { apiId?: string; testMode?: boolean; sender?: string; timeoutMs?: number } = {}): Provider =>
    createSmsRu({
      accountId: 1,
      settings: { sender: opts.sender ?? 'Vestnik', testMode: opts.testMode ? 'true' : 'false', baseUrl: sim.url },
      secrets: { apiId: opts.apiId ?? API_ID },
      http,
      clock: systemClock,
      timeoutMs: opts.timeoutMs ?? 2000,
    });
  const calls = (path: string) => sim.loopback.requests.filter((r) => r.path === path);
  const account = () => sim.accounts.get(API_ID)!;

  beforeEach(async () => {
    sim = await startSmsRuSim();
    http = createHttpClient();
  });

  afterEach(async () => {
    await http.close();
    await sim.close();
  });

  describe('check, balance, cost, senders', () => {
    it('check reads my/balance (POST, api_id, json=1) and lists the approved senders', async () => {
      const res = await make().check();
      expect(res.balance).toEqual({ amount: 100, currency: 'RUB' });
      expect(res.message).toContain('100');
      expect(res.senders).toEqual(['Vestnik']);
      const req = calls('/my/balance')[0]!;
      expect(req.method).toBe('POST');
      expect(req.headers['content-type']).toContain('application/x-www-form-urlencoded');
      expect(req.params.get('api_id')).toBe(API_ID);
      expect(req.params.get('json')).toBe('1');
    });

    it('check says when test mode is on', async () => {
      expect((await make({ testMode: true }).check()).message).toMatch(/test mode/i);
    });

    it('a wrong api_id is an account error in SMS.ru’s words', async () => {
      const err = await failure(make({ apiId: 'nope' }).check());
      expect(err).toMatchObject({ errorClass: 'account', providerCode: '200' });
      expect(err.message).toContain('Неправильный api_id');
    });

    it('an account whose phone is not confirmed (302) is an account error', async () => {
      account().unconfirmed = true;
      const err = await failure(make().check());
      expect(err).toMatchObject({ errorClass: 'account', providerCode: '302' });
      expect(err.message).toContain('аккаунт не подтвержден');
    });

    it('balance follows what sends cost', async () => {
      const p = make();
      expect(await p.balance()).toEqual({ amount: 100, currency: 'RUB' });
      await p.send(msg());
      expect(await p.balance()).toEqual({ amount: 96.5, currency: 'RUB' });
    });

    it('cost asks sms/cost: per-number texts, 100 numbers a request, each number once, refused numbers left out', async () => {
      const res = await make().cost([
        msg({ to: '+79161234567', text: 'Hello' }),
        msg({ to: '+79167654321', text: 'Привет' }),
        msg({ to: '+79161234567', text: 'Ж'.repeat(150) }), // the same number again: a second request
        msg({ to: '+7916', text: 'bad number' }),
      ]);
      expect(res).toEqual({ total: { amount: 17.5, currency: 'RUB' }, parts: 5 });
      expect(calls('/sms/cost')).toHaveLength(2);
      expect(calls('/sms/cost')[0]!.params.get('to[79167654321]')).toBe('Привет');
      expect(account().balance).toBe(100);
    });

    it('senders lists my/senders', async () => {
      account().senders.push('Clinic');
      expect(await make().senders!()).toEqual(['Vestnik', 'Clinic']);
    });
  });

  describe('send', () => {
    it('sends a Latin text: number without +, sender, json=1, no test flag', async () => {
      const res = await make().send(msg());
      expect(res.providerIds).toHaveLength(1);
      expect(res.parts).toBe(1);
      expect(res.update).toMatchObject({ status: 'sent', providerCode: '100' });
      const req = calls('/sms/send')[0]!;
      expect(req.params.get('to')).toBe('79161234567');
      expect(req.params.get('from')).toBe('Vestnik');
      expect(req.params.get('json')).toBe('1');
      expect(req.params.has('test')).toBe(false);
      expect(sim.messages.get(res.providerIds[0]!)).toMatchObject({ to: '79161234567', text: 'Your order is ready' });
    });

    it('sends Cyrillic intact (UTF-8)', async () => {
      const text = 'Здравствуйте, Иван! Ваш заказ №42 готов. Ёлка — 1 500 ₽';
      const res = await make().send(msg({ text }));
      expect(sim.messages.get(res.providerIds[0]!)!.text).toBe(text);
      expect(res.parts).toBe(1);
    });

    it('a long text is counted in parts, and charged so', async () => {
      const text = 'Уважаемый клиент, напоминаем о записи к врачу завтра в 10:00. '.repeat(3); // 186 chars → 3 parts
      const res = await make().send(msg({ text }));
      expect(res.parts).toBe(3);
      expect(sim.messages.get(res.providerIds[0]!)!.parts).toBe(3);
      expect(account().balance).toBe(89.5);
    });

    it('test mode sends test=1: accepted, nothing charged', async () => {
      const res = await make({ testMode: true }).send(msg());
      expect(calls('/sms/send')[0]!.params.get('test')).toBe('1');
      expect(res.providerIds).toHaveLength(1);
      expect(sim.messages.get(res.providerIds[0]!)!.test).toBe(true);
      expect(account().balance).toBe(100);
    });

    it('without a sender name SMS.ru’s default sender is used (no from)', async () => {
      await make({ sender: '' }).send(msg());
      expect(calls('/sms/send')[0]!.params.has('from')).toBe(false);
    });
  });

  describe('status', () => {
    const cases: [number, string][] = [
      [100, 'queued'],
      [101, 'sent'],
      [102, 'sent'],
      [103, 'delivered'],
      [104, 'failed'],
      [105, 'failed'],
      [106, 'failed'],
      [107, 'failed'],
      [108, 'failed'],
      [110, 'delivered'],
      [150, 'failed'],
    ];

    it('maps every status code, keeping SMS.ru’s code and words', async () => {
      const p = make();
      const sent = await p.send(msg());
      for (const [code, expected] of cases) {
        sim.setStatus(sent.providerIds[0]!, code);
        const u = await p.status(sent.providerIds, msg());
        expect({ code, status: u.status }).toEqual({ code, status: expected });
        expect(u.providerCode).toBe(String(code));
        expect(u.providerText).toBeTruthy();
      }
      sim.setStatus(sent.providerIds[0]!, 103);
      expect(await p.status(sent.providerIds, msg())).toMatchObject({ providerText: 'Сообщение доставлено' });
      expect(calls('/sms/status')[0]!.params.get('sms_id')).toBe(sent.providerIds[0]);
    });

    it('an id SMS.ru does not know (−1) is unknown', async () => {
      expect(await make().status(['000000-1'], msg())).toMatchObject({ status: 'unknown', providerCode: '-1' });
    });
  });

  describe('errors', () => {
    const cases: { name: string; setup: () => void; message?: Partial<OutMessage>; cls: string; code: string }[] = [
      { name: 'not enough funds (201)', setup: () => (account().balance = 1), cls: 'account', code: '201' },
      { name: 'a bad number (202)', setup: () => {}, message: { to: '+7916' }, cls: 'recipient', code: '202' },
      { name: 'no text (203)', setup: () => {}, message: { text: '' }, cls: 'recipient', code: '203' },
      {
        name: 'a sender not approved (204)',
        setup: () => {},
        message: { sender: 'Other' },
        cls: 'account',
        code: '204',
      },
      {
        name: 'over 8 parts (205)',
        setup: () => {},
        message: { text: 'Ж'.repeat(600) },
        cls: 'recipient',
        code: '205',
      },
      {
        name: 'the daily limit (206)',
        setup: () => Object.assign(account(), { dailyLimit: 0 }),
        cls: 'account',
        code: '206',
      },
      { name: 'no route (207)', setup: () => sim.noRoute.add('79161234567'), cls: 'recipient', code: '207' },
      {
        name: 'your stop-list (209)',
        setup: () => account().stopList.add('79161234567'),
        cls: 'recipient',
        code: '209',
      },
      {
        name: 'SMS.ru’s stop-list (215)',
        setup: () => sim.globalStopList.add('79161234567'),
        cls: 'recipient',
        code: '215',
      },
    ];

    for (const c of cases) {
      it(`${c.name} → ${c.cls}, in SMS.ru’s words`, async () => {
        c.setup();
        const err = await failure(make().send(msg(c.message)));
        expect(err).toMatchObject({ errorClass: c.cls, providerCode: c.code });
        expect(err.message).toMatch(/^SMS\.ru: [А-ЯЁ]/);
        expect(sim.messages.size).toBe(0);
      });
    }

    it('"service temporarily unavailable" (220) and a server error (500) are retryable', async () => {
      for (const code of [220, 500]) {
        sim.loopback.inject({
          kind: 'reply',
          reply: { body: { status: 'ERROR', status_code: code, status_text: 'Повторите запрос позже' } },
        });
        expect(await failure(make().send(msg()))).toMatchObject({
          errorClass: 'retryable',
          providerCode: String(code),
        });
      }
    });

    it('HTTP 503 with Retry-After is retryable and says how long to wait', async () => {
      sim.loopback.inject({ kind: 'reply', reply: { status: 503, headers: { 'retry-after': '20' }, body: 'busy' } });
      expect(await failure(make().send(msg()))).toMatchObject({ errorClass: 'retryable', retryAfterMs: 20_000 });
    });

    it('a balance read refused with 220 is asked once more', async () => {
      sim.loopback.inject({ kind: 'reply', reply: { body: { status: 'ERROR', status_code: 220 } } }, 1, '/my/balance');
      expect(await make().balance()).toEqual({ amount: 100, currency: 'RUB' });
      expect(calls('/my/balance')).toHaveLength(2);
    });

    it('a slow answer to a send is an unknown outcome', async () => {
      sim.loopback.inject({ kind: 'slow', ms: 3000 }, 1, '/sms/send');
      expect((await failure(make({ timeoutMs: 300 }).send(msg()))).errorClass).toBe('unknown_outcome');
    });

    it('a connection dropped after the send was read is an unknown outcome, not repeated', async () => {
      sim.loopback.inject({ kind: 'drop' }, 1, '/sms/send');
      expect((await failure(make().send(msg()))).errorClass).toBe('unknown_outcome');
      expect(calls('/sms/send')).toHaveLength(1);
    });

    it('a refused connection is retryable', async () => {
      const p = make();
      await sim.close();
      expect((await failure(p.send(msg()))).errorClass).toBe('retryable');
      expect((await failure(p.balance())).errorClass).toBe('retryable');
    });
  });
});
