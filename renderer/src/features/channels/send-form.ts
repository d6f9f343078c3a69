import type { SendInput } from '../../../../shared/domain/messages';
import type { Account } from '../../../../shared/domain/providers';
import type { FieldError } from './account-form';

/**
 * A single message's form (the test send, and Send on a contact card) as plain data: what it checks before
 * calling messages:send, and the "send no earlier than" time in the computer's own zone. Pure, unit-tested.
 */

export const TEXT_MAX = 10_000;
const SUBJECT_MAX = 500;
const HTML_MAX = 500_000;

/** A WhatsApp template as the picker holds it (from accounts:templates). */
export interface TemplateChoice {
  name: string;
  language?: string;
  /** As the provider lists it (WhatsApp: APPROVED, PENDING, REJECTED…). */
  status?: string;
  body: string;
  /** Number of {{n}} variables in the body. */
  variables: number;
}

export interface ComposeValues {
  text: string;
  /** E-mail only. */
  subject: string;
  useHtml: boolean;
  html: string;
  /** WhatsApp only: the template chosen (null = plain text), and its variables in order. */
  template: TemplateChoice | null;
  variables: string[];
}

export interface SendFormValues extends ComposeValues {
  to: string;
  sender: string;
  /** "Отправить не ранее": a local date (yyyy-mm-dd) and time (hh:mm). */
  later: boolean;
  date: string;
  time: string;
}

export type SendField = 'to' | 'text' | 'subject' | 'html' | 'variables' | 'when';

export interface SendValidation {
  errors: Partial<Record<SendField, FieldError>>;
  input: SendInput | null;
  /** The chosen time has passed: the message goes at once (a warning, not an error). */
  past: boolean;
}

export const emptyCompose = (): ComposeValues => ({
  text: '',
  subject: '',
  useHtml: false,
  html: '',
  template: null,
  variables: [],
});

export const emptySendForm = (): SendFormValues => ({
  ...emptyCompose(),
  to: '',
  sender: '',
  later: false,
  date: '',
  time: '',
});

/** The template's body with {{1}}, {{2}}… filled in; a variable not yet typed stays visible as {{n}}. */
export function renderTemplate(body: string, variables: readonly string[]): string {
  return body.replace(/\{\{\s*(\d+)\s*\}\}/g, (whole, n: string) => {
    const v = variables[Number(n) - 1];
    return v && v.trim() !== '' ? v : whole;
  });
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "+03:00" for a Date in this computer's zone at that moment (summer time included). */
export function offsetOf(d: Date): string {
  const minutes = -d.getTimezoneOffset();
  const sign = minutes >= 0 ? '+' : '-';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * A local date and time as ISO with this computer's offset ("2026-11-23T09:30:00+03:00"), or null when it
 * is not a real moment (a bad date, or a time skipped by a summer-time change).
 */
export function localIso(date: string, time: string): string | null {
  const dm = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const tm = /^(\d{2}):(\d{2})$/.exec(time);
  if (!dm || !tm) return null;
  const [y, mo, day, h, mi] = [dm[1], dm[2], dm[3], tm[1], tm[2]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const d = new Date(y, mo - 1, day, h, mi, 0, 0);
  if (d.getFullYear() !== y || d.getMonth() !== mo - 1 || d.getDate() !== day || d.getHours() !== h) return null;
  if (d.getMinutes() !== mi) return null;
  return `${date}T${time}:00${offsetOf(d)}`;
}

/** The time zone a "send no earlier than" time is read in: "Europe/Moscow, UTC+03:00". */
export function zoneLabel(at: Date, timeZone?: string): string {
  const zone = timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const utc = `UTC${offsetOf(at)}`;
  // "UTC, UTC+00:00" and "Etc/GMT-3, UTC+03:00" say nothing the offset does not.
  return zone && !/^(UTC|GMT|Etc\/)/.test(zone) ? `${zone}, ${utc}` : utc;
}

/** Today and the next whole quarter hour, as the date and time inputs want them. */
export function suggestedLater(now: Date): { date: string; time: string } {
  const d = new Date(now.getTime());
  d.setSeconds(0, 0);
  d.setMinutes(Math.ceil((d.getMinutes() + 1) / 15) * 15);
  return {
    date: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`,
    time: `${pad(d.getHours())}:${pad(d.getMinutes())}`,
  };
}

/** The text a message carries: the rendered template for WhatsApp when one is chosen, else the text box. */
export function messageText(account: Pick<Account, 'channel'>, v: ComposeValues): string {
  if (account.channel === 'whatsapp' && v.template) return renderTemplate(v.template.body, v.variables);
  return v.text;
}

/** Checks the form and builds messages:send's input. */
export function validateSend(
  account: Pick<Account, 'id' | 'channel' | 'settings'>,
  v: SendFormValues,
  opts: { now: Date; contactId?: number },
): SendValidation {
  const errors: SendValidation['errors'] = {};
  const to = v.to.trim();
  if (to === '') errors.to = { key: 'send.error.to' };

  const text = messageText(account, v);
  if (text.trim() === '') errors.text = { key: 'send.error.text' };
  else if (text.length > TEXT_MAX) errors.text = { key: 'send.error.textTooLong' };

  let subject: string | undefined;
  let html: string | undefined;
  if (account.channel === 'email') {
    subject = v.subject.trim();
    if (subject === '') errors.subject = { key: 'send.error.subject' };
    else if (subject.length > SUBJECT_MAX) errors.subject = { key: 'send.error.tooLong' };
    if (v.useHtml && v.html.trim() !== '') {
      html = v.html;
      if (html.length > HTML_MAX) errors.html = { key: 'send.error.tooLong' };
    }
  }

  let template: SendInput['template'];
  if (account.channel === 'whatsapp' && v.template) {
    const variables = Array.from({ length: v.template.variables }, (_, i) => (v.variables[i] ?? '').trim());
    if (variables.some((x) => x === '')) errors.variables = { key: 'send.error.variables' };
    template = {
      name: v.template.name,
      language: v.template.language ?? account.settings.language ?? 'ru',
      variables,
    };
  }

  let sendAt: string | undefined;
  let past = false;
  if (v.later) {
    const iso = localIso(v.date, v.time);
    if (!iso) errors.when = { key: 'send.error.when' };
    else {
      sendAt = iso;
      past = Date.parse(iso) <= opts.now.getTime();
    }
  }

  if (Object.keys(errors).length > 0) return { errors, input: null, past };
  const input: SendInput = { accountId: account.id, to, text };
  const sender = v.sender.trim();
  if (sender) input.sender = sender;
  if (subject !== undefined) input.subject = subject;
  if (html !== undefined) input.html = html;
  if (template) input.template = template;
  if (sendAt && !past) input.sendAt = sendAt;
  if (opts.contactId !== undefined) input.contactId = opts.contactId;
  return { errors, input, past };
}
