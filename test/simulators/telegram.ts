// SIMULATOR of the Telegram Bot API — not Telegram. It follows the documented contract in PROVIDERS.md §5 and
// core.telegram.org/bots/api: methods at /bot<token>/<method> (JSON, form or query parameters), replies
// {ok:true, result} or {ok:false, error_code, description, parameters.retry_after}; 401 "Unauthorized" for a
// wrong token, 404 "Not Found" for a malformed path; sendMessage answers 400 "Bad Request: chat not found" for a
// chat that never started the bot, 403 "Forbidden: bot was blocked by the user", 400 for an empty or too long
// text, 429 "Too Many Requests: retry after N" on flood. getUpdates keeps a queue of updates: `offset` confirms
// (forgets) every update below it, `timeout` holds the request open until an update arrives (long polling), a
// second concurrent poll ends the first with 409 "Conflict: terminated by other getUpdates request", and an
// active webhook makes it answer 409 as Telegram does.
import { startLoopback, type Loopback, type SimReply, type SimRequest } from './loopback';

export interface SimUser {
  id: number;
  firstName: string;
  lastName?: string;
  username?: string;
}

export interface SentMessage {
  chatId: number;
  messageId: number;
  text: string;
  replyMarkup?: unknown;
}

export interface TelegramSim {
  /** The API address to put in the account's baseUrl. */
  url: string;
  loop: Loopback;
  token: string;
  bot: { id: number; username: string; firstName: string };
  /** Everything the bot sent, in order. */
  sent: SentMessage[];
  /** Update ids queued and not yet confirmed by an offset. */
  pending(): number[];
  /** getUpdates requests being held open right now. */
  heldPolls(): number;
  /** A person who has a chat with the bot (as if they had started it before). */
  addChat(user: SimUser): void;
  /** The person blocks the bot: sendMessage to them answers 403. */
  block(chatId: number): void;
  /** The next `times` sendMessage calls answer 429 with retry_after = seconds. */
  flood(seconds: number, times?: number): void;
  /** A webhook is set: getUpdates answers 409. */
  setWebhook(active: boolean): void;
  /** The person sends /start (opening the chat). Returns the update_id. */
  start(user: SimUser): number;
  /** The person sends a contact card: their own (user_id = their id) or someone else's. */
  shareContact(user: SimUser, contact: { phone: string; userId?: number; firstName?: string }): number;
  /** Any message update, as Telegram would deliver it. */
  push(message: Record<string, unknown>): number;
  close(): Promise<void>;
}

interface Update {
  update_id: number;
  message: Record<string, unknown>;
}

const tgError = (status: number, description: string, parameters?: object): SimReply => ({
  status,
  body: { ok: false, error_code: status, description, ...(parameters ? { parameters } : {}) },
});
const ok = (result: unknown): SimReply => ({ body: { ok: true, result } });

export async function startTelegramSim(
  opts: { token?: string; botUsername?: string; botName?: string } = {},
): Promise<TelegramSim> {
  const token = opts.token ?? '123456789:AAFsim-token_Example';
  const bot = { id: 123456789, username: opts.botUsername ?? 'shop_bot', firstName: opts.botName ?? 'Магазин' };
  const chats = new Map<number, SimUser & { blocked: boolean; lastMessageId: number }>();
  const sent: SentMessage[] = [];
  let queue: Update[] = [];
  let nextUpdateId = 500_000;
  let floods: { seconds: number; times: number } | undefined;
  let webhook = false;
  let held: { limit: number; answer: (r: SimReply) => void } | undefined;
  const now = () => Math.floor(Date.now() / 1000);

  const param = (req: SimRequest, name: string): unknown => {
    if (req.json && typeof req.json === 'object' && name in req.json)
      return (req.json as Record<string, unknown>)[name];
    const v = req.params.get(name);
    if (v === null) return undefined;
    try {
      return name === 'reply_markup' || name === 'allowed_updates' ? JSON.parse(v) : v;
    } catch {
      return v;
    }
  };

  const chatOf = (user: SimUser) => ({
    id: user.id,
    type: 'private',
    first_name: user.firstName,
    ...(user.lastName ? { last_name: user.lastName } : {}),
    ...(user.username ? { username: user.username } : {}),
  });
  const fromOf = (user: SimUser) => ({
    id: user.id,
    is_bot: false,
    first_name: user.firstName,
    ...(user.lastName ? { last_name: user.lastName } : {}),
    ...(user.username ? { username: user.username } : {}),
    language_code: 'ru',
  });
  const ensureChat = (user: SimUser) => {
    if (!chats.has(user.id)) chats.set(user.id, { ...user, blocked: false, lastMessageId: 0 });
    return chats.get(user.id)!;
  };

  const push = (message: Record<string, unknown>): number => {
    const update = { update_id: nextUpdateId++, message };
    queue.push(update);
    if (held) {
      const h = held;
      held = undefined;
      h.answer(ok(queue.slice(0, h.limit)));
    }
    return update.update_id;
  };

  const getUpdates = (req: SimRequest): SimReply | Promise<SimReply> => {
    if (webhook) {
      return tgError(
        409,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
    }
    const offset = Number(param(req, 'offset') ?? 0);
    const limit = Math.min(100, Math.max(1, Number(param(req, 'limit') ?? 100)));
    const timeout = Math.max(0, Number(param(req, 'timeout') ?? 0));
    if (offset > 0) queue = queue.filter((u) => u.update_id >= offset);
    if (queue.length > 0 || timeout === 0) return ok(queue.slice(0, limit));
    if (held) {
      const h = held;
      held = undefined;
      h.answer(
        tgError(
          409,
          'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
        ),
      );
    }
    return new Promise<SimReply>((resolve) => {
      const timer = setTimeout(() => {
        if (held?.answer === answer) held = undefined;
        resolve(ok([]));
      }, timeout * 1000);
      const answer = (r: SimReply) => {
        clearTimeout(timer);
        resolve(r);
      };
      held = { limit, answer };
    });
  };

  const sendMessage = (req: SimRequest): SimReply => {
    const rawChat = param(req, 'chat_id');
    if (rawChat === undefined || rawChat === '') return tgError(400, 'Bad Request: chat_id is empty');
    const text = param(req, 'text');
    if (typeof text !== 'string' || text.trim() === '') return tgError(400, 'Bad Request: message text is empty');
    if ([...text].length > 4096) return tgError(400, 'Bad Request: message is too long');
    const chat = chats.get(Number(rawChat));
    if (!chat) return tgError(400, 'Bad Request: chat not found');
    if (chat.blocked) return tgError(403, 'Forbidden: bot was blocked by the user');
    if (floods) {
      const { seconds } = floods;
      if (--floods.times <= 0) floods = undefined;
      return tgError(429, `Too Many Requests: retry after ${seconds}`, { retry_after: seconds });
    }
    const messageId = ++chat.lastMessageId;
    const replyMarkup = param(req, 'reply_markup');
    sent.push({ chatId: chat.id, messageId, text, ...(replyMarkup !== undefined ? { replyMarkup } : {}) });
    return ok({
      message_id: messageId,
      from: { id: bot.id, is_bot: true, first_name: bot.firstName, username: bot.username },
      chat: chatOf(chat),
      date: now(),
      text,
    });
  };

  const loop = await startLoopback((req) => {
    const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(req.path);
    if (!m) return tgError(404, 'Not Found');
    if (m[1] !== token) return tgError(401, 'Unauthorized');
    switch (m[2]!.toLowerCase()) {
      case 'getme':
        return ok({
          id: bot.id,
          is_bot: true,
          first_name: bot.firstName,
          username: bot.username,
          can_join_groups: true,
          can_read_all_group_messages: false,
          supports_inline_queries: false,
        });
      case 'sendmessage':
        return sendMessage(req);
      case 'getupdates':
        return getUpdates(req);
      default:
        return tgError(404, 'Not Found');
    }
  });

  return {
    url: loop.url,
    loop,
    token,
    bot,
    sent,
    pending: () => queue.map((u) => u.update_id),
    heldPolls: () => (held ? 1 : 0),
    addChat: (user) => void ensureChat(user),
    block: (chatId) => {
      const c = chats.get(chatId);
      if (c) c.blocked = true;
    },
    flood: (seconds, times = 1) => {
      floods = { seconds, times };
    },
    setWebhook: (active) => {
      webhook = active;
    },
    start: (user) => {
      ensureChat(user);
      return push({
        message_id: ++ensureChat(user).lastMessageId,
        from: fromOf(user),
        chat: chatOf(user),
        date: now(),
        text: '/start',
        entities: [{ offset: 0, length: 6, type: 'bot_command' }],
      });
    },
    shareContact: (user, contact) =>
      push({
        message_id: ++ensureChat(user).lastMessageId,
        from: fromOf(user),
        chat: chatOf(user),
        date: now(),
        contact: {
          phone_number: contact.phone,
          first_name: contact.firstName ?? user.firstName,
          ...(contact.userId !== undefined ? { user_id: contact.userId } : {}),
        },
      }),
    push,
    close: async () => {
      if (held) {
        const h = held;
        held = undefined;
        h.answer(ok([]));
      }
      await loop.close();
    },
  };
}
