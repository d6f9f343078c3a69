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
}

export const processIo: Io = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
};
