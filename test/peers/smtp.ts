// A real SMTP server for provider tests: smtp-server listening on 127.0.0.1 at a free port, in the test
// process. It speaks implicit TLS or STARTTLS (with a self-signed certificate made by `openssl`, or
// smtp-server's built-in one where openssl is missing), asks for AUTH PLAIN/LOGIN when given a user, keeps
// every message it accepts (the raw source, as the client sent it), and answers some recipients the way real
// servers do: refused (550), deferred (451), or the connection dropped — before the message, or after it was
// read but before any answer (the "maybe sent" case). parseMessage() decodes what arrived, so tests can check
// it byte for byte.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseHeaderValue } from 'nodemailer/lib/mime-funcs';
import { SMTPServer, type SMTPServerError, type SMTPServerSession } from 'smtp-server';

/** Recipients the peer treats specially by default. */
export const PEER_ADDRESSES = {
  /** RCPT TO answered 550 (no such user). */
  refused: 'refused@example.com',
  /** RCPT TO answered 451 (greylisted, try later). */
  deferred: 'later@example.com',
  /** The connection is dropped at RCPT TO, before any message data. */
  dropAtRcpt: 'drop-rcpt@example.com',
  /** The whole message is read, then the connection is dropped without an answer. */
  dropAfterData: 'drop-data@example.com',
} as const;

export const REFUSED_REPLY = '5.1.1 <refused@example.com>: Recipient address rejected: User unknown';
export const DEFERRED_REPLY = '4.7.1 <later@example.com>: Recipient address rejected: Greylisted, try again later';

export interface SmtpPeerOptions {
  /** Implicit TLS from the first byte (the port 465 way). */
  secure?: boolean;
  /** Offer STARTTLS on a plain connection (default true; ignored with `secure`). */
  starttls?: boolean;
  /** Require AUTH PLAIN or LOGIN with these credentials; without it mail is taken from anyone. */
  auth?: { user: string; pass: string };
  /** Let AUTH run over an unencrypted connection. */
  allowInsecureAuth?: boolean;
  /** The server's key and certificate (PEM); by default selfSignedCertificate(). */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** Recipients refused with 550, deferred with 451, or dropped at RCPT / after DATA (see PEER_ADDRESSES). */
  refuse?: string[];
  defer?: string[];
  dropAtRcpt?: string[];
  dropAfterData?: string[];
}

export interface ReceivedMessage {
  /** MAIL FROM and RCPT TO addresses (the envelope, not the headers). */
  from: string;
  to: string[];
  /** The message as the client sent it (after dot-unstuffing). */
  raw: Buffer;
  /** The authenticated user, if any. */
  user: string | undefined;
  /** Whether the session was encrypted (implicit TLS or STARTTLS). */
  secure: boolean;
  /** Whether the peer answered it (false for the dropped-after-DATA case). */
  answered: boolean;
}

export interface SmtpPeer {
  host: string;
  port: number;
  messages: ReceivedMessage[];
  /** Failed AUTH attempts, as "username" strings. */
  authFailures: string[];
  close(): Promise<void>;
}

const lower = (list: readonly string[]) => new Set(list.map((a) => a.toLowerCase()));

function replyError(message: string, responseCode: number): SMTPServerError {
  const err: SMTPServerError = new Error(message);
  err.responseCode = responseCode;
  return err;
}

export async function startSmtpPeer(opts: SmtpPeerOptions = {}): Promise<SmtpPeer> {
  const refuse = lower(opts.refuse ?? [PEER_ADDRESSES.refused]);
  const defer = lower(opts.defer ?? [PEER_ADDRESSES.deferred]);
  const dropAtRcpt = lower(opts.dropAtRcpt ?? [PEER_ADDRESSES.dropAtRcpt]);
  const dropAfterData = lower(opts.dropAfterData ?? [PEER_ADDRESSES.dropAfterData]);
  const messages: ReceivedMessage[] = [];
  const authFailures: string[] = [];
  const disabled: string[] = [];
  if (!opts.auth) disabled.push('AUTH');
  if (!opts.secure && opts.starttls === false) disabled.push('STARTTLS');

  const tlsPair = opts.tls ?? selfSignedCertificate();
  // Drops a session's connection without a word, the way a crashed server or a broken network does.
  const drop = (session: SMTPServerSession) => {
    for (const conn of server.connections) if (conn.id === session.id) conn._socket.destroy();
  };

  const server: SMTPServer = new SMTPServer({
    secure: opts.secure ?? false,
    ...(tlsPair ? { key: tlsPair.key, cert: tlsPair.cert } : {}),
    name: 'peer.test',
    banner: 'Vestnik test peer',
    // logger: false also keeps smtp-server from warning about its built-in certificate on stderr.
    logger: false,
    disableReverseLookup: true,
    disabledCommands: disabled,
    authOptional: !opts.auth,
    allowInsecureAuth: opts.allowInsecureAuth ?? false,
    authMethods: ['PLAIN', 'LOGIN'],
    closeTimeout: 1000,
    onAuth(auth, _session, callback) {
      if (opts.auth && auth.username === opts.auth.user && auth.password === opts.auth.pass) {
        callback(null, { user: auth.username });
        return;
      }
      authFailures.push(auth.username ?? '');
      callback(replyError('Authentication failed', 535));
    },
    onRcptTo(address, session, callback) {
      const addr = address.address.toLowerCase();
      if (dropAtRcpt.has(addr)) return drop(session);
      if (refuse.has(addr)) return callback(replyError(REFUSED_REPLY, 550));
      if (defer.has(addr)) return callback(replyError(DEFERRED_REPLY, 451));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((a) => a.address);
        const dropIt = to.some((a) => dropAfterData.has(a.toLowerCase()));
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to,
          raw: Buffer.concat(chunks),
          user: typeof session.user === 'string' ? session.user : undefined,
          secure: session.secure,
          answered: !dropIt,
        });
        if (dropIt) return drop(session);
        callback(null, `2.0.0 Ok: queued as PEER${messages.length}`);
      });
    },
  });
  server.on('error', () => {
    // Client-side resets (the drop cases, refused certificates) surface here; they are expected.
  });

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.server.address() as AddressInfo;

  return {
    host: '127.0.0.1',
    port,
    messages,
    authFailures,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const conn of server.connections) conn._socket.destroy();
      }),
  };
}

let generated: { key: string; cert: string } | null | undefined;

/**
 * A valid self-signed certificate for localhost and 127.0.0.1, made once per test process with the `openssl`
 * command in a temp dir (removed at once). Where openssl is missing, undefined: smtp-server then uses its
 * built-in certificate, which is self-signed too (and expired), so a client that checks certificates refuses
 * either one.
 */
export function selfSignedCertificate(): { key: string; cert: string } | undefined {
  if (generated !== undefined) return generated ?? undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vestnik-smtp-cert-'));
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        keyFile,
        '-out',
        certFile,
        '-days',
        '2',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    generated = { key: fs.readFileSync(keyFile, 'utf8'), cert: fs.readFileSync(certFile, 'utf8') };
  } catch {
    generated = null;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return generated ?? undefined;
}

/** A port on 127.0.0.1 that nothing listens on (taken from the OS, then released): connections are refused. */
export async function unusedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

// ---- Reading what arrived: a small MIME decoder (base64, quoted-printable, RFC 2047 words) ----

export interface MimePart {
  /** Header fields in order, unfolded, names as sent. */
  headers: { name: string; value: string }[];
  /** The raw header block, lines as sent (folded). */
  headerBlock: string;
  /** Lower-cased media type, e.g. "text/plain". */
  type: string;
  params: Record<string, string>;
  /** The body with its transfer encoding undone (for multiparts: the raw body). */
  body: Buffer;
  parts: MimePart[];
  /** The first value of a header (case-insensitive), RFC 2047 words decoded. */
  header(name: string): string | undefined;
}

function splitHead(raw: Buffer): { head: string; body: Buffer } {
  const i = raw.indexOf('\r\n\r\n');
  if (i < 0) return { head: raw.toString('latin1'), body: Buffer.alloc(0) };
  return { head: raw.subarray(0, i).toString('latin1'), body: raw.subarray(i + 4) };
}

/** The header block of a raw message, as sent (for injection checks). */
export function headerBlock(raw: Buffer): string {
  return splitHead(raw).head;
}

/** Header lines unfolded: each entry is one field "Name: value". */
export function unfoldHeaders(head: string): string[] {
  const fields: string[] = [];
  for (const line of head.split('\r\n')) {
    if (/^[ \t]/.test(line) && fields.length) fields[fields.length - 1] += line;
    else if (line) fields.push(line);
  }
  return fields;
}

function decodeQp(text: string): Buffer {
  const bytes: number[] = [];
  const s = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    const hex = s.slice(i + 1, i + 3);
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(s.charCodeAt(i) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

function charsetDecode(buf: Buffer, charset: string): string {
  return new TextDecoder(charset.toLowerCase() === 'us-ascii' ? 'utf-8' : charset).decode(buf);
}

/** Decodes RFC 2047 encoded words (=?charset?B|Q?...?=); whitespace between adjacent words is dropped. */
export function decodeWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[bBqQ]\?[^?]*\?=)\s+(?==\?[^?]+\?[bBqQ]\?[^?]*\?=)/g, '$1')
    .replace(/=\?([^?*]+)(?:\*[^?]*)?\?([bBqQ])\?([^?]*)\?=/g, (_m, charset: string, enc: string, text: string) => {
      const buf =
        enc.toUpperCase() === 'B'
          ? Buffer.from(text, 'base64')
          : decodeQp(text.replace(/_/g, ' ').replace(/=\r?\n/g, ''));
      return charsetDecode(buf, charset);
    });
}

export function parseMessage(raw: Buffer): MimePart {
  const { head, body } = splitHead(raw);
  const headers = unfoldHeaders(head).map((field) => {
    const colon = field.indexOf(':');
    return { name: field.slice(0, colon).trim(), value: field.slice(colon + 1).trim() };
  });
  const get = (name: string) => headers.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;
  const ct = parseHeaderValue(get('content-type') ?? 'text/plain');
  const type = ct.value.toLowerCase();
  // Parameter values may come as RFC 2047 words (name="=?UTF-8?B?…?="), as mail clients accept.
  const params = Object.fromEntries(Object.entries(ct.params).map(([k, v]) => [k, decodeWords(v)]));
  const encoding = (get('content-transfer-encoding') ?? '7bit').toLowerCase();
  let parts: MimePart[] = [];
  let decoded = body;
  if (type.startsWith('multipart/') && params.boundary) {
    const text = body.toString('latin1');
    const delimiter = `--${params.boundary}`;
    const pieces = text.split(new RegExp(`(?:^|\\r\\n)${delimiter.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    // pieces[0] is the preamble; the last one starts with "--" (the closing delimiter).
    parts = pieces
      .slice(1)
      .filter((p) => !p.startsWith('--'))
      .map((p) => parseMessage(Buffer.from(p.replace(/^[ \t]*\r\n/, ''), 'latin1')));
  } else if (encoding === 'base64') {
    decoded = Buffer.from(body.toString('latin1').replace(/\s+/g, ''), 'base64');
  } else if (encoding === 'quoted-printable') {
    decoded = decodeQp(body.toString('latin1'));
  }
  return {
    headers,
    headerBlock: head,
    type,
    params,
    body: decoded,
    parts,
    header: (name) => {
      const v = get(name);
      return v === undefined ? undefined : decodeWords(v);
    },
  };
}

/** Every part of a message, depth first (the root included). */
export function allParts(part: MimePart): MimePart[] {
  return [part, ...part.parts.flatMap(allParts)];
}

/** A part's text, decoded from its charset. */
export function partText(part: MimePart): string {
  return charsetDecode(part.body, part.params.charset ?? 'utf-8');
}
