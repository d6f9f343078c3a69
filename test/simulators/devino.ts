// A SIMULATOR of Devino Telecom's REST API v1 (https://integrationapi.net/rest), not the real service. It follows
// the documented contract (Devino's httpapi.rst, summarised in shared/PROVIDERS.md §1):
// - GET  User/SessionId?login&password → a quoted session id, valid 120 minutes;
// - GET  User/Balance?SessionID → a number;
// - POST Sms/Send (urlencoded: SessionID, DestinationAddress, SourceAddress, Data[, Validity, SendDate]) → a JSON
//   array of ids, one per segment (70 Cyrillic / 160 Latin characters in one, 67 / 153 per part when cut);
// - GET  Sms/State?sessionId&messageId → {State, CreationDateUtc, SubmittedDateUtc, ReportedDateUtc, TimeStampUtc,
//   StateDescription, Price}; an id it does not know answers State 255;
// - errors as {Code, Desc} with the documented HTTP status: 1 null/empty argument (400), 2 invalid argument (400),
//   3 invalid session id (400), 4 unauthorized (401), 5 not enough credits (403), 6 invalid operation (400),
//   7 forbidden (403), 8 gateway error (500), 9 internal error (500).
// Parameter names are matched case-insensitively, as the ASP.NET service does (the doc spells them both ways).
// State lives in memory: accounts (credentials, balance, registered senders, blocked), sessions (expiring by the
// injected clock), and sent segments whose State a test advances with setState().
import { randomUUID } from 'node:crypto';
import { startLoopback, type Loopback, type SimReply, type SimRequest } from './loopback';

export interface DevinoAccount {
  login: string;
  password: string;
  balance: number;
  /** Registered sender names (SourceAddress). */
  senders: string[];
  /** Price of one segment. */
  pricePerPart: number;
  /** A disabled user or an address not on the account's IP list: 403 Forbidden. */
  blocked?: boolean;
}

export interface DevinoSegment {
  id: string;
  login: string;
  to: string;
  from: string;
  text: string;
  part: number;
  parts: number;
  state: number;
  createdAt: number;
  price: number;
}

export interface DevinoSim {
  /** The API address to put in the account's baseUrl (…/rest). */
  baseUrl: string;
  loopback: Loopback;
  accounts: Map<string, DevinoAccount>;
  segments: Map<string, DevinoSegment>;
  sessions: Map<string, { login: string; createdAt: number }>;
  /** Numbers the operator refuses at once (answered as an invalid destination address). */
  badNumbers: Set<string>;
  setState(segmentId: string, state: number): void;
  /** Forgets every session, as after a restart of Devino's side: the next call with an old id gets 401. */
  dropSessions(): void;
  close(): Promise<void>;
}

const SESSION_TTL_MS = 120 * 60_000;

/** StateDescription texts of the REST doc's table 11. */
export const DEVINO_STATE_TEXT: Readonly<Record<number, string>> = {
  [-1]: 'Отправлено (передано в мобильную сеть)',
  [-2]: 'В очереди',
  47: 'Удалено',
  [-98]: 'Остановлено',
  0: 'Доставлено абоненту',
  10: 'Неверно введен адрес отправителя',
  11: 'Неверно введен адрес получателя',
  41: 'Недопустимый адрес получателя',
  42: 'Отклонено смс-центром',
  46: 'Просрочено (истек срок жизни сообщения)',
  48: 'Отклонено Платформой',
  69: 'Отклонено',
  99: 'Неизвестный',
  255: 'Неизвестный',
};

const GSM_BASIC = /^[A-Za-z0-9 \n\r@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!"#¤%&'()*+,\-./:;<=>?¡ÄÖÑÜ§¿äöñüà^{}\\[~\]|€]*$/;

/** Segments the way the doc describes: 160 / 70 in one, 153 / 67 per part when cut. */
function segmentsOf(text: string): number {
  const gsm = GSM_BASIC.test(text);
  const len = gsm ? text.length : [...text].reduce((n, ch) => n + ch.length, 0);
  const single = gsm ? 160 : 70;
  const multi = gsm ? 153 : 67;
  return len <= single ? 1 : Math.ceil(len / multi);
}

const msDate = (ms: number | null) => (ms === null ? null : `/Date(${ms})/`);

export async function startDevinoSim(
  opts: { now?: () => number; accounts?: DevinoAccount[] } = {},
): Promise<DevinoSim> {
  const now = opts.now ?? (() => Date.now());
  const accounts = new Map<string, DevinoAccount>();
  for (const a of opts.accounts ?? [
    { login: 'vestnik', password: 's3cret', balance: 100, senders: ['Vestnik'], pricePerPart: 2.5 },
  ]) {
    accounts.set(a.login, { ...a });
  }
  const segments = new Map<string, DevinoSegment>();
  const sessions = new Map<string, { login: string; createdAt: number }>();
  const badNumbers = new Set<string>();
  let nextId = 579700854169272358n;

  const error = (status: number, code: number, desc: string): SimReply => ({
    status,
    body: { Code: code, Desc: desc },
  });

  /** Case-insensitive parameter lookup. */
  const param = (req: SimRequest, name: string): string | undefined => {
    for (const [k, v] of req.params) if (k.toLowerCase() === name.toLowerCase()) return v;
    return undefined;
  };

  const authorise = (req: SimRequest): DevinoAccount | SimReply => {
    const sid = param(req, 'SessionID');
    if (!sid) return error(400, 1, 'SessionID can not be null or empty Parameter name: sessionId');
    if (!/^[A-Za-z0-9-]{32,36}$/.test(sid)) return error(400, 3, 'Invalid session id');
    const s = sessions.get(sid);
    if (!s || now() - s.createdAt >= SESSION_TTL_MS) {
      sessions.delete(sid);
      return error(401, 4, 'SessionID expired');
    }
    const account = accounts.get(s.login);
    if (!account) return error(401, 4, 'SessionID expired');
    if (account.blocked) return error(403, 7, 'Forbidden');
    return account;
  };

  const handle = (req: SimRequest): SimReply => {
    const path = req.path.toLowerCase().replace(/^\/rest/, '');
    if (path === '/user/sessionid') {
      if (req.method !== 'GET' && req.method !== 'POST') return error(400, 6, 'Invalid operation');
      const login = param(req, 'login');
      const password = param(req, 'password');
      if (!login || !password) return error(400, 1, 'Login and password can not be null or empty');
      const account = accounts.get(login);
      if (!account || account.password !== password) return error(401, 4, 'Invalid user login or password');
      const sid = randomUUID().replace(/-/g, '').toUpperCase().padEnd(36, '0');
      sessions.set(sid, { login, createdAt: now() });
      return { body: JSON.stringify(sid), headers: { 'content-type': 'application/json; charset=utf-8' } };
    }
    if (path === '/user/balance') {
      const a = authorise(req);
      if (!('login' in a)) return a;
      return { body: JSON.stringify(a.balance), headers: { 'content-type': 'application/json; charset=utf-8' } };
    }
    if (path === '/sms/send') {
      if (req.method !== 'POST') return error(400, 6, 'Invalid operation: use POST');
      const a = authorise(req);
      if (!('login' in a)) return a;
      const to = param(req, 'DestinationAddress');
      const from = param(req, 'SourceAddress');
      const data = param(req, 'Data');
      if (!to) return error(400, 1, 'DestinationAddress can not be null or empty');
      if (!from) return error(400, 1, 'SourceAddress can not be null or empty');
      if (!data) return error(400, 1, 'Data can not be null or empty');
      if (data.length > 2000) return error(400, 2, 'Data length must not exceed 2000 characters');
      if (!/^(?:[A-Za-z0-9 ._-]{1,11}|\d{1,15})$/.test(from) || !a.senders.includes(from)) {
        return error(400, 6, 'Invalid source address');
      }
      const digits = to.replace(/^\+/, '');
      if (!/^\d{10,15}$/.test(digits) || badNumbers.has(digits)) {
        return error(400, 2, 'Invalid destination address');
      }
      const parts = segmentsOf(data);
      const price = parts * a.pricePerPart;
      if (price > a.balance) return error(403, 5, 'Not enough credits');
      a.balance = Math.round((a.balance - price) * 100) / 100;
      const ids: string[] = [];
      for (let part = 1; part <= parts; part++) {
        const id = String(nextId++);
        ids.push(id);
        segments.set(id, {
          id,
          login: a.login,
          to: digits,
          from,
          text: data,
          part,
          parts,
          state: -2,
          createdAt: now(),
          price: a.pricePerPart,
        });
      }
      return { body: ids };
    }
    if (path === '/sms/state') {
      const a = authorise(req);
      if (!('login' in a)) return a;
      const id = param(req, 'messageId');
      if (!id) return error(400, 1, 'MessageID can not be null or empty Parameter name: messageId');
      const s = segments.get(id);
      if (!s || s.login !== a.login) {
        return {
          body: {
            State: 255,
            CreationDateUtc: null,
            SubmittedDateUtc: null,
            ReportedDateUtc: null,
            TimeStampUtc: '/Date(-62135596800000)/',
            StateDescription: DEVINO_STATE_TEXT[255],
            Price: null,
          },
        };
      }
      const submitted = s.state === -2 ? null : s.createdAt + 1000;
      const reported = s.state === -2 || s.state === -1 ? null : s.createdAt + 5000;
      return {
        body: {
          State: s.state,
          CreationDateUtc: msDate(s.createdAt),
          SubmittedDateUtc: msDate(submitted),
          ReportedDateUtc: msDate(reported),
          TimeStampUtc: msDate(reported ?? submitted ?? s.createdAt),
          StateDescription: DEVINO_STATE_TEXT[s.state] ?? 'Неизвестный',
          Price: s.price,
        },
      };
    }
    return { status: 404, body: 'Not Found' };
  };

  const loopback = await startLoopback(handle);
  return {
    baseUrl: `${loopback.url}/rest`,
    loopback,
    accounts,
    segments,
    sessions,
    badNumbers,
    setState(segmentId, state) {
      const s = segments.get(segmentId);
      if (!s) throw new Error(`The simulator has no segment ${segmentId}`);
      s.state = state;
    },
    dropSessions: () => sessions.clear(),
    close: () => loopback.close(),
  };
}
