import type { Money } from '../../../../shared/domain/providers';
import { retryAfterMs, type HttpResponse } from '../http';
import { ProviderError, type Provider, type ProviderFactory, type StatusUpdate } from '../types';
import { asRecord, parseJson, readOnce, toNumber } from './reply';

/**
 * Devino Telecom, REST API v1 with a session (https://integrationapi.net/rest). Mapping tables: ./devino.md.
 *
 * - A session id comes from GET User/SessionId and is valid for 120 minutes; it is reused (by the injected
 *   clock) for 119 of them, so a request never leaves with an id that expires on the way, and renewed once when
 *   Devino answers 401 / "Invalid session id" anyway (a renewed session never resends a send that was taken:
 *   a 401 means it was not).
 * - Sms/Send answers one id per part (segment); Sms/State is asked per part and the parts are summed up.
 * - Devino has no price API: cost() is null and the local tariff is used.
 */

const DEFAULT_BASE = 'https://integrationapi.net/rest';
/** Devino's session lives 120 minutes; we stop using it a minute earlier. */
export const DEVINO_SESSION_REUSE_MS = 119 * 60_000;
const FORM = 'application/x-www-form-urlencoded; charset=utf-8';

type Kind = 'auth' | 'read' | 'send';
type Status = StatusUpdate['status'];

/** Sms/State codes (REST doc table 11), with the words of Devino's 1C module where one fits. */
const STATES: Readonly<Record<string, { status: Status; text: string }>> = {
  '-2': { status: 'queued', text: 'Ожидает отправки' },
  '-1': { status: 'sent', text: 'Отправлено' },
  '0': { status: 'delivered', text: 'Доставлено' },
  '10': { status: 'failed', text: 'Ошибка: некорректный адрес отправителя сообщения' },
  '11': { status: 'failed', text: 'Ошибка: некорректный номер получателя сообщения' },
  '41': { status: 'failed', text: 'Недопустимый адрес получателя' },
  '42': { status: 'failed', text: 'Отклонено смс-центром' },
  '46': { status: 'failed', text: 'Ошибка: истек срок жизни сообщения' },
  '47': { status: 'failed', text: 'Удалено' },
  '48': { status: 'failed', text: 'Отклонено Платформой' },
  '69': { status: 'failed', text: 'Ошибка: сообщение отклонено' },
  '-98': { status: 'failed', text: 'Остановлено' },
  '99': { status: 'unknown', text: 'Статус не распознан' },
  '255': {
    status: 'unknown',
    text: 'Статус пока неизвестен: сообщение ещё не попало в базу Devino или оно старше 48 часов',
  },
  // The 1C module's textual statuses (and Devino-compatible gateways that answer with them).
  Enqueued: { status: 'queued', text: 'Ожидает отправки' },
  Delivered_To_Gateway: { status: 'sent', text: 'Отправлено' },
  Sent: { status: 'sent', text: 'Отправлено' },
  Delivered_To_Recipient: { status: 'delivered', text: 'Доставлено' },
  Error_Invalid_Destination_Address: { status: 'failed', text: 'Ошибка: некорректный номер получателя сообщения' },
  Error_Invalid_Source_Address: { status: 'failed', text: 'Ошибка: некорректный адрес отправителя сообщения' },
  Error_Rejected: { status: 'failed', text: 'Ошибка: сообщение отклонено' },
  Error_Expired: { status: 'failed', text: 'Ошибка: истек срок жизни сообщения' },
};

/** The 1C module's operation errors, answered as a bare literal by Devino-compatible gateways. */
const LITERAL_ERRORS: Readonly<Record<string, { errorClass: ProviderError['errorClass']; text: string }>> = {
  Error_Not_Enough_Credits: { errorClass: 'account', text: 'Ошибка: недостаточно кредитов' },
  Error_Message_Rejected: { errorClass: 'recipient', text: 'Ошибка: сообщение отклонено' },
  Error_Invalid_Source_Address: { errorClass: 'account', text: 'Ошибка: некорректный адрес отправителя сообщения' },
  Error_Invalid_Destination_Address: {
    errorClass: 'recipient',
    text: 'Ошибка: некорректный номер получателя сообщения',
  },
  Error_SMS_User_Disabled: { errorClass: 'account', text: 'Ошибка: СМС - пользователь заблокирован' },
  Error_Invalid_MessageID: { errorClass: 'recipient', text: 'Ошибка: некорректный идентификатор сообщения' },
  Error_Invalid_Header: { errorClass: 'account', text: 'Ошибка: некорректно переданы параметры' },
  Error_Invalid_Login: { errorClass: 'account', text: 'Ошибка: неправильный логин' },
  Error_Invalid_Password: { errorClass: 'account', text: 'Ошибка: неправильный пароль' },
  Error_Unauthorised_IP_Address: { errorClass: 'account', text: 'Ошибка: не авторизованный IP-адрес' },
  Error_SMS_User_Not_Activated: { errorClass: 'account', text: 'Ошибка: СМС - пользователь не активирован' },
  Error_Message_Queue_Full: { errorClass: 'retryable', text: 'Ошибка: очередь сообщений полна' },
  Error_Gateway_Offline: { errorClass: 'retryable', text: 'Ошибка: сервер недоступен' },
  Error_Gateway_Busy: { errorClass: 'retryable', text: 'Ошибка: сервер занят другим запросом' },
  Error_Database_Offline: { errorClass: 'retryable', text: 'Ошибка: сервер базы данных недоступен' },
  Error_Flood_SMS: { errorClass: 'retryable', text: 'Ошибка: слишком много сообщений' },
};

/** How far a part has come, for "the least advanced part" of a message. */
const PROGRESS: Readonly<Record<Status, number>> = { unknown: 0, queued: 1, sent: 2, delivered: 3, failed: 4 };

/** Devino refused the session id: renew it once and repeat. */
class SessionRejected extends Error {
  constructor(
    readonly code: string | undefined,
    readonly desc: string,
  ) {
    super(desc);
  }
}

export const createDevino: ProviderFactory = (ctx) => {
  const base = (ctx.settings.baseUrl?.trim() || DEFAULT_BASE).replace(/\/+$/, '');
  const login = ctx.settings.login?.trim() ?? '';
  const password = ctx.secrets.password ?? '';
  const timeoutMs = ctx.timeoutMs ?? 30_000;
  let session: { id: string; at: number } | null = null;
  let pendingSession: Promise<string> | null = null;

  async function exchange(
    kind: Kind,
    method: 'GET' | 'POST',
    path: string,
    params: Record<string, string>,
  ): Promise<{ res: HttpResponse; body: unknown }> {
    const qs = new URLSearchParams(params).toString();
    let res: HttpResponse;
    try {
      res = await ctx.http.request({
        method,
        url: method === 'GET' ? `${base}${path}?${qs}` : `${base}${path}`,
        headers:
          method === 'POST' ? { 'content-type': FORM, accept: 'application/json' } : { accept: 'application/json' },
        body: method === 'POST' ? qs : undefined,
        timeoutMs,
      });
    } catch (err) {
      throw networkError(kind, err);
    }
    const body = parseJson(res.text);
    const error = errorIn(res, body, ctx.clock.now().getTime());
    if (!error) {
      if (body === undefined) throw unintelligible(kind, res);
      return { res, body };
    }
    const usesSession = kind !== 'auth';
    if (usesSession && (res.status === 401 || error.code === '3' || error.code === '4')) {
      throw new SessionRejected(error.code, error.desc);
    }
    throw classify(kind, res, error);
  }

  function getSession(): Promise<string> {
    const now = ctx.clock.now().getTime();
    if (session && now - session.at < DEVINO_SESSION_REUSE_MS) return Promise.resolve(session.id);
    pendingSession ??= readOnce(async () => {
      const { res, body } = await exchange('auth', 'GET', '/User/SessionId', { login, password });
      const id = typeof body === 'string' ? body.trim() : '';
      if (!id) throw unintelligible('auth', res);
      session = { id, at: now };
      return id;
    }).finally(() => {
      pendingSession = null;
    });
    return pendingSession;
  }

  /** Runs a call with the session id; a refused session is renewed once. */
  async function withSession<T>(call: (sessionId: string) => Promise<T>): Promise<T> {
    const first = await getSession();
    try {
      return await call(first);
    } catch (err) {
      if (!(err instanceof SessionRejected)) throw err;
      if (session?.id === first) session = null;
    }
    const second = await getSession();
    try {
      return await call(second);
    } catch (err) {
      if (!(err instanceof SessionRejected)) throw err;
      session = null;
      throw new ProviderError('account', `Devino: ${err.desc || 'the session was refused'}`, err.code);
    }
  }

  async function balance(): Promise<Money> {
    return readOnce(() =>
      withSession(async (sid) => {
        const { res, body } = await exchange('read', 'GET', '/User/Balance', { SessionID: sid });
        const amount = toNumber(body);
        if (amount === undefined) throw unintelligible('read', res);
        return rub(amount);
      }),
    );
  }

  async function partState(id: string): Promise<StatusUpdate> {
    return readOnce(() =>
      withSession(async (sid) => {
        const { body } = await exchange('read', 'GET', '/Sms/State', { sessionId: sid, messageId: id });
        const o = asRecord(body) ?? {};
        const code = typeof o.State === 'number' || typeof o.State === 'string' ? String(o.State).trim() : '';
        const known = STATES[code];
        const description = typeof o.StateDescription === 'string' ? o.StateDescription.trim() : '';
        const at = msDate(o.ReportedDateUtc) ?? msDate(o.SubmittedDateUtc) ?? msDate(o.CreationDateUtc);
        return {
          status: known?.status ?? 'unknown',
          providerCode: code || undefined,
          providerText: description || known?.text || 'Статус не распознан',
          at,
        };
      }),
    );
  }

  const provider: Provider = {
    id: 'devino',
    channel: 'sms',
    async check() {
      // A real sign-in, not a remembered session: the credentials may just have changed.
      session = null;
      await getSession();
      const money = await balance();
      return {
        message: `Devino Telecom: signed in as ${login}, balance ${money.amount} ${money.currency}`,
        balance: money,
        senders: null,
      };
    },
    balance,
    cost: () => Promise.resolve(null),
    async send(message) {
      const sender = (message.sender ?? ctx.settings.sender ?? '').trim();
      if (!sender) {
        throw new ProviderError(
          'account',
          'Devino needs a sender name (SourceAddress): set one in the account settings',
          'no_sender',
        );
      }
      const { res } = await withSession((sid) =>
        exchange('send', 'POST', '/Sms/Send', {
          SessionID: sid,
          DestinationAddress: message.to.replace(/^\+/, ''),
          SourceAddress: sender,
          Data: message.text,
        }),
      );
      // Ids are 18-digit numbers: read them from the text, never through a JS number.
      const ids = /^\s*\[/.test(res.text) ? (res.text.match(/\d+/g) ?? []) : [];
      if (ids.length === 0) {
        throw new ProviderError(
          'unknown_outcome',
          'Devino answered the send without a message id; the message may have been accepted',
        );
      }
      return {
        providerIds: ids,
        parts: ids.length,
        update: {
          status: 'sent',
          providerCode: 'OK_Operation_Completed',
          providerText: 'Операция выполнена',
          at: ctx.clock.now().toISOString(),
        },
      };
    },
    async status(providerIds) {
      if (providerIds.length === 0) {
        return { status: 'unknown', providerText: 'Devino gave no message id for this message' };
      }
      const parts: StatusUpdate[] = [];
      for (const id of providerIds) parts.push(await partState(id));
      return aggregate(parts);
    },
  };
  return provider;
};

/** A message of several parts: failed if any part failed, delivered when all are, else the least advanced. */
function aggregate(parts: StatusUpdate[]): StatusUpdate {
  if (parts.length === 1) return parts[0]!;
  const label = (i: number) => ` (часть ${i + 1} из ${parts.length})`;
  const failed = parts.findIndex((p) => p.status === 'failed');
  if (failed >= 0) {
    const p = parts[failed]!;
    return { ...p, providerText: `${p.providerText ?? ''}${label(failed)}` };
  }
  if (parts.every((p) => p.status === 'delivered')) {
    const last = parts.map((p) => p.at).filter((a): a is string => !!a);
    return { ...parts[0]!, at: last.sort().at(-1) };
  }
  let least = 0;
  parts.forEach((p, i) => {
    if (PROGRESS[p.status] < PROGRESS[parts[least]!.status]) least = i;
  });
  const p = parts[least]!;
  return { ...p, providerText: `${p.providerText ?? ''}${label(least)}` };
}

interface DevinoErrorReply {
  code: string | undefined;
  desc: string;
  literal?: { errorClass: ProviderError['errorClass']; text: string };
  retryAfterMs?: number;
}

/** The error a reply carries: {Code, Desc} (any HTTP status), a bare Error_… literal, or a non-200 status. */
function errorIn(res: HttpResponse, body: unknown, now: number): DevinoErrorReply | null {
  const retryAfter = retryAfterMs(res.headers, now);
  const o = asRecord(body);
  if (o && (typeof o.Code === 'number' || typeof o.Code === 'string')) {
    return { code: String(o.Code), desc: typeof o.Desc === 'string' ? o.Desc : '', retryAfterMs: retryAfter };
  }
  // The doc prints errors as { Code: 4, Desc: "…" } (unquoted keys): read that too.
  const loose = /\bCode"?\s*:\s*"?(\d+)/.exec(res.text);
  if (loose && body === undefined) {
    const desc = /\bDesc"?\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(res.text)?.[1] ?? '';
    return { code: loose[1], desc, retryAfterMs: retryAfter };
  }
  const literal = (typeof body === 'string' ? body : res.text).trim();
  if (/^Error_[A-Za-z_]+$/.test(literal)) {
    const known = LITERAL_ERRORS[literal] ?? { errorClass: 'account' as const, text: literal };
    return { code: literal, desc: known.text === literal ? literal : `${literal} (${known.text})`, literal: known };
  }
  if (res.status === 200) return null;
  const text = res.text.trim().slice(0, 200);
  return { code: undefined, desc: text || `HTTP ${res.status}`, retryAfterMs: retryAfter };
}

/** Devino's error codes (REST doc table 10); 'argument': the recipient's or the settings' fault, by context. */
const CODE_CLASSES: Readonly<Record<string, ProviderError['errorClass'] | 'argument'>> = {
  '1': 'argument', // Argument cannot be null or empty
  '2': 'argument', // Invalid argument
  '3': 'account', // Invalid session id (still, after a renewal)
  '4': 'account', // Unauthorized access: bad login or password
  '5': 'account', // Not enough credits
  '6': 'argument', // Invalid operation (e.g. "Invalid source address")
  '7': 'account', // Forbidden
  '8': 'retryable', // Gateway error
  '9': 'retryable', // Internal server error
};

/** Devino's errors onto our classes; see ./devino.md. */
function classify(kind: Kind, res: HttpResponse, e: DevinoErrorReply): ProviderError {
  const msg = `Devino: ${e.desc || `HTTP ${res.status}`}`;
  const err = (c: ProviderError['errorClass']) =>
    new ProviderError(c, msg, e.code ?? `http_${res.status}`, e.retryAfterMs);
  if (e.literal) return err(e.literal.errorClass);
  const aboutSender = /source|sender|отправител/i.test(e.desc);
  const byCode = e.code === undefined ? undefined : CODE_CLASSES[e.code];
  if (byCode === 'argument') return err(kind === 'send' && !aboutSender ? 'recipient' : 'account');
  if (byCode) return err(byCode);
  if (res.status === 429 || res.status === 502 || res.status === 503 || res.status === 504) return err('retryable');
  if (res.status >= 500) return err(kind === 'send' ? 'unknown_outcome' : 'retryable');
  if (res.status === 400) return err(kind === 'send' && !aboutSender ? 'recipient' : 'account');
  // 401, 403, 404 (a wrong API address) and anything else: the user has to look at the settings.
  return err('account');
}

/** A failure of the HTTP exchange itself: for anything but a send, nothing is at stake, so try again. */
function networkError(kind: Kind, err: unknown): ProviderError {
  if (err instanceof ProviderError) {
    if (kind !== 'send' && err.errorClass === 'unknown_outcome') {
      return new ProviderError('retryable', err.message, err.providerCode, err.retryAfterMs);
    }
    return err;
  }
  const text = err instanceof Error ? err.message : String(err);
  return new ProviderError(kind === 'send' ? 'unknown_outcome' : 'retryable', `Devino: ${text}`);
}

function unintelligible(kind: Kind, res: HttpResponse): ProviderError {
  const text = `Devino answered something unexpected (HTTP ${res.status}): ${res.text.trim().slice(0, 120)}`;
  return kind === 'send'
    ? new ProviderError('unknown_outcome', `${text}; the message may have been accepted`)
    : new ProviderError('retryable', text);
}

/** "\/Date(1294045911213)\/" (or an ISO string) → ISO; Devino's "no date" is a negative tick count or null. */
function msDate(v: unknown): string | undefined {
  if (typeof v !== 'string' || !v) return undefined;
  const m = /Date\((-?\d+)/.exec(v);
  const ms = m ? Number(m[1]) : Date.parse(v);
  return Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString() : undefined;
}

const rub = (amount: number): Money => ({ amount: Math.round(amount * 100) / 100, currency: 'RUB' });
