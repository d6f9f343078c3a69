import { Readable } from 'node:stream';
import { createTransport, type NodemailerError, type SendMailOptions } from 'nodemailer';
import { normalizeEmail } from '../../../../shared/domain/email';
import { ProviderError, type OutMessage, type Provider, type ProviderFactory, type StatusUpdate } from '../types';

/**
 * E-mail over SMTP (nodemailer): one pooled transport per account — up to 5 connections, each kept open for any
 * number of messages (a new connection per message manages ~10 messages/s; a pool, thousands). nodemailer's own
 * re-sending of a message whose connection closed is off: whether to send again is the dispatcher's decision
 * (a connection lost after the data went out is `unknown_outcome`, never retried on our own). The mapping
 * of SMTP replies and nodemailer errors onto our statuses and error classes is in ./smtp.md.
 *
 * What SMTP can and cannot tell: a 250 after the message means the server took responsibility for it — that is
 * `sent`, and it is all we ever learn (no delivery reports here: bounces come back later as e-mail). So status()
 * answers `sent`. An error reply says exactly what happened; a connection that breaks after the message data
 * started going out leaves the outcome unknown, so only that case is `unknown_outcome`.
 *
 * Nothing a user types can make a header: every value that lands in a header (names, subject, the sender, the
 * unsubscribe targets, picture names) has its control characters replaced by spaces first, the addresses are
 * checked with the same plain rule as the rest of the app, and nodemailer encodes what remains.
 */

type Security = 'none' | 'starttls' | 'tls';

/** Per-send state shared with the stream plugin below: whether the message data has started going out. */
interface Delivery {
  bodyStarted: boolean;
}
interface TrackedMail extends SendMailOptions {
  vestnikDelivery?: Delivery;
}

const DEFAULT_PORT: Record<Security, number> = { none: 25, starttls: 587, tls: 465 };
/** Connections per account: nodemailer's default, and what most servers accept from one client. */
const POOL_CONNECTIONS = 5;

/** System codes that mean the connection never got to the server: nothing was sent. */
const NOT_CONNECTED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EADDRNOTAVAIL',
]);
const CERT_PROBLEM = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ALTNAME|INVALID_CA|PATH_LENGTH/;
const SETUP_TIMEOUTS = new Set(['CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'UPGRADE_TIMEOUT']);
/** A 5xx that is about the sending account rather than the recipient or the message. */
const ACCOUNT_LIMIT = /\b5\.4\.5\b|sending (?:quota|limit)|daily [a-z ]*limit/i;
const RELAY_OR_AUTH = /relay|authentication required|must authenticate|not authenticated|\b5\.7\.0\b/i;
// C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
// eslint-disable-next-line no-control-regex -- control characters are exactly what this matches
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/**
 * One line of header text: C0 and C1 control characters, DEL and the Unicode line/paragraph separators become
 * spaces (so "\r\nBcc: x" can never start a header line), runs of spaces one, ends trimmed.
 */
export function headerText(value: string | undefined): string {
  return (value ?? '').replace(CONTROLS, ' ').replace(/ {2,}/g, ' ').trim();
}

/** An address as given if it passes the app's plain e-mail rule (no spaces, commas, brackets, controls). */
function plainAddress(value: string | undefined): string | null {
  const v = (value ?? '').trim();
  return v && normalizeEmail(v) ? v : null;
}

const quoteForMessage = (value: string) => JSON.stringify(headerText(value).slice(0, 120));

export const createSmtp: ProviderFactory = (ctx) => {
  const s = ctx.settings;
  const security: Security = s.security === 'none' || s.security === 'tls' ? s.security : 'starttls';
  const host = (s.host ?? '').trim();
  const port = s.port?.trim() ? Number(s.port) : DEFAULT_PORT[security];
  const username = (s.username ?? '').trim();
  const password = ctx.secrets.password ?? '';
  const allowSelfSigned = s.allowSelfSigned === 'true';
  const from = plainAddress(s.from);
  const fromName = headerText(s.fromName);
  const timeoutMs = ctx.timeoutMs ?? 30_000;
  const server = `${host}:${port}`;
  const label = `SMTP ${server}`;

  const unsubscribeUrl = parseUnsubscribeUrl(s.unsubscribeUrl);
  const unsubscribeMailto = parseUnsubscribeMailto(s.unsubscribeMailto);

  /** A settings problem found up front: thrown by check() and send() without connecting. */
  const configError = ((): ProviderError | null => {
    const bad = (text: string, code: string) => new ProviderError('account', text, code);
    if (!host || /[\s/]/.test(host))
      return bad(`SMTP: the server name ${quoteForMessage(host)} is not valid`, 'settings');
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      return bad(`SMTP: the port ${quoteForMessage(s.port ?? '')} is not a port number (1–65535)`, 'settings');
    }
    if (!from)
      return bad(`SMTP: the sender address ${quoteForMessage(s.from ?? '')} is not an e-mail address`, 'settings');
    if (unsubscribeUrl === false) {
      return bad(
        `SMTP: the unsubscribe link ${quoteForMessage(s.unsubscribeUrl ?? '')} is not an http(s) URL`,
        'settings',
      );
    }
    if (unsubscribeMailto === false) {
      return bad(
        `SMTP: the unsubscribe address ${quoteForMessage(s.unsubscribeMailto ?? '')} is not an e-mail address`,
        'settings',
      );
    }
    return null;
  })();

  const transporter = createTransport({
    pool: true,
    maxConnections: POOL_CONNECTIONS,
    maxMessages: Infinity,
    maxRequeues: 0,
    host,
    port,
    secure: security === 'tls',
    requireTLS: security === 'starttls',
    ignoreTLS: security === 'none',
    auth: username ? { user: username, pass: password } : undefined,
    tls: { rejectUnauthorized: !allowSelfSigned },
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    dnsTimeout: timeoutMs,
    // Message content is only ever what we hand over: never a file path or a URL to fetch.
    disableFileAccess: true,
    disableUrlAccess: true,
    logger: false,
  });

  // The message stream is wrapped so that we learn when its data starts going out. nodemailer pipes it only
  // after the server answered DATA with 354, so "started" means the server may end up with the whole message:
  // a connection lost from then on leaves the outcome unknown, one lost before it provably sent nothing.
  transporter.use('stream', (mail, done) => {
    const delivery = (mail.data as TrackedMail).vestnikDelivery;
    if (delivery) {
      mail.message.processFunc((input) => watchStart(input, delivery));
    }
    done();
  });

  const securityLabel =
    security === 'tls' ? 'TLS' : security === 'starttls' ? 'STARTTLS' : 'no encryption (security: none)';

  const classify = (err: unknown, stage: 'check' | 'send', delivery?: Delivery, to?: string): ProviderError => {
    if (err instanceof ProviderError) return err;
    const e = (err ?? {}) as NodemailerError;
    const reply = typeof e.response === 'string' ? headerText(e.response) : '';
    const rc = typeof e.responseCode === 'number' ? e.responseCode : 0;
    const command = (e.command ?? '').toUpperCase();
    const sys = e.originalCode ?? '';
    const detail = headerText(e.message ?? String(err));
    const started = delivery?.bodyStarted === true;
    const providerCode = rc ? String(rc) : sys || e.code || 'error';
    const make = (cls: ConstructorParameters<typeof ProviderError>[0], text: string) =>
      new ProviderError(cls, text, providerCode);

    // The server answered with a failure reply: its own words decide.
    if (rc >= 400 && reply) {
      const transient = rc < 500 || rc === 503;
      if (command.startsWith('AUTH')) {
        return transient
          ? make('retryable', `${label} could not log in just now: ${reply}`)
          : make(
              'account',
              `${label} refused the login${username ? ` of ${quoteForMessage(username)}` : ''}: ${reply}`,
            );
      }
      if (command === 'STARTTLS') {
        return transient
          ? make('retryable', `${label} could not start TLS just now: ${reply}`)
          : make(
              'account',
              `${label} does not offer STARTTLS: ${reply}. Check the port and the security setting (465 usually takes TLS, 587 STARTTLS)`,
            );
      }
      if (transient) {
        const what =
          command === 'RCPT TO' && to
            ? `deferred the recipient ${to}`
            : command === 'MAIL FROM'
              ? 'deferred the sender'
              : 'deferred the message';
        return make('retryable', `${label} ${what}: ${reply}`);
      }
      if (ACCOUNT_LIMIT.test(reply)) return make('account', `${label} refused to send more: ${reply}`);
      if (command === 'MAIL FROM') {
        return rc === 552
          ? make('recipient', `${label} refused the message: ${reply}`)
          : make('account', `${label} refused the sender ${from ?? ''}: ${reply}`);
      }
      if (command === 'RCPT TO') {
        return rc === 530 || RELAY_OR_AUTH.test(reply)
          ? make('account', `${label} refused to relay the message: ${reply}. Check the login and the sender address`)
          : make('recipient', `${label} refused the recipient${to ? ` ${to}` : ''}: ${reply}`);
      }
      if (command === 'DATA') return make('recipient', `${label} refused the message: ${reply}`);
      // The greeting, EHLO or anything else: the server will not talk to us at all.
      return make('account', `${label} refused the session: ${reply}`);
    }

    if (e.code === 'EAUTH' || e.code === 'ENOAUTH') {
      return make('account', `${label}: the login failed: ${detail}`);
    }
    if (CERT_PROBLEM.test(sys) || CERT_PROBLEM.test(e.code ?? '')) {
      return make(
        'account',
        `${label}: the server's certificate is not trusted (${detail}). If this is your own server with a self-signed certificate, turn on "Allow a self-signed certificate" (allowSelfSigned)`,
      );
    }
    if (e.code === 'ETLS' || /SSL|TLS/.test(sys)) {
      return make(
        'account',
        `${label}: TLS failed (${detail}). Check the port and the security setting (465 usually takes TLS, 587 STARTTLS)`,
      );
    }
    if (e.code === 'EDNS' || NOT_CONNECTED.has(sys)) {
      return make('retryable', `No connection to ${label} (${sys || e.code})`);
    }
    if (e.code === 'ETIMEDOUT' && e.timeoutType && SETUP_TIMEOUTS.has(e.timeoutType)) {
      const hint =
        e.timeoutType === 'GREETING_TIMEOUT' && security !== 'tls'
          ? '; if this port expects TLS from the start (usually 465), choose TLS'
          : '';
      return make('retryable', `${label} did not answer in time (${e.timeoutType})${hint}`);
    }
    if (e.code === 'EENVELOPE') {
      return /sender/i.test(detail) ? make('account', `${label}: ${detail}`) : make('recipient', `${label}: ${detail}`);
    }
    if (e.code === 'EMESSAGE' && !started) return make('recipient', `${label}: ${detail}`);
    if (stage === 'send' && started) {
      return make(
        'unknown_outcome',
        `The connection to ${label} broke after the message was handed over and before the server confirmed it (${detail}); it may have been accepted`,
      );
    }
    return make(
      'retryable',
      stage === 'send'
        ? `The connection to ${label} broke before the message was sent (${detail})`
        : `The connection to ${label} broke (${detail})`,
    );
  };

  const provider: Provider = {
    id: 'smtp',
    channel: 'email',
    async check() {
      if (configError) throw configError;
      try {
        await transporter.verify();
      } catch (err) {
        throw classify(err, 'check');
      }
      // verify() logs in when the server offers AUTH; one that offers none takes mail without it.
      const login = username ? `, user ${quoteForMessage(username)}` : ', no login';
      return { message: `${label} is ready: ${securityLabel}${login}`, balance: null, senders: null };
    },
    balance: () => Promise.resolve(null),
    cost: () => Promise.resolve(null),
    async send(message) {
      if (configError) throw configError;
      const to = plainAddress(message.to);
      if (!to) {
        throw new ProviderError('recipient', `Not an e-mail address: ${quoteForMessage(message.to)}`, 'bad_address');
      }
      const delivery: Delivery = { bodyStarted: false };
      const mail: TrackedMail = { ...compose(message, to), vestnikDelivery: delivery };
      const info = await transporter.sendMail(mail).catch((err: unknown) => {
        throw classify(err, 'send', delivery, to);
      });
      const response = headerText(info.response);
      return {
        providerIds: [info.messageId],
        update: {
          status: 'sent',
          providerCode: /^\d{3}/.exec(response)?.[0] ?? '250',
          providerText: response,
          at: ctx.clock.now().toISOString(),
        },
        parts: 1,
      };
    },
    status(): Promise<StatusUpdate> {
      // SMTP has no delivery status to ask for: the server's 250 is the last word we get.
      return Promise.resolve({
        status: 'sent',
        providerCode: 'accepted',
        providerText: 'Accepted by the SMTP server; SMTP reports nothing after that',
      });
    },
    close() {
      transporter.close();
    },
  };

  function compose(message: OutMessage, to: string): SendMailOptions {
    // The channel service falls back to the account's `from` address as a message's sender; that is no name.
    const sender = headerText(message.sender);
    const name = (sender && sender.toLowerCase() !== from?.toLowerCase() ? sender : '') || fromName;
    const address = from ?? '';
    const list: string[] = [];
    if (unsubscribeUrl) list.push(unsubscribeUrl);
    if (unsubscribeMailto) list.push(unsubscribeMailto);
    const subject = headerText(message.subject);
    return {
      from: name ? { name, address } : address,
      to: { name: '', address: to },
      subject: subject || undefined,
      text: message.text,
      html: message.html || undefined,
      attachments: (message.inline ?? []).map((pic, i) => ({
        cid: headerText(pic.cid).replace(/[\s<>]/g, '') || `picture-${i + 1}`,
        filename: headerText(pic.filename) || `picture-${i + 1}`,
        contentType: /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i.test(pic.contentType.trim())
          ? pic.contentType.trim().toLowerCase()
          : 'application/octet-stream',
        content: pic.content,
        contentDisposition: 'inline',
      })),
      // One List-Unsubscribe header with every target; one-click (RFC 8058) when there is a link.
      list: list.length ? { unsubscribe: [list] } : undefined,
      headers: unsubscribeUrl ? { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : undefined,
      xMailer: false,
    };
  }

  return provider;
};

/**
 * The message data passed through as it is, marking `delivery.bodyStarted` on the first read, i.e. once the SMTP
 * connection starts sending the message data. A plain stream over the input's events, with its back-pressure:
 * an async generator behind Readable.from did the same at about a tenth of a millisecond per message.
 */
function watchStart(input: Readable, delivery: Delivery): Readable {
  let hooked = false;
  const out = new Readable({
    read() {
      delivery.bodyStarted = true;
      if (hooked) {
        input.resume();
        return;
      }
      hooked = true;
      input.on('data', (chunk: Buffer) => {
        if (!out.push(chunk)) input.pause();
      });
      input.once('end', () => out.push(null));
      input.once('error', (err) => out.destroy(err));
    },
    destroy(err, callback) {
      input.destroy();
      callback(err);
    },
  });
  return out;
}

/** The unsubscribe link: an http(s) URL (normalised: no spaces, brackets or controls survive), null when unset,
 *  false when it is not one. */
function parseUnsubscribeUrl(value: string | undefined): string | null | false {
  const v = (value ?? '').trim();
  if (!v) return null;
  try {
    const url = new URL(v);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
    // WHATWG serialisation percent-encodes spaces, quotes and angle brackets in the path and query.
    const href = url.href;
    return /[\s<>"]/.test(href) ? false : href;
  } catch {
    return false;
  }
}

/** The unsubscribe address as a mailto: URL (with the user's ?subject=… if any, else "unsubscribe"). */
function parseUnsubscribeMailto(value: string | undefined): string | null | false {
  const v = (value ?? '').trim().replace(/^mailto:/i, '');
  if (!v) return null;
  const q = v.indexOf('?');
  const address = plainAddress(q < 0 ? v : v.slice(0, q));
  if (!address) return false;
  const params = new URLSearchParams(q < 0 ? 'subject=unsubscribe' : v.slice(q + 1));
  const query = [...params]
    .map(([k, val]) => `${encodeURIComponent(headerText(k))}=${encodeURIComponent(headerText(val))}`)
    .join('&');
  // Characters an address may hold that mean something in a URL are percent-encoded.
  const target = address.replace(/[%#?&]/g, (c) => encodeURIComponent(c));
  return `mailto:${target}${query ? `?${query}` : ''}`;
}
