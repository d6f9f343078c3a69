import { createHash } from 'node:crypto';
import type { ErrorClass, Money } from '../../../../shared/domain/providers';
import { countSms } from '../../../../shared/domain/sms';
import { retryAfterMs, type HttpResponse } from '../http';
import { ProviderError, type OutMessage, type Provider, type ProviderFactory, type StatusUpdate } from '../types';
import { asRecord, digits, parseJson, readOnce, toNumber } from './reply';

/**
 * SMSC.ru (https://smsc.ru/api/http/): sys/send.php, status.php, balance.php, senders.php, each a urlencoded
 * POST with `login`, `psw`, `fmt=3` (JSON) and `charset=utf-8`. Errors come back as {error, error_code}.
 * Mapping tables: ./smsc.md.
 *
 * Our message id goes to SMSC as its client message `id`, which must be a number 1…2147483647: see
 * smscMessageId(). The id and the phone identify the message at SMSC, so its status can be asked even when the
 * answer to the send was lost.
 */

const DEFAULT_BASE = 'https://smsc.ru';
const FORM = 'application/x-www-form-urlencoded; charset=utf-8';
/** Numbers per cost request. */
const BATCH = 100;

type Kind = 'read' | 'send';
type Status = StatusUpdate['status'];

/**
 * SMSC's client message id for our message id: the first 4 bytes of SHA-256(UTF-8 of our id), big-endian,
 * modulo 2147483647, plus 1 — so always in 1…2147483647, the same for the same message on every computer and
 * after a restart, and for two different messages to the same phone the same only by a 1-in-2³¹ chance.
 */
export function smscMessageId(messageId: string): number {
  const hash = createHash('sha256').update(messageId, 'utf8').digest();
  return (hash.readUInt32BE(0) % 2147483647) + 1;
}

/** status.php `status` codes. */
const STATES: Readonly<Record<string, { status: Status; text: string }>> = {
  '-3': { status: 'unknown', text: 'Сообщение не найдено' },
  '-2': { status: 'failed', text: 'Остановлено' },
  '-1': { status: 'queued', text: 'Ожидает отправки' },
  '0': { status: 'sent', text: 'Передано оператору' },
  '1': { status: 'delivered', text: 'Доставлено' },
  '2': { status: 'delivered', text: 'Прочитано' },
  '3': { status: 'failed', text: 'Просрочено' },
  '4': { status: 'delivered', text: 'Нажата ссылка' },
  '20': { status: 'failed', text: 'Невозможно доставить' },
  '22': { status: 'failed', text: 'Неверный номер' },
  '23': { status: 'failed', text: 'Запрещено' },
  '24': { status: 'failed', text: 'Недостаточно средств' },
  '25': { status: 'failed', text: 'Недоступный номер' },
};

/** status.php `err` codes (why a message was not delivered), added to the status words. */
const DELIVERY_ERRORS: Readonly<Record<string, string>> = {
  '1': 'Абонент не существует',
  '6': 'Абонент не в сети',
  '11': 'Нет услуги SMS',
  '12': 'Ошибка в телефоне абонента',
  '13': 'Абонент заблокирован',
  '21': 'Нет поддержки SMS',
  '200': 'Виртуальная отправка',
  '220': 'Переполнена очередь у оператора',
  '240': 'Абонент занят',
  '242': 'Зафиксирован автоответчик',
  '243': 'Не заключен договор',
  '244': 'Рассылки запрещены',
  '245': 'Статус не получен',
  '246': 'Ограничение по времени',
  '247': 'Превышен лимит сообщений',
  '248': 'Нет маршрута',
  '249': 'Неверный формат номера',
  '250': 'Номер запрещен настройками',
  '251': 'Превышен лимит на один номер',
  '252': 'Номер запрещен',
  '253': 'Запрещено спам-фильтром',
  '254': 'Незарегистрированный sender id',
  '255': 'Отклонено оператором',
};

/** Request errors (error_code) onto our classes, per call, with SMSC's documented meaning. */
const ERRORS: Readonly<Record<string, { send: ErrorClass; read: ErrorClass; text: string }>> = {
  '1': { send: 'recipient', read: 'account', text: 'Ошибка в параметрах' },
  '2': { send: 'account', read: 'account', text: 'Неверный логин или пароль, или IP-адрес не в списке разрешённых' },
  '3': { send: 'account', read: 'account', text: 'Недостаточно средств на счете Клиента' },
  '4': { send: 'retryable', read: 'retryable', text: 'IP-адрес временно заблокирован из-за частых ошибок в запросах' },
  '5': { send: 'recipient', read: 'account', text: 'Неверный формат даты' },
  '6': { send: 'account', read: 'account', text: 'Сообщение запрещено (по тексту или по имени отправителя)' },
  '7': { send: 'recipient', read: 'account', text: 'Неверный формат номера телефона' },
  '8': { send: 'recipient', read: 'account', text: 'Сообщение на указанный номер не может быть доставлено' },
  // On a send: the same request already came within a minute, so the message may well have gone.
  '9': { send: 'unknown_outcome', read: 'retryable', text: 'Слишком много одинаковых запросов в течение минуты' },
};

export const createSmsc: ProviderFactory = (ctx) => {
  const base = (ctx.settings.baseUrl?.trim() || DEFAULT_BASE).replace(/\/+$/, '');
  const login = ctx.settings.login?.trim() ?? '';
  const password = ctx.secrets.password ?? '';
  const timeoutMs = ctx.timeoutMs ?? 30_000;
  const senderOf = (m?: Pick<OutMessage, 'sender'>) => (m?.sender ?? ctx.settings.sender ?? '').trim();

  /** One call: SMSC's JSON answer, or a ProviderError. */
  async function call(kind: Kind, path: string, params: [string, string][]): Promise<unknown> {
    const body = new URLSearchParams([
      ['login', login],
      ['psw', password],
      ['fmt', '3'],
      ['charset', 'utf-8'],
      ...params,
    ]).toString();
    let res: HttpResponse;
    try {
      res = await ctx.http.request({
        method: 'POST',
        url: `${base}${path}`,
        headers: { 'content-type': FORM, accept: 'application/json' },
        body,
        timeoutMs,
      });
    } catch (err) {
      throw networkError(kind, err);
    }
    const after = retryAfterMs(res.headers, ctx.clock.now().getTime());
    const parsed = parseJson(res.text);
    const o = asRecord(parsed);
    if (o && (typeof o.error_code === 'number' || typeof o.error_code === 'string')) {
      throw requestError(kind, String(o.error_code), o.error, after);
    }
    // fmt=0, should SMSC ignore fmt: "ERROR = 2 (authorise error)".
    const plain = /ERROR\s*=\s*(\d+)\s*(?:\(([^)]*)\))?/.exec(res.text);
    if (parsed === undefined && plain) throw requestError(kind, plain[1]!, plain[2], after);
    if (res.status === 200 && parsed !== undefined) return parsed;
    if (res.status === 429 || res.status === 502 || res.status === 503 || res.status === 504) {
      throw new ProviderError('retryable', `SMSC: HTTP ${res.status}`, `http_${res.status}`, after);
    }
    const text = `SMSC answered something unexpected (HTTP ${res.status}): ${res.text.trim().slice(0, 120)}`;
    if (res.status >= 500 || res.status === 200) {
      throw kind === 'send'
        ? new ProviderError('unknown_outcome', `${text}; the message may have been accepted`, `http_${res.status}`)
        : new ProviderError('retryable', text, `http_${res.status}`);
    }
    throw new ProviderError('account', text, `http_${res.status}`);
  }

  async function balance(): Promise<Money> {
    const o = asRecord(await readOnce(() => call('read', '/sys/balance.php', [['cur', '1']])));
    const amount = toNumber(o?.balance);
    if (amount === undefined) throw new ProviderError('retryable', 'SMSC did not say the balance');
    const cur = typeof o?.currency === 'string' && o.currency.trim() ? o.currency.trim().toUpperCase() : 'RUB';
    return { amount: round(amount), currency: cur === 'RUR' ? 'RUB' : cur };
  }

  async function senders(): Promise<string[]> {
    const reply = await readOnce(() => call('read', '/sys/senders.php', [['get', '1']]));
    const list = Array.isArray(reply) ? (reply as unknown[]) : [];
    return list
      .map((s) => (typeof s === 'string' ? s : asRecord(s)?.sender))
      .filter((s): s is string => typeof s === 'string' && s !== '');
  }

  const provider: Provider = {
    id: 'smsc',
    channel: 'sms',
    async check() {
      const money = await balance();
      const names = await senders().catch(() => null);
      return {
        message: `SMSC: signed in as ${login}, balance ${money.amount} ${money.currency}`,
        balance: money,
        senders: names,
      };
    },
    balance,
    senders,
    async cost(messages) {
      // One request per text and up to 100 numbers (each once), with cost=1: SMSC prices it without sending.
      const byText = new Map<string, { sender: string; text: string; phones: Set<string> }[]>();
      for (const m of messages) {
        const sender = senderOf(m);
        const key = `${sender}\u0000${m.text}`;
        const groups = byText.get(key) ?? [];
        const phone = digits(m.to);
        let group = groups.at(-1);
        if (!group || group.phones.size >= BATCH || group.phones.has(phone)) {
          group = { sender, text: m.text, phones: new Set() };
          groups.push(group);
        }
        group.phones.add(phone);
        byText.set(key, groups);
      }
      let total = 0;
      let parts = 0;
      let currency = 'RUB';
      for (const g of [...byText.values()].flat()) {
        const params: [string, string][] = [
          ['phones', [...g.phones].join(',')],
          ['mes', g.text],
          ['cost', '1'],
        ];
        if (g.sender) params.push(['sender', g.sender]);
        let reply: unknown;
        try {
          reply = await readOnce(() => call('read', '/sys/send.php', params));
        } catch (err) {
          // Numbers SMSC would refuse (7: bad format, 8: cannot be delivered) are not sent, so cost nothing.
          if (err instanceof ProviderError && (err.providerCode === '7' || err.providerCode === '8')) continue;
          throw err;
        }
        const o = asRecord(reply);
        total += toNumber(o?.cost) ?? 0;
        parts += toNumber(o?.cnt) ?? g.phones.size * Math.max(1, countSms(g.text).parts);
        if (typeof o?.currency === 'string' && o.currency) currency = o.currency === 'RUR' ? 'RUB' : o.currency;
      }
      return { total: { amount: round(total), currency }, parts };
    },
    async send(message) {
      const id = smscMessageId(message.id);
      const params: [string, string][] = [
        ['phones', digits(message.to)],
        ['mes', message.text],
        ['id', String(id)],
        ['cost', '3'],
      ];
      const sender = senderOf(message);
      if (sender) params.push(['sender', sender]);
      const o = asRecord(await call('send', '/sys/send.php', params));
      const got = o?.id;
      if (got === undefined || got === null || got === '') {
        throw new ProviderError(
          'unknown_outcome',
          'SMSC answered the send without a message id; the message may have been accepted',
        );
      }
      const cost = toNumber(o?.cost);
      return {
        providerIds: [typeof got === 'number' || typeof got === 'string' ? String(got) : String(id)],
        parts: toNumber(o?.cnt) ?? Math.max(1, countSms(message.text).parts),
        cost: cost === undefined ? undefined : { amount: round(cost), currency: 'RUB' },
        update: {
          status: 'sent',
          providerCode: 'accepted',
          providerText: 'Принято SMSC',
          at: ctx.clock.now().toISOString(),
        },
      };
    },
    async status(providerIds, message) {
      // The id is ours, derived from the message id: it can be asked for even without SMSC's answer to the send.
      const id = providerIds[0] ?? String(smscMessageId(message.id));
      let reply: unknown;
      try {
        reply = await readOnce(() =>
          call('read', '/sys/status.php', [
            ['id', id],
            ['phone', digits(message.to)],
            ['all', '1'],
          ]),
        );
      } catch (err) {
        // status.php's error 3: "message not found".
        if (err instanceof ProviderError && err.providerCode === '3') {
          return { status: 'unknown', providerCode: '-3', providerText: STATES['-3']!.text };
        }
        throw err;
      }
      const o = asRecord(reply) ?? {};
      const code = typeof o.status === 'number' || typeof o.status === 'string' ? String(o.status) : '';
      const known = STATES[code];
      const words = (typeof o.status_name === 'string' && o.status_name) || known?.text || `Статус ${code}`;
      const err = typeof o.err === 'number' || typeof o.err === 'string' ? String(o.err) : '0';
      const why =
        err !== '0' && err !== '' ? ` (ошибка ${err}: ${DELIVERY_ERRORS[err] ?? 'см. коды ошибок SMSC'})` : '';
      const ts = toNumber(o.last_timestamp);
      return {
        status: known?.status ?? 'unknown',
        providerCode: err !== '0' && err !== '' ? `${code}/${err}` : code,
        providerText: `${words}${why}`,
        at: ts && ts > 0 ? new Date(ts * 1000).toISOString() : undefined,
      };
    },
  };
  return provider;
};

function requestError(kind: Kind, code: string, text: unknown, retryAfter: number | undefined): ProviderError {
  const known = ERRORS[code];
  const theirs = typeof text === 'string' ? text.trim() : '';
  const words = theirs && known ? `${theirs} (${known.text})` : theirs || known?.text || `ошибка ${code}`;
  const cls = known ? known[kind] : 'account';
  return new ProviderError(cls, `SMSC: ${words}`, code, retryAfter);
}

function networkError(kind: Kind, err: unknown): ProviderError {
  if (err instanceof ProviderError) {
    if (kind !== 'send' && err.errorClass === 'unknown_outcome') {
      return new ProviderError('retryable', err.message, err.providerCode, err.retryAfterMs);
    }
    return err;
  }
  const text = err instanceof Error ? err.message : String(err);
  return new ProviderError(kind === 'send' ? 'unknown_outcome' : 'retryable', `SMSC: ${text}`);
}

const round = (n: number) => Math.round(n * 100) / 100;
