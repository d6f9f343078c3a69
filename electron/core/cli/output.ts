import type { Contact } from '../../../shared/domain/contact';
import { formatPhone } from '../../../shared/domain/phone';

/** A contact as the CLI prints it with --json: group names rather than ids. */
export function contactJson(c: Contact) {
  return {
    id: c.id,
    phone: c.phone,
    email: c.email,
    lastName: c.lastName,
    firstName: c.firstName,
    middleName: c.middleName,
    telegramChatId: c.telegramChatId,
    attributes: c.attributes,
    groups: c.groups.map((g) => g.name),
    optOut: c.optOut,
    source: c.source,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

export function contactLine(c: Contact): string {
  const name = [c.lastName, c.firstName, c.middleName].filter(Boolean).join(' ') || '—';
  const off = Object.entries(c.optOut)
    .filter(([, v]) => v)
    .map(([k]) => `-${k}`);
  return [
    String(c.id).padStart(6),
    (c.phone ? formatPhone(c.phone) : '—').padEnd(18),
    (c.email ?? '—').padEnd(28),
    name,
    c.groups.map((g) => `[${g.name}]`).join(' '),
    off.join(' '),
  ]
    .join('  ')
    .trimEnd();
}

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Asks for a secret on the terminal without echoing it; absent when there is no terminal. */
  askSecret?(prompt: string): Promise<string>;
}

export const processIo: Io = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
  askSecret: process.stdin.isTTY ? askHidden : undefined,
};

/** Reads one line from the terminal with echo off (the passphrase of the secret vault). */
function askHidden(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    let value = '';
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new Error('cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}
