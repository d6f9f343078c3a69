import vm from 'node:vm';
import type { ErrorClass, Money } from '../../../../shared/domain/providers';
import { retryAfterMs, type HttpRequest, type HttpResponse } from '../http';
import { ProviderError, type Provider, type ProviderFactory, type StatusUpdate } from '../types';

/**
 * Any other HTTP SMS gateway, described by the user: a send URL with placeholders {to} {text} {sender} {id}
 * {token}, GET or POST with a body template (form or JSON), and two regular expressions to read the reply —
 * `idPattern` (first group = the gateway's message id) and `errorPattern` (a match = the gateway refused).
 * An optional balance URL with `balancePattern` (first group = amount, optional second = currency code) lets
 * `check` prove the address and the key work without sending anything.
 *
 * Values are encoded for where they land: percent-encoded in the URL and in a form body ("+7…" → "%2B7…"),
 * JSON-escaped in a JSON body. The user's regexes run on at most 64 KB of the reply and under a time limit, so a
 * pattern that backtracks catastrophically cannot hang the sender. The time limit (node:vm) costs ~0.1 ms a
 * match, so a pattern whose worst case on this reply is provably small runs directly instead (see matchCost).
 * The mapping tables are in http.md.
 */

const PLACEHOLDER = /\{(to|text|sender|id|token)\}/g;
type Key = 'to' | 'text' | 'sender' | 'id' | 'token';
type Encoding = 'url' | 'json';

/** Replies longer than this are cut before the user's patterns see them. */
export const MAX_MATCH_CHARS = 64 * 1024;
/** Time a user pattern may take on one reply. */
const MATCH_TIME_MS = 250;
/** The most backtracking steps (see matchCost) a pattern may need to run without the time limit: ~25 ms. */
const DIRECT_MATCH_COST = 5e7;
const FORM = 'application/x-www-form-urlencoded';

const NO_CHECK_MESSAGE =
  'Настройки сохранены; проверить шлюз без отправки сообщения нельзя — укажите адрес баланса, чтобы проверять ' +
  'адрес и ключ (Settings saved; this gateway cannot be checked without sending a message)';
const UNKNOWN_STATUS_TEXT = 'This gateway is not asked for delivery statuses; the delivery is unknown';

interface Config {
  url: string;
  method: 'GET' | 'POST';
  body: string;
  contentType: string;
  encoding: Encoding;
  idPattern: string;
  errorPattern: string;
  balanceUrl: string;
  balancePattern: string;
}

interface Match {
  text: string;
  group1: string | undefined;
  group2: string | undefined;
}

export const createHttpGateway: ProviderFactory = (ctx) => {
  const timeoutMs = ctx.timeoutMs ?? 30_000;
  const token = ctx.secrets.token ?? '';
  // The user's patterns run in their own context so that a time limit can interrupt them.
  const sandbox = vm.createContext({ pattern: '', input: '' });
  const exec = new vm.Script(
    '(() => { const m = new RegExp(pattern).exec(input); return m && [m[0], m[1], m[2]]; })()',
  );
  // The settings do not change during a provider's life: read and checked once (an error is thrown every time).
  let parsed: { cfg: Config } | { err: unknown } | undefined;
  /** Per pattern: the compiled RegExp and its shape (quantifiers, alternatives), or null when unbounded. */
  const compiled = new Map<string, { re: RegExp; shape: PatternShape | null }>();

  function config(): Config {
    parsed ??= (() => {
      try {
        return { cfg: readConfig() };
      } catch (err) {
        return { err };
      }
    })();
    if ('err' in parsed) throw parsed.err;
    return parsed.cfg;
  }

  function readConfig(): Config {
    const s = ctx.settings;
    const url = s.url?.trim() ?? '';
    if (!url) throw new ProviderError('account', 'Gateway: the send URL is not set', 'no_url');
    const method = (s.method?.trim() || 'GET').toUpperCase();
    if (method !== 'GET' && method !== 'POST') {
      throw new ProviderError('account', `Gateway: the method must be GET or POST, not ${method}`, 'bad_method');
    }
    const contentType = s.contentType?.trim() || FORM;
    const cfg: Config = {
      url,
      method,
      body: s.body ?? '',
      contentType,
      encoding: /json/i.test(contentType) ? 'json' : 'url',
      idPattern: s.idPattern ?? '',
      errorPattern: s.errorPattern ?? '',
      balanceUrl: s.balanceUrl?.trim() ?? '',
      balancePattern: s.balancePattern ?? '',
    };
    for (const key of ['idPattern', 'errorPattern', 'balancePattern'] as const) {
      if (!cfg[key]) continue;
      try {
        new RegExp(cfg[key]);
      } catch (err) {
        throw new ProviderError(
          'account',
          `Gateway: ${key} is not a valid regular expression (${err instanceof Error ? err.message : String(err)})`,
          'bad_pattern',
        );
      }
    }
    return cfg;
  }

  function values(v: Partial<Record<Key, string>>): Record<Key, string> {
    return {
      to: v.to ?? '',
      text: v.text ?? '',
      sender: v.sender ?? ctx.settings.sender ?? '',
      id: v.id ?? '',
      token,
    };
  }

  /** The address filled in and parsed (the HTTP client takes it as parsed). */
  function target(template: string, vals: Record<Key, string>, what: string): URL {
    const url = fill(template, vals, 'url');
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new ProviderError('account', `Gateway: the ${what} is not a valid address`, 'bad_url');
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new ProviderError('account', `Gateway: the ${what} must start with http:// or https://`, 'bad_url');
    }
    return parsed;
  }

  function request(cfg: Config, vals: Record<Key, string>): HttpRequest {
    const req: HttpRequest = { method: cfg.method, url: target(cfg.url, vals, 'send URL'), timeoutMs };
    if (cfg.method === 'POST') {
      req.body = fill(cfg.body, vals, cfg.encoding);
      req.headers = { 'content-type': cfg.contentType };
    }
    return req;
  }

  /** Runs a user pattern on (the first 64 KB of) a reply; null when it does not match. */
  function match(pattern: string, reply: string, what: string): Match | null {
    const input = reply.length > MAX_MATCH_CHARS ? reply.slice(0, MAX_MATCH_CHARS) : reply;
    let c = compiled.get(pattern);
    if (!c) compiled.set(pattern, (c = { re: new RegExp(pattern), shape: patternShape(pattern) }));
    if (c.shape && matchCost(c.shape, pattern.length, input.length) <= DIRECT_MATCH_COST) {
      const m = c.re.exec(input);
      return m && { text: m[0], group1: m[1] ?? undefined, group2: m[2] ?? undefined };
    }
    sandbox.pattern = pattern;
    sandbox.input = input;
    let m: unknown;
    try {
      m = exec.runInContext(sandbox, { timeout: MATCH_TIME_MS });
    } catch {
      throw new ProviderError(
        'unknown_outcome',
        `Gateway: ${what} took too long on the reply; simplify the regular expression`,
        'pattern_timeout',
      );
    } finally {
      sandbox.input = '';
    }
    if (!Array.isArray(m)) return null;
    const [text, group1, group2] = m as (string | undefined)[];
    return { text: text ?? '', group1: group1 ?? undefined, group2: group2 ?? undefined };
  }

  /** The gateway's words for a reply: the error pattern's first group, or the start of the reply. */
  function words(res: HttpResponse, refusal: Match | null): string {
    const w = refusal ? (refusal.group1 ?? refusal.text) : res.text;
    const s = w.replace(/\s+/g, ' ').trim().slice(0, 200);
    return (token ? s.split(token).join('***') : s) || `HTTP ${res.status}`;
  }

  function fail(cls: ErrorClass, res: HttpResponse, refusal: Match | null, extra = ''): ProviderError {
    const wait = cls === 'retryable' ? retryAfterMs(res.headers, ctx.clock.now().getTime()) : undefined;
    return new ProviderError(cls, `Gateway: ${words(res, refusal)}${extra}`, String(res.status), wait);
  }

  /** HTTP status and the error pattern → an error, or null when the reply is an acceptance. */
  function refusal(res: HttpResponse, cfg: Config, op: 'send' | 'read'): ProviderError | null {
    const s = res.status;
    const refused = cfg.errorPattern ? match(cfg.errorPattern, res.text, 'errorPattern') : null;
    if (s === 401 || s === 403 || s === 404 || s === 405 || s === 407 || s === 410) {
      return fail('account', res, refused, ` (HTTP ${s})`);
    }
    if (s === 408 || s === 429 || s === 503) return fail('retryable', res, refused, ` (HTTP ${s})`);
    if (s >= 500) {
      // A gateway that crashed or a proxy that timed out may already have passed the message on; only the
      // gateway's own words of refusal (the error pattern) prove it did not.
      if (refused || op === 'read') return fail('retryable', res, refused, ` (HTTP ${s})`);
      return fail('unknown_outcome', res, null, ` (HTTP ${s}; the message may have been accepted)`);
    }
    if (s >= 300 && s < 400) {
      const where = res.headers.location;
      return fail('account', res, null, ` (HTTP ${s}: the address redirects${where ? ` to ${String(where)}` : ''})`);
    }
    if (refused) return fail(op === 'send' ? 'recipient' : 'account', res, refused);
    if (s >= 400) return fail(op === 'send' ? 'recipient' : 'account', res, null, ` (HTTP ${s})`);
    return null;
  }

  async function fetchBalance(cfg: Config): Promise<{ balance: Money | null; res: HttpResponse }> {
    const res = await ctx.http.request({
      method: 'GET',
      url: target(cfg.balanceUrl, values({}), 'balance URL'),
      timeoutMs,
    });
    const err = refusal(res, cfg, 'read');
    if (err) throw err;
    if (!cfg.balancePattern) return { balance: null, res };
    const m = match(cfg.balancePattern, res.text, 'balancePattern');
    const amount = m?.group1 !== undefined ? Number(m.group1.replace(/[\s\u00a0]/g, '').replace(',', '.')) : NaN;
    if (!Number.isFinite(amount)) {
      throw fail('account', res, null, ' (the balance was not found in the reply: check balancePattern)');
    }
    const currency = m?.group2 && /^[A-Za-z]{3}$/.test(m.group2) ? m.group2.toUpperCase() : 'RUB';
    return { balance: { amount, currency }, res };
  }

  const provider: Provider = {
    id: 'http',
    channel: 'sms',
    async check() {
      const cfg = config();
      // Prove the templates make a valid request before anything is sent with them.
      const sample = request(cfg, values({ to: '+79000000000', text: 'Проверка "1"', id: 'check' }));
      if (cfg.method === 'POST' && cfg.encoding === 'json' && cfg.body.trim()) {
        try {
          JSON.parse(sample.body ?? '');
        } catch {
          throw new ProviderError(
            'account',
            'Gateway: the body template is not valid JSON once filled in (put placeholders inside quotes: "{text}")',
            'bad_body',
          );
        }
      }
      if (!cfg.balanceUrl) return { message: NO_CHECK_MESSAGE, balance: null, senders: null };
      const { balance, res } = await fetchBalance(cfg);
      return {
        message: balance
          ? `Gateway balance: ${balance.amount} ${balance.currency}`
          : `Gateway answered: ${words(res, null)}`,
        balance,
        senders: null,
      };
    },
    async balance() {
      const cfg = config();
      if (!cfg.balanceUrl || !cfg.balancePattern) return null;
      return (await fetchBalance(cfg)).balance;
    },
    cost: () => Promise.resolve(null),
    async send(message) {
      const cfg = config();
      const res = await ctx.http.request(
        request(
          cfg,
          values({
            to: message.to,
            text: message.text,
            id: message.id,
            ...(message.sender ? { sender: message.sender } : {}),
          }),
        ),
      );
      const err = refusal(res, cfg, 'send');
      if (err) throw err;
      let providerId = message.id;
      if (cfg.idPattern) {
        const m = match(cfg.idPattern, res.text, 'idPattern');
        const id = m ? (m.group1 ?? m.text) : '';
        if (!id) {
          throw new ProviderError(
            'unknown_outcome',
            `Gateway: the reply has no message id (idPattern did not match): ${words(res, null)}`,
            String(res.status),
          );
        }
        providerId = id;
      }
      return {
        providerIds: [providerId],
        update: {
          status: 'sent',
          providerCode: String(res.status),
          providerText: `Accepted by the gateway: ${words(res, null)}`,
          at: ctx.clock.now().toISOString(),
        },
      };
    },
    status(): Promise<StatusUpdate> {
      return Promise.resolve({ status: 'unknown', providerCode: 'no_status_url', providerText: UNKNOWN_STATUS_TEXT });
    },
  };
  return provider;
};

export interface PatternShape {
  /** Quantifiers (*, +, ?, {n,m}), none of them on a group. */
  quantifiers: number;
  /** Alternatives (|). */
  bars: number;
}

/**
 * The shape of a pattern whose backtracking is bounded by it, or null: no quantifier on a group (so none inside
 * another, and no repeated alternation), no backreferences, no lookarounds. Such a pattern tries at most
 * (n + 1)^quantifiers ways from each of the n + 1 start positions of an n-character input, times its
 * alternatives; the classic catastrophes — (a+)+, (a|a)*, (x+x+)+y — all quantify a group and are refused.
 */
export function patternShape(pattern: string): PatternShape | null {
  let quantifiers = 0;
  let bars = 0;
  // What a quantifier here would apply to.
  let prev: 'nothing' | 'atom' | 'group' | 'quantifier' = 'nothing';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\') {
      const next = pattern[i + 1] ?? '';
      if (/[1-9k]/.test(next)) return null; // a backreference
      i += 1;
      prev = 'atom';
    } else if (ch === '[') {
      for (i += 1; i < pattern.length && pattern[i] !== ']'; i++) if (pattern[i] === '\\') i += 1;
      prev = 'atom';
    } else if (ch === '(') {
      if (pattern[i + 1] === '?') {
        const named = /^\(\?<[A-Za-z_$][\w$]*>/.exec(pattern.slice(i, i + 200));
        if (pattern[i + 2] === ':') i += 2;
        else if (named) i += named[0].length - 1;
        else return null; // a lookaround or a modifier group
      }
      prev = 'nothing';
    } else if (ch === ')') {
      prev = 'group';
    } else if (ch === '*' || ch === '+' || ch === '?' || (ch === '{' && /^\{\d+(,\d*)?\}/.test(pattern.slice(i)))) {
      if (prev === 'quantifier' && ch === '?') continue; // lazy: the same choices in another order
      if (prev !== 'atom') return null;
      if (ch === '{') i = pattern.indexOf('}', i);
      quantifiers += 1;
      prev = 'quantifier';
    } else if (ch === '|') {
      bars += 1;
      prev = 'nothing';
    } else if (ch === '^' || ch === '$') {
      prev = 'nothing';
    } else {
      prev = 'atom';
    }
  }
  return { quantifiers, bars };
}

/** An upper bound of the steps a pattern of this shape and length takes on an input of this length. */
export function matchCost(shape: PatternShape, patternLength: number, inputLength: number): number {
  return (inputLength + 1) ** (shape.quantifiers + 1) * 2 ** shape.bars * Math.max(1, patternLength);
}

/** Fills the placeholders in one pass (a value containing "{text}" is not expanded again). */
function fill(template: string, vals: Record<Key, string>, encoding: Encoding): string {
  return template.replace(PLACEHOLDER, (_, key: Key) => {
    const v = vals[key];
    return encoding === 'json' ? JSON.stringify(v).slice(1, -1) : encodeURIComponent(v);
  });
}
