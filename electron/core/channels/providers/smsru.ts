import type { ErrorClass, Money } from '../../../../shared/domain/providers';
import { countSms } from '../../../../shared/domain/sms';
import { retryAfterMs, type HttpResponse } from '../http';
import { ProviderError, type OutMessage, type Provider, type ProviderFactory, type StatusUpdate } from '../types';
import { asRecord, digits, parseJson, readOnce, toNumber } from './reply';

/**
 * SMS.ru (https://sms.ru/api): every call a urlencoded POST with `api_id` and `json=1`; answers
 * `{status: "OK"|"ERROR", status_code, status_text?, …}`, per number in `sms`. `test=1` (the account's test mode)
 * sends nothing and charges nothing. Mapping tables: ./smsru.md.
 */

const DEFAULT_BASE = 'https://sms.ru';
const FORM = 'application/x-www-form-urlencoded; charset=utf-8';
/** SMS.ru takes up to 100 numbers per request. */
const BATCH = 100;

type Kind = 'read' | 'send';
type Status = StatusUpdate['status'];

/** Message states (sms/status, per id). */
const STATES: Readonly<Record<string, { status: Status; text: string }>> = {
  '-1': { status: 'unknown', text: 'Сообщение не найдено' },
  '100': { status: 'queued', text: 'Сообщение находится в нашей очереди' },
  '101': { status: 'sent', text: 'Сообщение передается оператору' },
  '102': { status: 'sent', text: 'Сообщение отправлено (в пути)' },
  '103': { status: 'delivered', text: 'Сообщение доставлено' },
  '104': { status: 'failed', text: 'Не может быть доставлено: время жизни истекло' },
  '105': { status: 'failed', text: 'Не может быть доставлено: удалено оператором' },
  '106': { status: 'failed', text: 'Не может быть доставлено: сбой в телефоне' },
  '107': { status: 'failed', text: 'Не может быть доставлено: неизвестная причина' },
  '108': { status: 'failed', text: 'Не может быть доставлено: отклонено' },
  '110': { status: 'delivered', text: 'Сообщение прочитано' },
  '150': { status: 'failed', text: 'Не может быть доставлено: не найден маршрут на данный номер' },
};

/** Request errors (top level or per number) onto our classes, with SMS.ru's words for when it sends none. */
const ERRORS: Readonly<Record<string, { errorClass: ErrorClass; text: string }>> = {
  '200': { errorClass: 'account', text: 'Неправильный api_id' },
  '201': { errorClass: 'account', text: 'Не хватает средств на лицевом счету' },
  '202': { errorClass: 'recipient', text: 'Неправильно указан номер телефона получателя, либо на него нет маршрута' },
  '203': { errorClass: 'recipient', text: 'Нет текста сообщения' },
  '204': { errorClass: 'account', text: 'Имя отправителя не согласовано с администрацией' },
  '205': { errorClass: 'recipient', text: 'Сообщение слишком длинное (превышает 8 СМС)' },
  '206': { errorClass: 'account', text: 'Будет превышен или уже превышен дневной лимит на отправку сообщений' },
  '207': { errorClass: 'recipient', text: 'На этот номер нет маршрута для доставки сообщений' },
  '208': { errorClass: 'recipient', text: 'Параметр time указан неправильно' },
  '209': { errorClass: 'recipient', text: 'Вы добавили этот номер (или один из номеров) в стоп-лист' },
  '210': { errorClass: 'account', text: 'Используется GET, где необходимо использовать POST' },
  '211': { errorClass: 'account', text: 'Метод не найден' },
  '212': { errorClass: 'account', text: 'Текст сообщения необходимо передать в кодировке UTF-8' },
  '213': { errorClass: 'recipient', text: 'Указано более 100 номеров в списке получателей' },
  '214': {
    errorClass: 'recipient',
    text: 'Номер находится зарубежом (включена настройка «Отправлять только на номера РФ»)',
  },
  '215': { errorClass: 'recipient', text: 'Номер находится в стоп-листе SMS.ru' },
  '216': { errorClass: 'recipient', text: 'В тексте содержится запрещенное слово' },
  '217': { errorClass: 'recipient', text: 'Реклама кредита без обязательной фразы' },
  '220': { errorClass: 'retryable', text: 'Сервис временно недоступен, попробуйте чуть позже' },
  '221': { errorClass: 'account', text: 'Нужно буквенное имя отправителя, совпадающее с названием сайта или компании' },
  '230': { errorClass: 'recipient', text: 'Превышен общий лимит количества сообщений на этот номер в день' },
  '231': { errorClass: 'recipient', text: 'Превышен лимит одинаковых сообщений на этот номер в минуту' },
  '232': { errorClass: 'recipient', text: 'Превышен лимит одинаковых сообщений на этот номер в день' },
  '233': { errorClass: 'recipient', text: 'Превышен лимит повторных сообщений с кодом на этот номер' },
  '300': { errorClass: 'account', text: 'Неправильный token (возможно истек срок действия, либо ваш IP изменился)' },
  '301': { errorClass: 'account', text: 'Неправильный api_id, либо логин/пароль' },
  '302': { errorClass: 'account', text: 'Пользователь авторизован, но аккаунт не подтвержден' },
  '303': { errorClass: 'account', text: 'Код подтверждения неверен' },
  '304': { errorClass: 'account', text: 'Отправлено слишком много кодов подтверждения' },
  '305': { errorClass: 'account', text: 'Слишком много неверных вводов кода' },
  '500': { errorClass: 'retryable', text: 'Ошибка на сервере. Повторите запрос' },
  '501': { errorClass: 'account', text: 'Превышен лимит: страна IP-адреса пользователя (категория 1)' },
  '502': { errorClass: 'account', text: 'Превышен лимит: страна IP-адреса пользователя (категория 2)' },
  '503': { errorClass: 'account', text: 'Превышен лимит: слишком много сообщений в эту страну' },
  '504': { errorClass: 'account', text: 'Превышен лимит: слишком много зарубежных авторизаций' },
  '505': { errorClass: 'account', text: 'Превышен лимит: слишком много сообщений на один IP' },
  '506': { errorClass: 'account', text: 'Превышен лимит: слишком много сообщений с IP-адресов хостинг-провайдеров' },
  '507': { errorClass: 'account', text: 'Неправильный IP-адрес пользователя или внутренняя сеть' },
  '508': { errorClass: 'retryable', text: 'Превышен лимит: слишком много запросов за 5 минут' },
  '550': { errorClass: 'recipient', text: 'Страна заблокирована по соображениям безопасности' },
  '901': { errorClass: 'account', text: 'Неправильный адрес обратного вызова' },
  '902': { errorClass: 'account', text: 'Обработчик обратного вызова не найден' },
};

export const createSmsRu: ProviderFactory = (ctx) => {
  const base = (ctx.settings.baseUrl?.trim() || DEFAULT_BASE).replace(/\/+$/, '');
  const apiId = ctx.secrets.apiId?.trim() ?? '';
  const testMode = ctx.settings.testMode === 'true';
  const timeoutMs = ctx.timeoutMs ?? 30_000;
  const senderOf = (m?: Pick<OutMessage, 'sender'>) => (m?.sender ?? ctx.settings.sender ?? '').trim();

  /** One call: the parsed answer with status "OK", or a ProviderError. */
  async function call(kind: Kind, path: string, params: [string, string][]): Promise<Record<string, unknown>> {
    const body = new URLSearchParams([['api_id', apiId], ['json', '1'], ...params]).toString();
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
    const o = asRecord(parseJson(res.text));
    if (o && typeof o.status === 'string') {
      if (o.status.toUpperCase() === 'OK') return o;
      throw requestError(o.status_code, o.status_text, after);
    }
    // Not SMS.ru's JSON: the legacy plain answer (a code on the first line), or something in between.
    const plain = /^\s*(\d{3})\s*(?:\n|$)/.exec(res.text);
    if (res.status === 200 && plain && plain[1] !== '100') throw requestError(plain[1], undefined, after);
    if (res.status === 429 || res.status === 502 || res.status === 503 || res.status === 504) {
      throw new ProviderError('retryable', `SMS.ru: HTTP ${res.status}`, `http_${res.status}`, after);
    }
    const text = `SMS.ru answered something unexpected (HTTP ${res.status}): ${res.text.trim().slice(0, 120)}`;
    if (res.status >= 500 || res.status === 200) {
      throw kind === 'send'
        ? new ProviderError('unknown_outcome', `${text}; the message may have been accepted`, `http_${res.status}`)
        : new ProviderError('retryable', text, `http_${res.status}`);
    }
    // 4xx without SMS.ru's JSON: most likely a wrong API address.
    throw new ProviderError('account', text, `http_${res.status}`);
  }

  async function balance(): Promise<Money> {
    const o = await readOnce(() => call('read', '/my/balance', []));
    const amount = toNumber(o.balance);
    if (amount === undefined) throw new ProviderError('retryable', 'SMS.ru did not say the balance');
    return rub(amount);
  }

  async function senders(): Promise<string[]> {
    const o = await readOnce(() => call('read', '/my/senders', []));
    return Array.isArray(o.senders) ? o.senders.filter((s): s is string => typeof s === 'string') : [];
  }

  const provider: Provider = {
    id: 'smsru',
    channel: 'sms',
    async check() {
      const money = await balance();
      const names = await senders().catch(() => null);
      return {
        message:
          `SMS.ru: balance ${money.amount} ${money.currency}` +
          (testMode ? '; test mode is on: nothing is sent or charged' : ''),
        balance: money,
        senders: names,
      };
    },
    balance,
    senders,
    async cost(messages) {
      let total = 0;
      let parts = 0;
      // Up to 100 numbers a request, each number once (per-number texts: to[NUMBER]=TEXT).
      const batches: OutMessage[][] = [];
      let batch: OutMessage[] = [];
      let phones = new Set<string>();
      for (const m of messages) {
        const to = digits(m.to);
        if (batch.length >= BATCH || phones.has(to)) {
          batches.push(batch);
          batch = [];
          phones = new Set();
        }
        batch.push(m);
        phones.add(to);
      }
      if (batch.length > 0) batches.push(batch);
      for (const b of batches) {
        const params: [string, string][] = b.map((m) => [`to[${digits(m.to)}]`, m.text]);
        const sender = senderOf(b[0]);
        if (sender) params.push(['from', sender]);
        const o = await readOnce(() => call('read', '/sms/cost', params));
        const perNumber = asRecord(o.sms) ?? {};
        for (const m of b) {
          const entry = asRecord(perNumber[digits(m.to)]) ?? asRecord(perNumber[m.to]);
          if (!entry || String(entry.status).toUpperCase() !== 'OK') continue; // it would not be sent either
          total += toNumber(entry.cost) ?? 0;
          parts += toNumber(entry.sms) ?? countSms(m.text).parts;
        }
      }
      return { total: rub(total), parts };
    },
    async send(message) {
      const to = digits(message.to);
      const params: [string, string][] = [
        ['to', to],
        ['msg', message.text],
      ];
      const sender = senderOf(message);
      if (sender) params.push(['from', sender]);
      if (testMode) params.push(['test', '1']);
      const o = await call('send', '/sms/send', params);
      const perNumber = asRecord(o.sms) ?? {};
      const entry = asRecord(perNumber[to]) ?? asRecord(Object.values(perNumber)[0]);
      if (!entry) {
        throw new ProviderError(
          'unknown_outcome',
          'SMS.ru accepted the request but said nothing about the number; the message may have been accepted',
        );
      }
      if (String(entry.status).toUpperCase() !== 'OK') {
        throw requestError(entry.status_code, entry.status_text, undefined);
      }
      const id = typeof entry.sms_id === 'string' || typeof entry.sms_id === 'number' ? String(entry.sms_id) : '';
      if (!id) {
        throw new ProviderError(
          'unknown_outcome',
          'SMS.ru answered the send without a message id; the message may have been accepted',
        );
      }
      const code =
        typeof entry.status_code === 'number' || typeof entry.status_code === 'string'
          ? String(entry.status_code)
          : '100';
      const cost = toNumber(entry.cost);
      return {
        providerIds: [id],
        parts: toNumber(entry.sms) ?? Math.max(1, countSms(message.text).parts),
        cost: cost === undefined ? undefined : rub(cost),
        update: {
          status: 'sent',
          providerCode: code,
          providerText:
            (typeof entry.status_text === 'string' && entry.status_text) ||
            (testMode ? 'Тестовый режим: сообщение не отправлено' : (STATES[code]?.text ?? 'Принято')),
          at: ctx.clock.now().toISOString(),
        },
      };
    },
    async status(providerIds) {
      const id = providerIds[0];
      if (!id) return { status: 'unknown', providerText: 'SMS.ru gave no message id for this message' };
      const o = await readOnce(() => call('read', '/sms/status', [['sms_id', id]]));
      const entry = asRecord(asRecord(o.sms)?.[id]);
      if (!entry) return { status: 'unknown', providerCode: '-1', providerText: STATES['-1']!.text };
      const code =
        typeof entry.status_code === 'number' || typeof entry.status_code === 'string' ? String(entry.status_code) : '';
      const known = STATES[code];
      const text = typeof entry.status_text === 'string' && entry.status_text ? entry.status_text : known?.text;
      return { status: known?.status ?? 'unknown', providerCode: code, providerText: text ?? `Код ${code}` };
    },
  };
  return provider;
};

/** An SMS.ru error code (top level or per number) as a ProviderError in SMS.ru's words. */
function requestError(code: unknown, text: unknown, retryAfter: number | undefined): ProviderError {
  const c = typeof code === 'number' || typeof code === 'string' ? String(code) : '';
  const known = ERRORS[c];
  const words = (typeof text === 'string' && text.trim()) || known?.text || `код ${c || '?'}`;
  // An unknown code is a refusal we cannot place: stop and show it rather than retry blindly.
  return new ProviderError(known?.errorClass ?? 'account', `SMS.ru: ${words}`, c || undefined, retryAfter);
}

function networkError(kind: Kind, err: unknown): ProviderError {
  if (err instanceof ProviderError) {
    if (kind !== 'send' && err.errorClass === 'unknown_outcome') {
      return new ProviderError('retryable', err.message, err.providerCode, err.retryAfterMs);
    }
    return err;
  }
  const text = err instanceof Error ? err.message : String(err);
  return new ProviderError(kind === 'send' ? 'unknown_outcome' : 'retryable', `SMS.ru: ${text}`);
}

const rub = (amount: number): Money => ({ amount: Math.round(amount * 100) / 100, currency: 'RUB' });
