import { normalizePhone } from '../../../../shared/domain/phone';
import { retryAfterMs, type HttpResponse } from '../http';
import { ProviderError, type IncomingContact, type Provider, type ProviderFactory, type StatusUpdate } from '../types';

/**
 * Telegram bot (Bot API, PROVIDERS.md §5). The token goes in the path (`/bot<token>/<method>`), every call is a
 * JSON POST, and every reply is `{ok, result}` or `{ok:false, error_code, description, parameters}`.
 *
 * Bots get no delivery or read receipts: "accepted by Telegram" is the last thing we can know, so a send is
 * `sent` and stays `sent`. A bot can only write to people who started it, so `listen` long-polls getUpdates
 * to learn their chat ids — and their phone numbers, when they share their own with the button we offer.
 * The mapping tables are in telegram.md.
 */

const DEFAULT_BASE = 'https://api.telegram.org';
/** How long Telegram may hold a getUpdates request open when nothing happens (its `timeout`, seconds). */
const POLL_SECONDS = 25;
/** Back-off after a failed poll: 0.5 s doubling to 30 s, unless Telegram says how long to wait. */
const BACKOFF_FIRST_MS = 500;
const BACKOFF_MAX_MS = 30_000;

const SHARE_KEYBOARD = {
  keyboard: [[{ text: '📱 Поделиться номером', request_contact: true }]],
  resize_keyboard: true,
  one_time_keyboard: true,
};
const START_REPLY =
  'Здравствуйте! Чтобы мы могли присылать вам сообщения здесь, поделитесь, пожалуйста, своим номером телефона — ' +
  'нажмите кнопку «📱 Поделиться номером» ниже.';
const OWN_NUMBER_PLEASE =
  'Это не ваш номер. Чтобы поделиться своим, нажмите кнопку «📱 Поделиться номером» ниже — чужие контакты мы не сохраняем.';
const THANKS_REPLY = 'Спасибо! Номер получен.';

const ACCEPTED_TEXT = 'Accepted by Telegram (bots get no delivery receipts, so this is final)';

interface TgReply {
  ok?: boolean;
  result?: unknown;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

interface TgUser {
  id: number;
  is_bot?: boolean;
  first_name?: string;
  last_name?: string;
  username?: string;
}

interface TgMessage {
  message_id: number;
  date?: number;
  chat: { id: number; type?: string };
  from?: TgUser;
  text?: string;
  contact?: { phone_number?: string; first_name?: string; last_name?: string; user_id?: number };
}

interface TgUpdate {
  update_id: number;
  message?: TgMessage;
}

/** `send` must not call a maybe-accepted message failed; the other calls change nothing, so any doubt is retryable. */
type Op = 'send' | 'read';

export const createTelegram: ProviderFactory = (ctx) => {
  const base = (ctx.settings.baseUrl?.trim() || DEFAULT_BASE).replace(/\/+$/, '');
  const timeoutMs = ctx.timeoutMs ?? 30_000;
  /** The next update to ask for: everything below it was processed (and is confirmed by the next getUpdates). */
  let offset = 0;

  function token(): string {
    const t = ctx.secrets.token?.trim() ?? '';
    if (!t) throw new ProviderError('account', 'Telegram: the bot token is not set', 'no_token');
    // A token is "123456789:AAF…"; anything else would change the request path.
    if (!/^[A-Za-z0-9:_-]+$/.test(t)) {
      throw new ProviderError('account', 'Telegram: the bot token does not look like 123456789:ABC…', 'bad_token');
    }
    return t;
  }

  async function call<T>(method: string, params: object, op: Op, limitMs = timeoutMs): Promise<T> {
    const res = await ctx.http.request({
      method: 'POST',
      url: `${base}/bot${token()}/${method}`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(params),
      timeoutMs: limitMs,
    });
    const reply = parseJson(res.text);
    if (res.status >= 200 && res.status < 300 && reply?.ok === true && reply.result !== undefined) {
      return reply.result as T;
    }
    throw telegramError(res, reply, op);
  }

  function telegramError(res: HttpResponse, reply: TgReply | undefined, op: Op): ProviderError {
    const code = typeof reply?.error_code === 'number' ? reply.error_code : res.status;
    const words = reply?.description ?? (snippet(res.text) || `HTTP ${res.status}`);
    const message = `Telegram: ${words}`;
    const providerCode = String(code);
    if (code >= 200 && code < 300) {
      return op === 'send'
        ? new ProviderError(
            'unknown_outcome',
            `${message} (the reply was not understood; the message may have been sent)`,
          )
        : new ProviderError('account', `${message} (this address does not answer like the Bot API)`);
    }
    if (code === 429) {
      const after = reply?.parameters?.retry_after;
      const wait =
        typeof after === 'number' && after >= 0 ? after * 1000 : retryAfterMs(res.headers, ctx.clock.now().getTime());
      return new ProviderError('retryable', message, providerCode, wait);
    }
    // 401 Unauthorized: revoked or wrong token; 404 Not Found: malformed token or wrong address.
    if (code === 401 || code === 404) return new ProviderError('account', message, providerCode);
    // 409 Conflict: a webhook is set, or another program polls the same bot.
    if (code === 409) return new ProviderError('account', message, providerCode);
    if (code >= 500) return new ProviderError(op === 'send' ? 'unknown_outcome' : 'retryable', message, providerCode);
    if (code >= 400) return new ProviderError(op === 'send' ? 'recipient' : 'account', message, providerCode);
    // A redirect: the request never reached the Bot API.
    return new ProviderError('account', `${message} (the address answered HTTP ${res.status})`, providerCode);
  }

  /** Replies in a chat during `listen`; a failure (the person blocked the bot meanwhile) changes nothing. */
  async function reply(chatId: string, text: string, markup: object): Promise<void> {
    try {
      await call('sendMessage', { chat_id: chatId, text, reply_markup: markup }, 'send');
    } catch {
      // Nothing to do: the contact was already passed on.
    }
  }

  async function handle(update: TgUpdate, onContact: (c: IncomingContact) => void): Promise<void> {
    const m = update.message;
    // Only private chats: a group is not a person, and the share button works in private chats only.
    if (!m?.from || m.chat.type !== 'private') return;
    const chatId = String(m.chat.id);
    const person: IncomingContact = { chatId };
    if (m.from.first_name) person.firstName = m.from.first_name;
    if (m.from.last_name) person.lastName = m.from.last_name;
    if (m.from.username) person.username = m.from.username;
    if (m.contact) {
      // Only a contact whose user_id is the sender is their own number; a forwarded card is someone else's.
      const phone = m.contact.user_id === m.from.id ? toE164(m.contact.phone_number ?? '') : undefined;
      if (phone) {
        onContact({ ...person, phone });
        await reply(chatId, THANKS_REPLY, { remove_keyboard: true });
      } else {
        await reply(chatId, OWN_NUMBER_PLEASE, SHARE_KEYBOARD);
      }
      return;
    }
    if (typeof m.text === 'string' && /^\/start(?:@\w+)?(?:\s|$)/.test(m.text)) {
      onContact(person);
      await reply(chatId, START_REPLY, SHARE_KEYBOARD);
    }
  }

  const provider: Provider = {
    id: 'telegram',
    channel: 'telegram',
    async check() {
      const me = await call<TgUser>('getMe', {}, 'read');
      const name = me.username ? `@${me.username}` : String(me.id);
      return {
        message: `Telegram bot ${name}${me.first_name ? ` (${me.first_name})` : ''} is ready`,
        balance: null,
        senders: null,
      };
    },
    balance: () => Promise.resolve(null),
    cost: () => Promise.resolve(null),
    async send(message) {
      const chatId = message.to.trim();
      if (!chatId) {
        throw new ProviderError(
          'recipient',
          'Telegram: this contact has no chat with the bot (they have to start the bot first)',
          'no_chat',
        );
      }
      const sent = await call<TgMessage>('sendMessage', { chat_id: chatId, text: message.text }, 'send');
      if (typeof sent?.message_id !== 'number') {
        throw new ProviderError(
          'unknown_outcome',
          'Telegram: the reply has no message id; the message may have been sent',
        );
      }
      const at = typeof sent.date === 'number' ? new Date(sent.date * 1000) : ctx.clock.now();
      return {
        providerIds: [String(sent.message_id)],
        update: { status: 'sent', providerCode: 'accepted', providerText: ACCEPTED_TEXT, at: at.toISOString() },
        parts: 1,
      };
    },
    status(): Promise<StatusUpdate> {
      return Promise.resolve({ status: 'sent', providerCode: 'accepted', providerText: ACCEPTED_TEXT });
    },
    async listen(onContact, signal) {
      let failures = 0;
      while (!signal.aborted) {
        let updates: TgUpdate[];
        try {
          const poll = call<TgUpdate[]>(
            'getUpdates',
            { offset, timeout: POLL_SECONDS, allowed_updates: ['message'] },
            'read',
            POLL_SECONDS * 1000 + timeoutMs,
          );
          updates = await untilAborted(poll, signal);
        } catch (err) {
          if (signal.aborted) return;
          const e = err instanceof ProviderError ? err : new ProviderError('retryable', String(err));
          // A revoked token or a webhook will not fix itself: stop and tell. "Terminated by other getUpdates
          // request" is usually our own previous poll still held open after a restart, so it is waited out.
          if (e.errorClass === 'account' && !/terminated by other getUpdates/i.test(e.message)) throw e;
          failures++;
          await sleep(e.retryAfterMs ?? Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** (failures - 1)), signal);
          continue;
        }
        failures = 0;
        for (const update of Array.isArray(updates) ? updates : []) {
          // What is left unprocessed stays unconfirmed, so Telegram gives it to the next listen.
          if (signal.aborted) return;
          if (typeof update?.update_id !== 'number' || update.update_id < offset) continue;
          await handle(update, onContact);
          offset = update.update_id + 1;
        }
      }
    },
  };
  return provider;
};

function parseJson(text: string): TgReply | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' ? v : undefined;
  } catch {
    return undefined;
  }
}

function snippet(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 200);
}

/** Telegram gives the number as the person's app has it, with or without "+"; it is always international. */
function toE164(raw: string): string | undefined {
  const digits = raw.replace(/\D/g, '');
  if (digits.length < 7 || digits.length > 15) return undefined;
  return normalizePhone(`+${digits}`) ?? `+${digits}`;
}

/**
 * Resolves with the request, or rejects as soon as the signal aborts. The HTTP client takes no signal, so an
 * aborted long poll is left to end on its own; its updates are not lost, as Telegram only forgets updates once a
 * later getUpdates asks past them.
 */
function untilAborted<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    p.catch(() => undefined);
    return Promise.reject(new Error('aborted'));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
