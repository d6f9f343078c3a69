import { countSms } from '../../../../shared/domain/sms';
import { retryAfterMs, type HttpResponse } from '../http';
import {
  ProviderError,
  type CallbackRequest,
  type OutMessage,
  type Provider,
  type ProviderFactory,
  type StatusUpdate,
} from '../types';

/**
 * Kannel, the user's own SMS gateway (https://www.kannel.org), through smsbox's `sendsms` HTTP interface: one
 * GET per message with the `sendsms-user`'s credentials. Kannel gives no message id, has no balance, cost or
 * status call; what happens after the gateway took a message comes only as delivery reports, which smsbox
 * sends to the `dlr-url` we give it (our local callback listener) and parseCallback() reads.
 * Mapping tables and the reasons behind them: ./kannel.md.
 */

const DEFAULT_URL = 'http://127.0.0.1:13013/cgi-bin/sendsms';
/** Reports asked for: 1 delivered, 2 undelivered, 4 buffered at the SMSC, 8 accepted by the SMSC, 16 rejected. */
const DLR_MASK = '31';

/**
 * Parameters we append to the callback URL. Kannel fills `%d` (report type), `%A` (the SMSC's reply) and `%T`
 * (unix time) when it calls back. They go last, so parseCallback reads the last value of each name and a
 * parameter of the same name already in the base URL cannot mislead it.
 */
const P = { id: 'id', type: 'type', reply: 'reply', time: 'time' } as const;

type Status = StatusUpdate['status'];

/** Kannel's delivery report types (the `%d` bitmask) → our status, most decisive bit first. */
const DLR_BITS: readonly { bit: number; status: Status; text: string }[] = [
  { bit: 1, status: 'delivered', text: 'delivered to the phone' },
  { bit: 2, status: 'failed', text: 'not delivered' },
  { bit: 16, status: 'failed', text: 'rejected by the SMSC' },
  { bit: 8, status: 'sent', text: 'accepted by the SMSC' },
  { bit: 4, status: 'queued', text: 'buffered at the SMSC' },
  { bit: 32, status: 'sent', text: 'intermediate report: still on its way' },
];

export const createKannel: ProviderFactory = (ctx) => {
  const url = ctx.settings.url?.trim() || DEFAULT_URL;
  const username = ctx.settings.username?.trim() ?? '';
  const password = ctx.secrets.password ?? '';
  const smsc = ctx.settings.smsc?.trim() ?? '';
  const timeoutMs = ctx.timeoutMs ?? 30_000;
  const host = hostOf(url);
  const validUrl = host !== undefined;

  function sendsmsUrl(params: [string, string][]): string {
    const query = new URLSearchParams([['username', username], ['password', password], ...params]).toString();
    return `${url}${url.includes('?') ? '&' : '?'}${query}`;
  }

  /** The dlr-url for a message: our listener's URL with the message id and Kannel's escapes, or none. */
  function dlrUrl(messageId: string): string | undefined {
    const base = ctx.callbackUrl?.(messageId);
    if (!base) return undefined;
    const sep = !base.includes('?') ? '?' : base.endsWith('?') || base.endsWith('&') ? '' : '&';
    // Kannel treats every `%` in the dlr-url as the start of an escape (and `%A` in a percent-encoded id, say
    // `%C3%A9`, would become the SMSC's reply), so our own `%`s are doubled: `%%` is Kannel's literal `%`.
    const ours = `${base}${sep}${P.id}=${encodeURIComponent(messageId)}`.replaceAll('%', '%%');
    return `${ours}&${P.type}=%d&${P.reply}=%A&${P.time}=%T`;
  }

  async function get(kind: 'read' | 'send', params: [string, string][]): Promise<HttpResponse> {
    if (!validUrl) throw new ProviderError('account', `Kannel: not a valid sendsms address: "${url}"`, 'bad_url');
    try {
      return await ctx.http.request({ method: 'GET', url: sendsmsUrl(params), timeoutMs });
    } catch (err) {
      const e =
        err instanceof ProviderError
          ? err
          : new ProviderError(kind === 'send' ? 'unknown_outcome' : 'retryable', String(err));
      // A read that lost its answer changed nothing: it is safe to ask again.
      const errorClass = kind === 'read' && e.errorClass === 'unknown_outcome' ? 'retryable' : e.errorClass;
      throw new ProviderError(errorClass, `Kannel: ${e.message}`, e.providerCode, e.retryAfterMs);
    }
  }

  const provider: Provider = {
    id: 'kannel',
    channel: 'sms',
    /**
     * Kannel has no account call. A sendsms request with an empty `to` checks the login first and then
     * refuses the empty receiver, so it proves the gateway answers and the login is accepted without sending
     * anything: 400 "Empty receiver number not allowed" means the login is good, 403 means it is not.
     */
    async check() {
      if (!username) throw new ProviderError('account', 'Kannel: the sendsms username is not set');
      const res = await get('read', [['to', '']]);
      const words = res.text.trim();
      if (res.status === 400 && /receiver/i.test(words)) {
        return {
          message:
            `Kannel at ${host ?? url} answers and accepts the login "${username}" ` +
            `(a test request without a recipient was refused as it should be: "${words}")`,
          balance: null,
          senders: null,
        };
      }
      throw replyError('read', res, ctx.clock.now().getTime());
    },
    balance: () => Promise.resolve(null),
    cost: () => Promise.resolve(null),
    async send(message: OutMessage) {
      const to = message.to.trim();
      // Kannel splits `to` at spaces and sends to each part: one message must never become several.
      if (!to || /\s/.test(to)) {
        throw new ProviderError('recipient', `Kannel: not a single phone number: "${message.to}"`, 'bad_number');
      }
      const sms = countSms(message.text);
      const params: [string, string][] = [
        // E.164 with its plus: URLSearchParams encodes it as %2B (a raw + would reach Kannel as a space).
        ['to', to],
        ['text', message.text],
        ['charset', 'UTF-8'],
        ['coding', sms.encoding === 'ucs2' ? '2' : '0'],
      ];
      const from = message.sender?.trim() || ctx.settings.from?.trim();
      if (from) params.push(['from', from]);
      if (smsc) params.push(['smsc', smsc]);
      const dlr = dlrUrl(message.id);
      if (dlr) params.push(['dlr-mask', DLR_MASK], ['dlr-url', dlr]);

      const res = await get('send', params);
      if (res.status < 200 || res.status > 299) throw replyError('send', res, ctx.clock.now().getTime());
      const words = res.text.trim();
      const code = /^(\d+):/.exec(words)?.[1];
      const update: StatusUpdate =
        code === '0'
          ? { status: 'sent', providerCode: '0', providerText: words }
          : code === '3'
            ? {
                status: 'queued',
                providerCode: '3',
                providerText:
                  `${words} — Kannel has no live link to the operator now; ` +
                  'it keeps the message and sends it when the link is back',
              }
            : // Taken (2xx) without saying whether a link is up (e.g. "Sent." with immediate-sendsms-reply).
              { status: 'queued', providerCode: code ?? `http_${res.status}`, providerText: words || 'Accepted' };
      return {
        // Kannel gives no id of its own: ours identifies the message (and travels in the dlr-url).
        providerIds: [message.id],
        update: { ...update, at: ctx.clock.now().toISOString() },
        parts: Math.max(1, sms.parts),
      };
    },
    /**
     * Kannel has no status call. What it knows comes as delivery reports, kept by the core as they arrive;
     * here there is nothing to add, so the answer is an honest `unknown` (which the core does not let hide a
     * status a report already set).
     */
    status() {
      return Promise.resolve({
        status: 'unknown',
        providerText: 'Kannel has no status query; the status comes from its delivery reports',
      });
    },
    parseCallback(req: CallbackRequest) {
      const id = last(req.query, P.id);
      const type = Number(last(req.query, P.type));
      if (!id || !Number.isInteger(type) || type <= 0) return [];
      const reply = last(req.query, P.reply)?.trim() ?? '';
      const seconds = Number(last(req.query, P.time));
      const hit = DLR_BITS.find((b) => (type & b.bit) !== 0);
      const status: Status = hit?.status ?? 'unknown';
      // 34 = 32 | 2: an intermediate report that says the message expired undelivered.
      const text = type === 34 ? 'expired: not delivered' : (hit?.text ?? 'unknown report type');
      return [
        {
          messageId: id,
          update: {
            status,
            providerCode: String(type),
            providerText: reply || `Kannel delivery report ${type}: ${text}`,
            at: Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000).toISOString() : undefined,
          },
        },
      ];
    },
  };
  return provider;
};

/** A sendsms reply that is not a 2xx acceptance, as a ProviderError in Kannel's words. */
function replyError(kind: 'read' | 'send', res: HttpResponse, now: number): ProviderError {
  const words = res.text.trim().slice(0, 200) || `HTTP ${res.status}`;
  const code = `http_${res.status}`;
  const say = (more?: string) => `Kannel: ${words}${more ? ` (${more})` : ''}`;
  if (res.status === 503) {
    // "Temporal failure, try again later.": bearerbox's queue is full (or it could not take the message).
    return new ProviderError('retryable', say(), code, retryAfterMs(res.headers, now));
  }
  if (res.status === 400) {
    if (/denied by white- and\/or black-lists|receiver number|garbage 'to'/i.test(words)) {
      return new ProviderError('recipient', say(), code);
    }
    if (/sender missing/i.test(words)) {
      return new ProviderError('account', say('set a sender in the account, or a default sender in Kannel'), code);
    }
    // Anything else Kannel refuses as malformed would be refused for every message alike.
    return new ProviderError('account', say(), code);
  }
  if (res.status === 401 || res.status === 403) {
    if (/not routable/i.test(words)) {
      return new ProviderError(
        'account',
        say('no link to the operator routes this number: a stopped link, a wrong SMSC name, or a denied prefix'),
        code,
      );
    }
    return new ProviderError('account', say('check the username and password of the sendsms-user'), code);
  }
  if (res.status === 404) return new ProviderError('account', say('check the sendsms address'), code);
  if (res.status >= 500) {
    return kind === 'send'
      ? new ProviderError('unknown_outcome', say('the message may have been accepted'), code)
      : new ProviderError('retryable', say(), code);
  }
  return new ProviderError('account', say(`unexpected HTTP ${res.status}`), code);
}

/** The last value of a query parameter: ours are appended after anything the base URL had. */
function last(query: URLSearchParams, name: string): string | undefined {
  return query.getAll(name).at(-1);
}

function hostOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.host : undefined;
  } catch {
    return undefined;
  }
}
