import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHttpClient, type HttpClient } from '../../../electron/core/channels/http';
import { createTelegram } from '../../../electron/core/channels/providers/telegram';
import { ProviderError, type IncomingContact, type Provider } from '../../../electron/core/channels/types';
import { startTelegramSim, type SimUser, type TelegramSim } from '../../simulators/telegram';

let sim: TelegramSim;
let http: HttpClient;
let listeners: AbortController[];

const anna: SimUser = { id: 5001, firstName: 'Анна', lastName: 'Петрова', username: 'anna_p' };
const boris: SimUser = { id: 5002, firstName: 'Борис' };

beforeEach(async () => {
  sim = await startTelegramSim({ botUsername: 'shop_bot', botName: 'Магазин' });
  http = createHttpClient();
  listeners = [];
});
afterEach(async () => {
  for (const l of listeners) l.abort();
  await sim.close();
  await http.close();
});

function telegram(opts: { token?: string; timeoutMs?: number; baseUrl?: string } = {}): Provider {
  return createTelegram({
    accountId: 1,
    settings: { baseUrl: opts.baseUrl ?? sim.url },
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

const msg = (to: string, text = 'Здравствуйте! Скидка 10% до воскресенья.') => ({ id: 'm-1', to, text });
const polls = () => sim.loop.requests.filter((r) => r.path.endsWith('/getUpdates'));

describe('Telegram: check', () => {
  it('names the bot when the token is right', async () => {
    const res = await telegram().check();
    expect(res.message).toContain('@shop_bot');
    expect(res.message).toContain('Магазин');
    expect(sim.loop.requests.map((r) => r.path)).toEqual([`/bot${sim.token}/getMe`]);
  });

  it('a wrong token is an account error in Telegram words', async () => {
    const err = await failure(telegram({ token: '987654321:WRONGtoken' }).check());
    expect(err.errorClass).toBe('account');
    expect(err.message).toContain('Unauthorized');
    expect(err.providerCode).toBe('401');
  });

  it('a missing or malformed token is an account error without any request', async () => {
    expect((await failure(telegram({ token: '' }).check())).errorClass).toBe('account');
    expect((await failure(telegram({ token: '123/../x?y' }).check())).errorClass).toBe('account');
    expect(sim.loop.requests).toHaveLength(0);
  });

  it('balance and cost are not told by Telegram', async () => {
    const tg = telegram();
    expect(await tg.balance()).toBeNull();
    expect(await tg.cost([msg('5001')])).toBeNull();
  });
});

describe('Telegram: send', () => {
  it('sends the text to the chat; message_id is the provider id; accepted is final (sent)', async () => {
    sim.addChat(anna);
    const tg = telegram();
    const res = await tg.send(msg(String(anna.id)));
    expect(res.providerIds).toEqual(['1']);
    expect(res.update.status).toBe('sent');
    expect(sim.sent).toEqual([{ chatId: anna.id, messageId: 1, text: 'Здравствуйте! Скидка 10% до воскресенья.' }]);
    expect(sim.loop.requests[0]!.json).toEqual({ chat_id: '5001', text: 'Здравствуйте! Скидка 10% до воскресенья.' });

    const before = sim.loop.requests.length;
    const st = await tg.status(res.providerIds, { id: 'm-1', to: String(anna.id) });
    expect(st.status).toBe('sent');
    expect(st.providerText).toMatch(/no delivery receipts/);
    expect(sim.loop.requests).toHaveLength(before);
  });

  it('a person who blocked the bot is a recipient error', async () => {
    sim.addChat(anna);
    sim.block(anna.id);
    const err = await failure(telegram().send(msg(String(anna.id))));
    expect(err.errorClass).toBe('recipient');
    expect(err.message).toContain('bot was blocked by the user');
    expect(err.providerCode).toBe('403');
  });

  it('a chat that never started the bot is a recipient error', async () => {
    const err = await failure(telegram().send(msg('777000')));
    expect(err.errorClass).toBe('recipient');
    expect(err.message).toContain('chat not found');
    expect(err.providerCode).toBe('400');
  });

  it('a too long or empty text is refused for this message (recipient), not retried', async () => {
    sim.addChat(anna);
    const long = await failure(telegram().send(msg(String(anna.id), 'я'.repeat(4097))));
    expect(long.errorClass).toBe('recipient');
    expect(long.message).toContain('message is too long');
    const empty = await failure(telegram().send(msg(String(anna.id), ' ')));
    expect(empty.message).toContain('message text is empty');
  });

  it('flood control: 429 is retryable and carries retry_after', async () => {
    sim.addChat(anna);
    sim.flood(35);
    const err = await failure(telegram().send(msg(String(anna.id))));
    expect(err.errorClass).toBe('retryable');
    expect(err.retryAfterMs).toBe(35_000);
    expect(err.message).toContain('Too Many Requests: retry after 35');
    // The flood is over: the same message goes.
    expect((await telegram().send(msg(String(anna.id)))).providerIds).toEqual(['1']);
  });

  it('a reply that does not come in time is unknown_outcome (the message may have gone)', async () => {
    sim.addChat(anna);
    sim.loop.inject({ kind: 'slow', ms: 3000 }, 1, '/bot');
    const err = await failure(telegram({ timeoutMs: 300 }).send(msg(String(anna.id))));
    expect(err.errorClass).toBe('unknown_outcome');
  });

  it('a connection dropped after the request was read is unknown_outcome', async () => {
    sim.addChat(anna);
    sim.loop.inject({ kind: 'drop' }, 1, '/bot');
    const err = await failure(telegram().send(msg(String(anna.id))));
    expect(err.errorClass).toBe('unknown_outcome');
  });

  it('no connection at all is retryable (provably not sent)', async () => {
    const url = sim.url;
    await sim.close();
    const err = await failure(telegram({ baseUrl: url }).send(msg('5001')));
    expect(err.errorClass).toBe('retryable');
    sim = await startTelegramSim();
  });

  it('a 5xx on send is unknown_outcome, not retryable', async () => {
    sim.loop.inject({ kind: 'reply', reply: { status: 502, body: '<html>502 Bad Gateway</html>' } });
    const err = await failure(telegram().send(msg('5001')));
    expect(err.errorClass).toBe('unknown_outcome');
    expect(err.message).toContain('502 Bad Gateway');
  });
});

describe('Telegram: listen (long polling for people who start the bot)', () => {
  function listen(tg: Provider) {
    const contacts: IncomingContact[] = [];
    const ac = new AbortController();
    listeners.push(ac);
    const done = tg.listen!((c) => contacts.push(c), ac.signal);
    return { contacts, ac, done };
  }

  it('passes on /start (no phone) and an own contact (E.164), ignores a forwarded contact; offsets advance', async () => {
    const startId = sim.start(anna);
    sim.shareContact(anna, { phone: '79207460022', userId: anna.id });
    // Борис sends someone else's card: not his number.
    sim.start(boris);
    const forwardedId = sim.shareContact(boris, { phone: '+79035550101', userId: 9999, firstName: 'Вера' });

    const { contacts, ac, done } = listen(telegram());
    await vi.waitFor(() => expect(polls().length).toBeGreaterThanOrEqual(2));
    await vi.waitFor(() => expect(sim.heldPolls()).toBe(1));

    expect(contacts).toEqual([
      { chatId: '5001', firstName: 'Анна', lastName: 'Петрова', username: 'anna_p' },
      { chatId: '5001', firstName: 'Анна', lastName: 'Петрова', username: 'anna_p', phone: '+79207460022' },
      { chatId: '5002', firstName: 'Борис' },
    ]);
    // The first poll asks from the start; the next one confirms everything processed.
    expect((polls()[0]!.json as { offset: number }).offset).toBe(0);
    expect((polls()[1]!.json as { offset: number; timeout: number }).offset).toBe(forwardedId + 1);
    expect((polls()[1]!.json as { timeout: number }).timeout).toBeGreaterThan(0);
    expect(sim.pending()).toEqual([]);
    expect(startId).toBeLessThan(forwardedId);

    // A new update arrives while the poll is held: delivered at once, once.
    sim.shareContact(boris, { phone: '+7 (903) 555-01-02', userId: boris.id });
    await vi.waitFor(() => expect(contacts).toHaveLength(4));
    expect(contacts[3]).toEqual({ chatId: '5002', firstName: 'Борис', phone: '+79035550102' });
    await vi.waitFor(() => expect(sim.heldPolls()).toBe(1));
    expect(contacts).toHaveLength(4);

    ac.abort();
    await done;
  });

  it('answers /start in Russian with a share-my-number button; thanks for an own number; asks again for a forwarded one', async () => {
    sim.start(anna);
    sim.shareContact(anna, { phone: '+79207460022', userId: anna.id });
    sim.shareContact(boris, { phone: '+79035550101', userId: 1 });
    const { contacts, ac, done } = listen(telegram());
    await vi.waitFor(() => expect(sim.sent).toHaveLength(3));

    const [toStart, thanks, again] = sim.sent;
    expect(toStart!.chatId).toBe(anna.id);
    expect(toStart!.text).toMatch(/поделитесь.*номером телефона/);
    expect(toStart!.replyMarkup).toMatchObject({
      keyboard: [[{ text: expect.stringMatching(/Поделиться номером/) as unknown, request_contact: true }]],
    });
    expect(thanks).toMatchObject({
      chatId: anna.id,
      text: 'Спасибо! Номер получен.',
      replyMarkup: { remove_keyboard: true },
    });
    expect(again!.chatId).toBe(boris.id);
    expect(again!.text).toMatch(/не ваш номер/);
    expect(again!.replyMarkup).toMatchObject({ keyboard: [[{ request_contact: true }]] });
    expect(contacts.map((c) => c.phone)).toEqual([undefined, '+79207460022']);
    ac.abort();
    await done;
  });

  it('ignores messages in groups and plain text', async () => {
    sim.push({
      message_id: 1,
      from: { id: anna.id, is_bot: false, first_name: 'Анна' },
      chat: { id: -100123, type: 'supergroup', title: 'Клуб' },
      date: 1,
      contact: { phone_number: '79207460022', first_name: 'Анна', user_id: anna.id },
    });
    sim.push({
      message_id: 2,
      from: { id: anna.id, is_bot: false, first_name: 'Анна' },
      chat: { id: anna.id, type: 'private', first_name: 'Анна' },
      date: 1,
      text: 'Когда распродажа?',
    });
    const { contacts, ac, done } = listen(telegram());
    await vi.waitFor(() => expect(sim.heldPolls()).toBe(1));
    expect(contacts).toEqual([]);
    expect(sim.pending()).toEqual([]);
    ac.abort();
    await done;
  });

  it('stops at once when aborted, even while a poll is held open, and polls no more', async () => {
    const { ac, done } = listen(telegram());
    await vi.waitFor(() => expect(sim.heldPolls()).toBe(1));
    ac.abort();
    await done;
    // Telegram still holds the poll (its timeout has not passed), yet listen has returned.
    expect(sim.heldPolls()).toBe(1);
    const count = polls().length;
    sim.start(anna);
    await new Promise((r) => setTimeout(r, 50));
    expect(polls()).toHaveLength(count);
  });

  it('the updates of an abandoned poll are not lost: the next listen gets them', async () => {
    const first = listen(telegram());
    await vi.waitFor(() => expect(sim.heldPolls()).toBe(1));
    first.ac.abort();
    await first.done;
    sim.start(anna); // answers the abandoned poll, whose reply nobody reads

    const second = listen(telegram());
    await vi.waitFor(() => expect(second.contacts).toHaveLength(1));
    expect(second.contacts[0]!.chatId).toBe('5001');
    second.ac.abort();
    await second.done;
  });

  it('keeps polling after a dropped connection', async () => {
    sim.loop.inject({ kind: 'drop' }, 1, `/bot${sim.token}/getUpdates`);
    sim.start(anna);
    const { contacts, ac, done } = listen(telegram());
    await vi.waitFor(() => expect(contacts).toHaveLength(1), { timeout: 5000 });
    expect(polls().length).toBeGreaterThanOrEqual(2);
    ac.abort();
    await done;
  });

  it('a wrong token or an active webhook ends listening with an account error in Telegram words', async () => {
    const ac = new AbortController();
    listeners.push(ac);
    const bad = await failure(telegram({ token: '1:bad' }).listen!(() => undefined, ac.signal));
    expect(bad.errorClass).toBe('account');
    expect(bad.message).toContain('Unauthorized');

    sim.setWebhook(true);
    const hooked = await failure(telegram().listen!(() => undefined, ac.signal));
    expect(hooked.errorClass).toBe('account');
    expect(hooked.message).toContain('webhook is active');
  });
});
