// A SIMULATOR of the SMSC.ru HTTP API (https://smsc.ru/api/http/), not the real service. It follows the documented
// contract (SMSC's HTTP API pages and its official client libraries, summarised in shared/PROVIDERS.md §3):
// - sys/send.php, sys/status.php, sys/balance.php, sys/senders.php; GET or POST; auth `login` + `psw`;
//   `fmt=3` answers JSON (fmt=0, the default, a text line); `charset` is windows-1251 unless `charset=utf-8`
//   (a UTF-8 text read as windows-1251 is stored garbled, as SMSC would);
// - send: `phones` (comma/semicolon), `mes`, optional `sender` (a registered one, else 6), `id` (client message
//   id, 1…2147483647), `cost` (1: price only, no send → {cost, cnt}; 0/2/3: send → {id, cnt[, cost[, balance]]});
// - errors as {error, error_code[, id]}: 1 parameters, 2 login/password (or IP not allowed), 3 no money,
//   4 IP temporarily blocked, 6 message denied (text or sender), 7 bad number format, 8 cannot be delivered,
//   9 the same send request more than once a minute (or over five identical cost/status requests a minute);
// - status: `id` + `phone` (+ `all=1`) → {status, last_date, last_timestamp, err[, status_name, cost, …]};
//   an unknown id/phone → status −3;
// - balance → {balance[, currency with cur=1]}; senders `get=1` → [{sender}].
// State lives in memory: accounts (credentials, balance, registered senders, IP block), messages keyed by id and
// phone whose status (and err) a test sets with setStatus(), and the recent requests for the duplicate rule.
import { startLoopback, type Loopback, type SimReply, type SimRequest } from './loopback';

export interface SmscAccount {
  login: string;
  psw: string;
  balance: number;
  senders: string[];
  pricePerPart: number;
  /** Too many errors from this address lately: error 4. */
  ipBlocked?: boolean;
}

export interface SmscMessage {
  id: number;
  login: string;
  phone: string;
  text: string;
  sender: string;
  parts: number;
  cost: number;
  status: number;
  err: number;
  sentAt: number;
}

export interface SmscSim {
  url: string;
  loopback: Loopback;
  accounts: Map<string, SmscAccount>;
  /** Keyed `${id}:${phone}`. */
  messages: Map<string, SmscMessage>;
  /** Numbers SMSC cannot deliver to (error 8). */
  undeliverable: Set<string>;
  setStatus(id: number | string, phone: string, status: number, err?: number): void;
  close(): Promise<void>;
}

const ERROR_TEXT: Readonly<Record<number, string>> = {
  1: 'parameters error',
  2: 'authorise error',
  3: 'no money',
  4: 'IP is blocked',
  6: 'message is denied',
  7: 'invalid number',
  8: "can't deliver",
  9: 'duplicate request, wait a minute',
};

export const SMSC_STATUS_NAME: Readonly<Record<number, string>> = {
  [-3]: 'Сообщение не найдено',
  [-2]: 'Остановлено',
  [-1]: 'Ожидает отправки',
  0: 'Передано оператору',
  1: 'Доставлено',
  2: 'Прочитано',
  3: 'Просрочено',
  4: 'Нажата ссылка',
  20: 'Невозможно доставить',
  22: 'Неверный номер',
  23: 'Запрещено',
  24: 'Недостаточно средств',
  25: 'Недоступный номер',
};

const GSM_BASIC = /^[A-Za-z0-9 \n\r@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!"#¤%&'()*+,\-./:;<=>?¡ÄÖÑÜ§¿äöñüà^{}\\[~\]|€]*$/;

function partsOf(text: string): number {
  const gsm = GSM_BASIC.test(text);
  const len = gsm ? text.length : [...text].reduce((n, ch) => n + ch.length, 0);
  return len <= (gsm ? 160 : 70) ? 1 : Math.ceil(len / (gsm ? 153 : 67));
}

const pad = (n: number) => String(n).padStart(2, '0');
/** dd.mm.yyyy hh:mm:ss, Moscow time, as SMSC prints dates. */
function smscDate(ms: number): string {
  const d = new Date(ms + 3 * 3600_000);
  return (
    `${pad(d.getUTCDate())}.${pad(d.getUTCMonth() + 1)}.${d.getUTCFullYear()} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
  );
}

export async function startSmscSim(
  opts: { now?: () => number; accounts?: Partial<SmscAccount>[] } = {},
): Promise<SmscSim> {
  const now = opts.now ?? (() => Date.now());
  const accounts = new Map<string, SmscAccount>();
  for (const a of opts.accounts ?? [{}]) {
    const acc: SmscAccount = {
      login: 'vestnik',
      psw: 's3cret',
      balance: 100,
      senders: ['Vestnik'],
      pricePerPart: 2,
      ...a,
    };
    accounts.set(acc.login, acc);
  }
  const messages = new Map<string, SmscMessage>();
  const undeliverable = new Set<string>();
  const recent = new Map<string, number[]>();
  let nextId = 1;

  const money = (n: number) => (Math.round(n * 100) / 100).toFixed(2);

  const handle = (req: SimRequest): SimReply => {
    const p = req.params;
    const json = p.get('fmt') === '3';
    const fail = (code: number, id?: number): SimReply =>
      json
        ? { body: { error: ERROR_TEXT[code] ?? 'error', error_code: code, ...(id === undefined ? {} : { id }) } }
        : { body: `ERROR = ${code} (${ERROR_TEXT[code] ?? 'error'})${id === undefined ? '' : `, ID - ${id}`}` };
    const path = req.path;
    if (!['/sys/send.php', '/sys/status.php', '/sys/balance.php', '/sys/senders.php'].includes(path)) {
      return { status: 404, body: 'Not Found' };
    }
    const acc = accounts.get(p.get('login') ?? '');
    if (!acc || acc.psw !== p.get('psw')) return fail(2);
    if (acc.ipBlocked) return fail(4);

    /** The same request again within a minute, more than `allowed` times: error 9. */
    const tooOften = (allowed: number): boolean => {
      const key = `${path}?${[...p].sort(([a], [b]) => a.localeCompare(b)).join('&')}`;
      const times = (recent.get(key) ?? []).filter((t) => now() - t < 60_000);
      times.push(now());
      recent.set(key, times);
      return times.length > allowed;
    };
    const text = (raw: string) => (p.get('charset') === 'utf-8' ? raw : Buffer.from(raw, 'utf8').toString('latin1'));

    if (path === '/sys/balance.php') {
      const body =
        p.get('cur') === '1' ? { balance: money(acc.balance), currency: 'RUR' } : { balance: money(acc.balance) };
      return json ? { body } : { body: money(acc.balance) };
    }
    if (path === '/sys/senders.php') {
      if (p.get('get') !== '1') return fail(1);
      return json ? { body: acc.senders.map((sender) => ({ sender })) } : { body: acc.senders.join('\n') };
    }
    if (path === '/sys/status.php') {
      const id = p.get('id');
      const phone = (p.get('phone') ?? '').replace(/[^\d]/g, '');
      if (!id || !phone) return fail(1);
      if (tooOften(5)) return fail(9);
      const m = messages.get(`${id}:${phone}`);
      if (!m || m.login !== acc.login) {
        return { body: json ? { status: -3, last_date: '', last_timestamp: 0, err: 0 } : 'Status = -3' };
      }
      const last = m.sentAt + (m.status === -1 ? 0 : 5000);
      const base = { status: m.status, last_date: smscDate(last), last_timestamp: Math.floor(last / 1000), err: m.err };
      const all =
        p.get('all') === '1'
          ? {
              send_date: smscDate(m.sentAt),
              send_timestamp: Math.floor(m.sentAt / 1000),
              phone: m.phone,
              cost: money(m.cost),
              sender_id: m.sender,
              status_name: SMSC_STATUS_NAME[m.status] ?? '',
              message: m.text,
              type: 0,
              sms_cnt: m.parts,
            }
          : {};
      return json ? { body: { ...base, ...all } } : { body: `Status = ${m.status}, check_time = ${base.last_date}` };
    }

    // send.php
    const mes = p.get('mes');
    const phonesRaw = p.get('phones');
    if (!mes || !phonesRaw) return fail(1);
    const rawId = p.get('id');
    if (rawId !== null && (!/^\d+$/.test(rawId) || Number(rawId) < 1 || Number(rawId) > 2147483647)) return fail(1);
    const sender = p.get('sender') ?? '';
    if (sender && !acc.senders.includes(sender)) return fail(6);
    const phones = phonesRaw
      .split(/[,;]/)
      .map((s) => s.trim().replace(/[^\d]/g, ''))
      .filter(Boolean);
    const valid = phones.filter((ph) => /^\d{10,15}$/.test(ph));
    const deliverable = valid.filter((ph) => !undeliverable.has(ph));
    const costOnly = p.get('cost') === '1';
    if (tooOften(costOnly ? 5 : 1)) return fail(9);
    const id = rawId !== null ? Number(rawId) : nextId++;
    if (costOnly ? valid.length === 0 : valid.length !== phones.length) return fail(7);
    if (deliverable.length === 0 || (!costOnly && deliverable.length !== valid.length)) return fail(8);
    const body = text(mes);
    const parts = partsOf(body);
    const cost = parts * acc.pricePerPart * deliverable.length;
    if (costOnly) {
      return json ? { body: { cost: money(cost), cnt: parts * deliverable.length } } : { body: `${money(cost)}` };
    }
    if (cost > acc.balance) return fail(3, id);
    acc.balance = Math.round((acc.balance - cost) * 100) / 100;
    for (const phone of deliverable) {
      messages.set(`${id}:${phone}`, {
        id,
        login: acc.login,
        phone,
        text: body,
        sender,
        parts,
        cost: parts * acc.pricePerPart,
        status: -1,
        err: 0,
        sentAt: now(),
      });
    }
    const cnt = parts * deliverable.length;
    if (!json) return { body: `OK - ${cnt} SMS, ID - ${id}` };
    const mode = p.get('cost');
    return {
      body:
        mode === '3'
          ? { id, cnt, cost: money(cost), balance: money(acc.balance) }
          : mode === '2'
            ? { id, cnt, cost: money(cost) }
            : { id, cnt },
    };
  };

  const loopback = await startLoopback(handle);
  return {
    url: loopback.url,
    loopback,
    accounts,
    messages,
    undeliverable,
    setStatus(id, phone, status, err = 0) {
      const m = messages.get(`${id}:${phone.replace(/[^\d]/g, '')}`);
      if (!m) throw new Error(`The simulator has no message ${id} to ${phone}`);
      m.status = status;
      m.err = err;
    },
    close: () => loopback.close(),
  };
}
