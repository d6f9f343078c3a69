import type { Message } from '../../../../shared/domain/messages';
import type { CheckResult, ErrorClass, MessageStatus, Money } from '../../../../shared/domain/providers';
import type { Locale } from '../../../../shared/ipc/contract';
import { intlLocale, type MessageKey, type Translate } from '../../i18n/translate';

/**
 * The one place where a message status, a provider's failure and a check result become words. Every screen
 * that shows a status (test send, the contact card's Send, later campaigns) goes through these, so "Доставлено"
 * is never spelt two ways. Pure: unit-tested in test/unit/renderer/channel-status.test.ts.
 */

const STATUS_KEYS = {
  scheduled: 'msg.status.scheduled',
  queued: 'msg.status.queued',
  sending: 'msg.status.sending',
  sent: 'msg.status.sent',
  delivered: 'msg.status.delivered',
  failed: 'msg.status.failed',
  unknown: 'msg.status.unknown',
} as const satisfies Record<MessageStatus, MessageKey>;

/** What the status means for the person waiting on it (shown under the status word). */
const STATUS_HINTS = {
  scheduled: 'msg.hint.scheduled',
  queued: 'msg.hint.queued',
  sending: 'msg.hint.sending',
  sent: 'msg.hint.sent',
  delivered: null,
  failed: null,
  unknown: 'msg.hint.unknown',
} as const satisfies Record<MessageStatus, MessageKey | null>;

const ERROR_CLASS_KEYS = {
  account: 'errorClass.account',
  retryable: 'errorClass.retryable',
  recipient: 'errorClass.recipient',
  unknown_outcome: 'errorClass.unknown_outcome',
} as const satisfies Record<ErrorClass, MessageKey>;

export type StatusTone = 'ok' | 'progress' | 'bad' | 'unknown';

export function statusText(t: Translate, status: MessageStatus): string {
  return t(STATUS_KEYS[status]);
}

/** The colour family of a status badge: green delivered, blue on its way, red failed, grey unknown. */
export function statusTone(status: MessageStatus): StatusTone {
  switch (status) {
    case 'delivered':
      return 'ok';
    case 'failed':
      return 'bad';
    case 'unknown':
      return 'unknown';
    case 'scheduled':
    case 'queued':
    case 'sending':
    case 'sent':
      return 'progress';
  }
}

/** True while the status can still change (worth a "Проверить статус"). */
export const isFinal = (status: MessageStatus): boolean => status === 'delivered' || status === 'failed';

/** What a kind of provider failure means the user should do; null when the class is not known. */
export function errorClassText(t: Translate, errorClass: ErrorClass | null | undefined): string | null {
  return errorClass ? t(ERROR_CLASS_KEYS[errorClass]) : null;
}

/** The provider's own code and words, as one line: "bad_number — Sandbox: the number does not exist". */
export function providerReply(m: Pick<Message, 'providerCode' | 'providerText'>): string | null {
  const parts = [m.providerCode, m.providerText].filter((s): s is string => Boolean(s && s.trim()));
  if (parts.length === 2 && parts[0] === parts[1]) return parts[0] ?? null;
  return parts.length > 0 ? parts.join(' — ') : null;
}

/** The explanation under a message's status: what to do, what the failure means, when it will go. */
export function statusHint(t: Translate, locale: Locale, m: Message): string | null {
  if (m.status === 'failed' || m.status === 'unknown') {
    const meaning = errorClassText(t, m.errorClass);
    if (meaning) return meaning;
  }
  if (m.status === 'scheduled' && m.sendAt) return t('msg.hint.scheduledAt', { time: formatTime(locale, m.sendAt) });
  const key = STATUS_HINTS[m.status];
  return key ? t(key) : null;
}

export interface CheckView {
  ok: boolean;
  /** Our sentence: "Настройки сохранены и проверены" / "Проверка пройдена" / "Проверка не прошла". */
  title: string;
  /** The provider's own words, verbatim (never translated: support needs them as they are). */
  detail: string;
  /** For a failure: what it means ("проверьте логин/пароль/баланс"); null when unknown or ok. */
  meaning: string | null;
}

/** A live check (after Save, or "Проверить") as the user reads it. */
export function checkView(t: Translate, check: CheckResult, saved: boolean): CheckView {
  if (check.ok) {
    return { ok: true, title: t(saved ? 'check.savedOk' : 'check.ok'), detail: check.message, meaning: null };
  }
  return {
    ok: false,
    title: t(saved ? 'check.savedFailed' : 'check.failed'),
    detail: check.message,
    meaning: errorClassText(t, check.errorClass),
  };
}

/** The stored result of the last check, for the account list: "Проверена 22 нояб. 2026 г., 12:30". */
export function lastCheckText(t: Translate, locale: Locale, last: { ok: boolean; at: string } | null): string {
  if (!last) return t('check.never');
  return t(last.ok ? 'check.lastOk' : 'check.lastFailed', { when: formatTime(locale, last.at) });
}

export function formatMoney(locale: Locale, money: Money): string {
  try {
    return new Intl.NumberFormat(intlLocale(locale), { style: 'currency', currency: money.currency }).format(
      money.amount,
    );
  } catch {
    // Not an ISO currency code (a provider's own "credits"): the number and the unit as given.
    return `${new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 2 }).format(money.amount)} ${money.currency}`;
  }
}

/** A moment with seconds: statuses of a test message change within seconds of each other. */
export function formatTime(locale: Locale, iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'medium', timeStyle: 'medium' }).format(d);
}

/**
 * The core's fixed English sentences for "this provider cannot do that" (accounts:balance, accounts:senders,
 * accounts:templates) in the user's language. Matched by text because the contract carries no code for them
 * yet; anything else (a provider's own words) is shown as it came.
 */
const CORE_SENTENCES: Record<string, MessageKey> = {
  'This provider does not report a balance': 'account.noBalance',
  'This provider does not list sender names': 'account.noSenders',
  'This provider has no templates': 'send.templates.unsupported',
};

export function coreSentence(t: Translate, message: string): string {
  const key = CORE_SENTENCES[message.trim()];
  return key ? t(key) : message;
}

/** True when the sentence is the core's "this provider has no templates" (not a failure worth showing). */
export const isNoTemplates = (message: string): boolean =>
  CORE_SENTENCES[message.trim()] === 'send.templates.unsupported';
