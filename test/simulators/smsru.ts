// A SIMULATOR of the SMS.ru HTTP API (https://sms.ru/api), not the real service. It follows the documented
// contract (SMS.ru's docs as summarised in shared/PROVIDERS.md §2 and the matrizaev/smsru client spec):
// - every method wants POST (GET → 210), application/x-www-form-urlencoded in UTF-8, `api_id` (unknown → 200,
//   account not confirmed → 302), and answers JSON with `json=1` (a plain code-per-line answer otherwise);
// - sms/send: `to` (≤ 100 numbers, comma-separated) + `msg`, or `to[NUMBER]=TEXT`; optional `from` (an approved
//   sender, else 204 for that number), `test=1` (nothing sent or charged). Answer {status, status_code, sms:
//   {NUMBER: {status, status_code, sms_id | status_text}}, balance}. Per-number refusals: 202 bad number,
//   207 no route, 209 in your stop-list, 215 in SMS.ru's stop-list, 204 sender; whole-request ones: 201 not
//   enough funds, 203 no text, 205 over 8 parts, 206 daily limit, 213 over 100 numbers;
// - sms/cost: the same recipients → per number {cost, sms (parts)} + total_cost, total_sms;
// - sms/status: `sms_id` (comma-separated) → per id {status, status_code, status_text, cost}, −1 for an unknown id;
// - my/balance → {balance}; my/senders → {senders}; any other path → 211.
// State lives in memory: accounts (api_id, balance, approved senders, stop-list, daily limit), and sent
// messages whose status code a test advances with setStatus().
import { startLoopback, type Loopback, type SimReply, type SimRequest } from './loopback';

export interface SmsRuAccount {
  apiId: string;
  balance: number;
  senders: string[];
  pricePerPart: number;
  /** Registered but the phone not yet confirmed: every call answers 302. */
  unconfirmed?: boolean;
  stopList: Set<string>;
  /** Messages a day, when limited (206 beyond it). */
  dailyLimit?: number;
  sentToday: number;
}

export interface SmsRuMessage {
  id: string;
  apiId: string;
  to: string;
  text: string;
  from: string;
  parts: number;
  cost: number;
  status: number;
  test: boolean;
}

export interface SmsRuSim {
  url: string;
  loopback: Loopback;
  accounts: Map<string, SmsRuAccount>;
  messages: Map<string, SmsRuMessage>;
  /** SMS.ru's own stop-list (215). */
  globalStopList: Set<string>;
  /** Numbers without a route (207). */
  noRoute: Set<string>;
  setStatus(smsId: string, code: number): void;
  close(): Promise<void>;
}

export const SMSRU_TEXT: Readonly<Record<number, string>> = {
  [-1]: 'Сообщение не найдено',
  100: 'Сообщение находится в нашей очереди',
  101: 'Сообщение передается оператору',
  102: 'Сообщение отправлено (в пути)',
  103: 'Сообщение доставлено',
  104: 'Не может быть доставлено: время жизни истекло',
  105: 'Не может быть доставлено: удалено оператором',
  106: 'Не может быть доставлено: сбой в телефоне',
  107: 'Не может быть доставлено: неизвестная причина',
  108: 'Не может быть доставлено: отклонено',
  110: 'Сообщение прочитано',
  150: 'Не может быть доставлено: не найден маршрут на данный номер',
  200: 'Неправильный api_id',
  201: 'Не хватает средств на лицевом счету',
  202: 'Неправильно указан номер телефона получателя, либо на него нет маршрута',
  203: 'Нет текста сообщения',
  204: 'Имя отправителя не согласовано с администрацией',
  205: 'Сообщение слишком длинное (превышает 8 СМС)',
  206: 'Будет превышен или уже превышен дневной лимит на отправку сообщений',
  207: 'На этот номер нет маршрута для доставки сообщений',
  209: 'Вы добавили этот номер (или один из номеров) в стоп-лист',
  210: 'Используется GET, где необходимо использовать POST',
  211: 'Метод не найден',
  213: 'Указано более 100 номеров в списке получателей',
  215: 'Номер находится в стоп-листе SMS.RU',
  220: 'Сервис временно недоступен, попробуйте чуть позже',
  302: 'Пользователь авторизован, но аккаунт не подтвержден (пользователь не ввел код, присланный в регистрационной смс)',
};

const GSM_BASIC = /^[A-Za-z0-9 \n\r@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!"#¤%&'()*+,\-./:;<=>?¡ÄÖÑÜ§¿äöñüà^{}\\[~\]|€]*$/;

function partsOf(text: string): number {
  const gsm = GSM_BASIC.test(text);
  const len = gsm ? text.length : [...text].reduce((n, ch) => n + ch.length, 0);
  if (len === 0) return 0;
  return len <= (gsm ? 160 : 70) ? 1 : Math.ceil(len / (gsm ? 153 : 67));
}

export async function startSmsRuSim(opts: { accounts?: Partial<SmsRuAccount>[] } = {}): Promise<SmsRuSim> {
  const accounts = new Map<string, SmsRuAccount>();
  for (const a of opts.accounts ?? [{}]) {
    const acc: SmsRuAccount = {
      apiId: 'A1B2C3D4-E5F6-0000-1111-222233334444',
      balance: 100,
      senders: ['Vestnik'],
      pricePerPart: 3.5,
      stopList: new Set(),
      sentToday: 0,
      ...a,
    };
    accounts.set(acc.apiId, acc);
  }
  const messages = new Map<string, SmsRuMessage>();
  const globalStopList = new Set<string>();
  const noRoute = new Set<string>();
  let nextId = 1_000_000;

  const fail = (code: number, json: boolean): SimReply =>
    json
      ? { body: { status: 'ERROR', status_code: code, status_text: SMSRU_TEXT[code] ?? `Ошибка ${code}` } }
      : { body: String(code) };
  const money = (n: number) => Math.round(n * 100) / 100;

  /** Recipients and texts of a send or cost request: `to` + `msg`, or `to[NUMBER]=TEXT`. */
  const recipients = (req: SimRequest): { raw: string; text: string }[] => {
    const list: { raw: string; text: string }[] = [];
    for (const [k, v] of req.params) {
      const m = /^to\[(.+)\]$/.exec(k);
      if (m) list.push({ raw: m[1]!, text: v });
    }
    if (list.length > 0) return list;
    const msg = req.params.get('msg') ?? '';
    return (req.params.get('to') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((raw) => ({ raw, text: msg }));
  };
  const normal = (raw: string) => raw.replace(/[^\d]/g, '');

  /** Why this number cannot get a message from this account, if it cannot. */
  const refusal = (acc: SmsRuAccount, number: string, from: string): number | null => {
    if (!/^\d{11,15}$/.test(number)) return 202;
    if (noRoute.has(number)) return 207;
    if (acc.stopList.has(number)) return 209;
    if (globalStopList.has(number)) return 215;
    if (from && !acc.senders.includes(from)) return 204;
    return null;
  };

  const handle = (req: SimRequest): SimReply => {
    const json = req.params.get('json') === '1';
    if (req.method !== 'POST') return fail(210, json);
    const method = req.path.replace(/\/+$/, '');
    if (!['/sms/send', '/sms/cost', '/sms/status', '/my/balance', '/my/senders'].includes(method)) {
      return fail(211, json);
    }
    const acc = accounts.get(req.params.get('api_id') ?? '');
    if (!acc) return fail(200, json);
    if (acc.unconfirmed) return fail(302, json);

    if (method === '/my/balance') {
      return json
        ? { body: { status: 'OK', status_code: 100, balance: acc.balance } }
        : { body: `100\n${acc.balance}` };
    }
    if (method === '/my/senders') {
      return json
        ? { body: { status: 'OK', status_code: 100, senders: acc.senders } }
        : { body: ['100', ...acc.senders].join('\n') };
    }
    if (method === '/sms/status') {
      const ids = (req.params.get('sms_id') ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      if (ids.length === 0) return fail(-1, json);
      const sms: Record<string, object> = {};
      for (const id of ids) {
        const m = messages.get(id);
        sms[id] =
          m && m.apiId === acc.apiId
            ? { status: 'OK', status_code: m.status, status_text: SMSRU_TEXT[m.status], cost: m.cost }
            : { status: 'ERROR', status_code: -1, status_text: SMSRU_TEXT[-1] };
      }
      return { body: { status: 'OK', status_code: 100, sms, balance: acc.balance } };
    }

    const from = req.params.get('from') ?? '';
    const list = recipients(req);
    if (list.length === 0) return fail(202, json);
    if (list.length > 100) return fail(213, json);
    if (list.some((r) => r.text === '')) return fail(203, json);
    if (list.some((r) => partsOf(r.text) > 8)) return fail(205, json);

    if (method === '/sms/cost') {
      const sms: Record<string, object> = {};
      let total = 0;
      let totalSms = 0;
      for (const r of list) {
        const number = normal(r.raw);
        const why = refusal(acc, number, from);
        if (why !== null) {
          sms[number] = { status: 'ERROR', status_code: why, status_text: SMSRU_TEXT[why] };
          continue;
        }
        const parts = partsOf(r.text);
        sms[number] = { status: 'OK', status_code: 100, cost: money(parts * acc.pricePerPart).toFixed(2), sms: parts };
        total += parts * acc.pricePerPart;
        totalSms += parts;
      }
      return {
        body: { status: 'OK', status_code: 100, sms, total_cost: money(total).toFixed(2), total_sms: totalSms },
      };
    }

    // sms/send
    const test = req.params.get('test') === '1';
    const accepted = list
      .map((r) => ({ ...r, number: normal(r.raw) }))
      .filter((r) => refusal(acc, r.number, from) === null);
    const charge = accepted.reduce((sum, r) => sum + partsOf(r.text) * acc.pricePerPart, 0);
    if (!test && charge > acc.balance) return fail(201, json);
    if (!test && acc.dailyLimit !== undefined && acc.sentToday + accepted.length > acc.dailyLimit) {
      return fail(206, json);
    }
    const sms: Record<string, object> = {};
    const lines: string[] = [];
    for (const r of list) {
      const number = normal(r.raw);
      const why = refusal(acc, number, from);
      if (why !== null) {
        sms[number] = { status: 'ERROR', status_code: why, status_text: SMSRU_TEXT[why] };
        lines.push(String(why));
        continue;
      }
      const parts = partsOf(r.text);
      const id = `202503-${nextId++}`;
      messages.set(id, {
        id,
        apiId: acc.apiId,
        to: number,
        text: r.text,
        from,
        parts,
        cost: test ? 0 : money(parts * acc.pricePerPart),
        status: 100,
        test,
      });
      sms[number] = { status: 'OK', status_code: 100, sms_id: id };
      lines.push(id);
    }
    if (!test) {
      acc.balance = money(acc.balance - charge);
      acc.sentToday += accepted.length;
    }
    return json
      ? { body: { status: 'OK', status_code: 100, sms, balance: acc.balance } }
      : { body: ['100', ...lines, `balance=${acc.balance}`].join('\n') };
  };

  const loopback = await startLoopback(handle);
  return {
    url: loopback.url,
    loopback,
    accounts,
    messages,
    globalStopList,
    noRoute,
    setStatus(smsId, code) {
      const m = messages.get(smsId);
      if (!m) throw new Error(`The simulator has no message ${smsId}`);
      m.status = code;
    },
    close: () => loopback.close(),
  };
}
