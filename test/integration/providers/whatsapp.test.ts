import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHttpClient, type HttpClient } from '../../../electron/core/channels/http';
import { createWhatsApp } from '../../../electron/core/channels/providers/whatsapp';
import { ProviderError, type OutMessage, type Provider } from '../../../electron/core/channels/types';
import { makeTemplates, startWhatsAppSim, type WhatsAppSim } from '../../simulators/whatsapp';

let sim: WhatsAppSim;
let http: HttpClient;

beforeEach(async () => {
  sim = await startWhatsAppSim();
  http = createHttpClient();
});
afterEach(async () => {
  await sim.close();
  await http.close();
});

function whatsapp(
  opts: { token?: string; timeoutMs?: number; phoneNumberId?: string; language?: string } = {},
): Provider {
  return createWhatsApp({
    accountId: 1,
    settings: {
      phoneNumberId: opts.phoneNumberId ?? sim.phoneNumberId,
      businessAccountId: sim.businessAccountId,
      ...(opts.language ? { language: opts.language } : {}),
      baseUrl: sim.url,
    },
    secrets: { token: opts.token ?? sim.token },
    http,
    clock: { now: () => new Date() },
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
  });
}

async function failure(p: Promise<unknown>): Promise<ProviderError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProviderError);
  return err as ProviderError;
}

const promo = (to: string, variables = ['Анна', 'скидка 15% на всё']): OutMessage => ({
  id: 'm-1',
  to,
  text: '',
  template: { name: 'promo_1', language: 'ru', variables },
});

describe('WhatsApp: check', () => {
  it('shows the business name and number, asking with the bearer token', async () => {
    const res = await whatsapp().check();
    expect(res.message).toContain('Магазин «Весна»');
    expect(res.message).toContain('+7 920 746-00-22');
    const req = sim.loop.requests[0]!;
    expect(req.method).toBe('GET');
    expect(req.path).toBe(`/v22.0/${sim.phoneNumberId}`);
    expect(req.headers.authorization).toBe(`Bearer ${sim.token}`);
  });

  it('a wrong token is an account error in Meta words (OAuthException 190)', async () => {
    const err = await failure(whatsapp({ token: 'EAAGwrong' }).check());
    expect(err.errorClass).toBe('account');
    expect(err.providerCode).toBe('190');
    expect(err.message).toContain('Invalid OAuth access token');
  });

  it('a wrong phone number ID is an account error', async () => {
    const err = await failure(whatsapp({ phoneNumberId: '999' }).check());
    expect(err.errorClass).toBe('account');
    expect(err.message).toContain("Object with ID '999' does not exist");
  });

  it('balance and cost are not told by the Cloud API', async () => {
    const wa = whatsapp();
    expect(await wa.balance()).toBeNull();
    expect(await wa.cost([promo('79207460022')])).toBeNull();
  });
});

describe('WhatsApp: templates', () => {
  beforeEach(async () => {
    await sim.close();
    // Seven templates, at most three per page: every window below crosses pages.
    sim = await startWhatsAppSim({ templates: makeTemplates(7), maxPageSize: 3 });
  });

  const names = (items: { name: string }[]) => items.map((t) => t.name);
  const templatePolls = () => sim.loop.requests.filter((r) => r.path.endsWith('/message_templates'));

  it('lists the first page with body text and variable count', async () => {
    const res = await whatsapp().templates!(0, 3);
    expect(names(res.items)).toEqual(['promo_1', 'promo_2', 'promo_3']);
    expect(res.items[0]).toEqual({
      id: '1000000',
      name: 'promo_1',
      language: 'ru',
      status: 'APPROVED',
      body: 'Здравствуйте, {{1}}! Предложение №1: {{2}}. До встречи, {{1}}.',
      variables: 2,
    });
  });

  it('walks the cursors to reach a window across pages', async () => {
    const res = await whatsapp().templates!(2, 4);
    expect(names(res.items)).toEqual(['promo_3', 'promo_4', 'promo_5', 'promo_6']);
    const reqs = templatePolls();
    expect(reqs.length).toBeGreaterThanOrEqual(2);
    expect(reqs[0]!.query.get('after')).toBeNull();
    for (const r of reqs.slice(1)) expect(r.query.get('after')).toBeTruthy();
    expect(reqs[0]!.query.get('fields')).toContain('components');
  });

  it('the last window is short and tells the total', async () => {
    const res = await whatsapp().templates!(5, 10);
    expect(names(res.items)).toEqual(['promo_6', 'promo_7']);
    expect(res.total).toBe(7);
    const all = await whatsapp().templates!(0, 100);
    expect(all.items).toHaveLength(7);
    expect(all.total).toBe(7);
    expect(await whatsapp().templates!(10, 5)).toEqual({ items: [], total: 7 });
  });

  it('previews a template by id: the body text', async () => {
    expect(await whatsapp().templatePreview!('1000003')).toBe(
      'Здравствуйте, {{1}}! Предложение №4: {{2}}. До встречи, {{1}}.',
    );
  });

  it('a wrong token on templates is an account error', async () => {
    const err = await failure(whatsapp({ token: 'nope' }).templates!(0, 3));
    expect(err.errorClass).toBe('account');
  });
});

describe('WhatsApp: send', () => {
  it('sends a template message exactly as documented; the wamid is the provider id', async () => {
    const res = await whatsapp().send(promo('+7 920 746-00-22'));
    expect(sim.messages).toHaveLength(1);
    expect(sim.loop.requests[0]!.path).toBe(`/v22.0/${sim.phoneNumberId}/messages`);
    expect(sim.loop.requests[0]!.headers['content-type']).toContain('application/json');
    expect(sim.loop.requests[0]!.json).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '79207460022',
      type: 'template',
      template: {
        name: 'promo_1',
        language: { code: 'ru' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'Анна' },
              { type: 'text', text: 'скидка 15% на всё' },
            ],
          },
        ],
      },
    });
    expect(res.providerIds).toEqual([sim.messages[0]!.wamid]);
    expect(res.providerIds[0]).toMatch(/^wamid\./);
    expect(res.update.status).toBe('sent');
  });

  it('a template without variables has no components; the account language fills a missing one', async () => {
    await sim.close();
    sim = await startWhatsAppSim({
      templates: [
        {
          id: '42',
          name: 'hello',
          language: 'kk',
          status: 'APPROVED',
          category: 'UTILITY',
          components: [{ type: 'BODY', text: 'Сәлем!' }],
        },
      ],
    });
    await whatsapp({ language: 'kk' }).send({
      id: 'm-2',
      to: '+77011234567',
      text: '',
      template: { name: 'hello', language: '', variables: [] },
    });
    expect((sim.loop.requests[0]!.json as { template: unknown }).template).toEqual({
      name: 'hello',
      language: { code: 'kk' },
    });
  });

  it('without a template: a recipient error explaining the 24-hour rule, nothing sent', async () => {
    const err = await failure(whatsapp().send({ id: 'm-1', to: '+79207460022', text: 'Привет' }));
    expect(err.errorClass).toBe('recipient');
    expect(err.message).toMatch(/template/);
    expect(err.message).toMatch(/24-hour/);
    expect(sim.loop.requests).toHaveLength(0);
  });

  it('an empty variable is refused before sending', async () => {
    const err = await failure(whatsapp().send(promo('+79207460022', ['Анна', ' '])));
    expect(err.errorClass).toBe('recipient');
    expect(err.message).toContain('{{2}}');
    expect(sim.loop.requests).toHaveLength(0);
  });

  it('status is honestly unknown: delivery statuses need a webhook', async () => {
    const wa = whatsapp();
    const res = await wa.send(promo('+79207460022'));
    const before = sim.loop.requests.length;
    const st = await wa.status(res.providerIds, { id: 'm-1', to: '+79207460022' });
    expect(st.status).toBe('unknown');
    expect(st.providerText).toMatch(/webhook/);
    expect(sim.loop.requests).toHaveLength(before);
  });
});

describe('WhatsApp: errors → classes', () => {
  it('throughput reached (130429) is retryable', async () => {
    sim.throttle();
    const err = await failure(whatsapp().send(promo('+79207460022')));
    expect(err.errorClass).toBe('retryable');
    expect(err.providerCode).toBe('130429');
    expect(err.message).toContain('Rate limit hit');
  });

  it('pair rate limit (131056): a second message to the same person too soon is retryable', async () => {
    const wa = whatsapp();
    await wa.send(promo('+79207460022'));
    const err = await failure(wa.send(promo('+79207460022')));
    expect(err.errorClass).toBe('retryable');
    expect(err.providerCode).toBe('131056');
    expect(err.message).toContain('pair rate limit');
  });

  it('plain HTTP 429 is retryable and honours Retry-After', async () => {
    sim.loop.inject({ kind: 'reply', reply: { status: 429, headers: { 'retry-after': '12' }, body: 'slow down' } });
    const err = await failure(whatsapp().send(promo('+79207460022')));
    expect(err.errorClass).toBe('retryable');
    expect(err.retryAfterMs).toBe(12_000);
  });

  it('not on WhatsApp (131026) and an invalid number (131009) are recipient errors', async () => {
    sim.notOnWhatsApp('79035550101');
    const absent = await failure(whatsapp().send(promo('+79035550101')));
    expect(absent.errorClass).toBe('recipient');
    expect(absent.providerCode).toBe('131026');
    expect(absent.message).toContain('Message undeliverable');
    const invalid = await failure(whatsapp().send(promo('12345')));
    expect(invalid.errorClass).toBe('recipient');
    expect(invalid.providerCode).toBe('131009');
  });

  it('a locked account (131031) and an unknown template (132001) stop the campaign (account)', async () => {
    const missing = await failure(
      whatsapp().send({ ...promo('+79207460022'), template: { name: 'nope', language: 'ru', variables: ['x'] } }),
    );
    expect(missing.errorClass).toBe('account');
    expect(missing.providerCode).toBe('132001');
    expect(missing.message).toContain('Template name does not exist');
    sim.lock();
    const locked = await failure(whatsapp().send(promo('+79207460022')));
    expect(locked.errorClass).toBe('account');
    expect(locked.providerCode).toBe('131031');
    expect(locked.message).toContain('Business Account locked');
  });

  it('a wrong number of variables (132000) is refused for this message', async () => {
    const err = await failure(whatsapp().send(promo('+79207460022', ['Анна'])));
    expect(err.errorClass).toBe('recipient');
    expect(err.providerCode).toBe('132000');
  });

  it('an expired token on send is an account error', async () => {
    const err = await failure(whatsapp({ token: 'EAAGexpired' }).send(promo('+79207460022')));
    expect(err.errorClass).toBe('account');
    expect(err.providerCode).toBe('190');
  });

  it('a slow reply and a dropped connection on send are unknown_outcome', async () => {
    sim.loop.inject({ kind: 'slow', ms: 3000 });
    const slow = await failure(whatsapp({ timeoutMs: 300 }).send(promo('+79207460022')));
    expect(slow.errorClass).toBe('unknown_outcome');
    sim.loop.inject({ kind: 'drop' });
    const dropped = await failure(whatsapp().send(promo('+79035550102')));
    expect(dropped.errorClass).toBe('unknown_outcome');
  });

  it('a 500 without a Graph error on send is unknown_outcome', async () => {
    sim.loop.inject({ kind: 'reply', reply: { status: 500, body: 'Internal Server Error' } });
    const err = await failure(whatsapp().send(promo('+79207460022')));
    expect(err.errorClass).toBe('unknown_outcome');
  });
});
