import { z } from 'zod';
import type { Channel } from './channels';

/**
 * Provider accounts: which providers exist, which settings each takes (and which of them are secrets), and the
 * one status model every provider's codes are mapped onto. Pure data, shared by the UI (forms, labels) and the
 * core (validation, senders). The mapping tables live in electron/core/channels/README.md.
 */

export const PROVIDER_IDS = [
  'sandbox',
  'devino',
  'smsru',
  'smsc',
  'kannel',
  'http',
  'smtp',
  'telegram',
  'whatsapp',
] as const;
export const providerIdSchema = z.enum(PROVIDER_IDS);
export type ProviderId = z.infer<typeof providerIdSchema>;

/** Where a message is in its life. `scheduled`: waiting for its "delay until" time on this computer. */
export const MESSAGE_STATUSES = ['scheduled', 'queued', 'sending', 'sent', 'delivered', 'failed', 'unknown'] as const;
export const messageStatusSchema = z.enum(MESSAGE_STATUSES);
export type MessageStatus = z.infer<typeof messageStatusSchema>;

/**
 * What a provider error means for what to do next:
 * - `retryable`: the provider provably did not take the message (busy, queue full, throttled, 503) — try later;
 * - `recipient`: permanent for this recipient (bad number, rejected) — do not retry;
 * - `account`: the account cannot send (bad login, no credits, blocked, IP not allowed) — stop and tell the user;
 * - `unknown_outcome`: the request went out and no answer came back (timeout, reset) — the message may have
 *   been sent; never resend on our own.
 */
export const ERROR_CLASSES = ['retryable', 'recipient', 'account', 'unknown_outcome'] as const;
export type ErrorClass = (typeof ERROR_CLASSES)[number];

export interface Label {
  ru: string;
  en: string;
}

export interface FieldSpec {
  key: string;
  kind: 'text' | 'url' | 'number' | 'select' | 'boolean' | 'textarea' | 'secret';
  label: Label;
  hint?: Label;
  required?: boolean;
  options?: readonly string[];
  default?: string;
}

export interface ProviderSpec {
  id: ProviderId;
  /** The channel it sends on; the sandbox takes it from its `channel` setting. */
  channel: Channel | 'any';
  label: Label;
  fields: readonly FieldSpec[];
}

const L = (ru: string, en: string): Label => ({ ru, en });
const secret = (key: string, label: Label, required = true): FieldSpec => ({ key, kind: 'secret', label, required });
const sender: FieldSpec = {
  key: 'sender',
  kind: 'text',
  label: L('Имя отправителя', 'Sender name'),
  hint: L(
    'Зарегистрированное у провайдера, до 11 латинских букв',
    'Registered with the provider, up to 11 Latin letters',
  ),
};
/** For providers without a cost API: the price of one SMS part, entered by the user. */
const tariff: FieldSpec = {
  key: 'tariff',
  kind: 'number',
  label: L('Тариф за часть SMS, ₽', 'Price per SMS part, ₽'),
  hint: L(
    'Для предварительного расчёта, если провайдер не сообщает цену',
    'For cost previews when the provider does not tell',
  ),
};
const baseUrl = (value: string): FieldSpec => ({
  key: 'baseUrl',
  kind: 'url',
  label: L('Адрес API', 'API address'),
  default: value,
  required: true,
});

const PROVIDER_LIST: readonly ProviderSpec[] = [
  {
    id: 'sandbox',
    channel: 'any',
    label: L('Песочница (без отправки)', 'Sandbox (nothing is sent)'),
    fields: [
      {
        key: 'channel',
        kind: 'select',
        label: L('Канал', 'Channel'),
        options: ['sms', 'email', 'telegram', 'whatsapp'],
        default: 'sms',
        required: true,
      },
      { key: 'deliverySeconds', kind: 'number', label: L('Задержка доставки, с', 'Delivery delay, s'), default: '3' },
      { key: 'failPercent', kind: 'number', label: L('Доля недоставленных, %', 'Share undelivered, %'), default: '0' },
      { key: 'balance', kind: 'number', label: L('Баланс, ₽', 'Balance, ₽'), default: '1000' },
      { key: 'pricePerPart', kind: 'number', label: L('Цена части SMS, ₽', 'Price per SMS part, ₽'), default: '3.5' },
    ],
  },
  {
    id: 'devino',
    channel: 'sms',
    label: L('SMS — Devino Telecom', 'SMS — Devino Telecom'),
    fields: [
      { key: 'login', kind: 'text', label: L('Логин', 'Login'), required: true },
      secret('password', L('Пароль', 'Password')),
      sender,
      tariff,
      baseUrl('https://integrationapi.net/rest'),
    ],
  },
  {
    id: 'smsru',
    channel: 'sms',
    label: L('SMS — SMS.ru', 'SMS — SMS.ru'),
    fields: [
      secret('apiId', L('Ключ API (api_id)', 'API key (api_id)')),
      sender,
      tariff,
      {
        key: 'testMode',
        kind: 'boolean',
        label: L('Тестовый режим (без отправки и списания)', 'Test mode (nothing sent or charged)'),
        default: 'false',
      },
      baseUrl('https://sms.ru'),
    ],
  },
  {
    id: 'smsc',
    channel: 'sms',
    label: L('SMS — SMSC.ru', 'SMS — SMSC.ru'),
    fields: [
      { key: 'login', kind: 'text', label: L('Логин', 'Login'), required: true },
      secret('password', L('Пароль', 'Password')),
      sender,
      tariff,
      baseUrl('https://smsc.ru'),
    ],
  },
  {
    id: 'kannel',
    channel: 'sms',
    label: L('SMS — свой шлюз Kannel', 'SMS — own Kannel gateway'),
    fields: [
      {
        key: 'url',
        kind: 'url',
        label: L('Адрес sendsms', 'sendsms address'),
        default: 'http://127.0.0.1:13013/cgi-bin/sendsms',
        required: true,
      },
      { key: 'username', kind: 'text', label: L('Пользователь', 'Username'), required: true },
      secret('password', L('Пароль', 'Password')),
      { key: 'from', kind: 'text', label: L('Отправитель', 'Sender') },
      { key: 'smsc', kind: 'text', label: L('SMSC (маршрут)', 'SMSC (route)') },
      tariff,
    ],
  },
  {
    id: 'http',
    channel: 'sms',
    label: L('SMS — другой HTTP-шлюз', 'SMS — other HTTP gateway'),
    fields: [
      {
        key: 'url',
        kind: 'url',
        label: L('Адрес отправки', 'Send URL'),
        required: true,
        hint: L('Подстановки: {to} {text} {sender} {id} {token}', 'Placeholders: {to} {text} {sender} {id} {token}'),
      },
      {
        key: 'method',
        kind: 'select',
        label: L('Метод', 'Method'),
        options: ['GET', 'POST'],
        default: 'GET',
        required: true,
      },
      { key: 'body', kind: 'textarea', label: L('Тело запроса (для POST)', 'Request body (POST)') },
      {
        key: 'contentType',
        kind: 'select',
        label: L('Тип тела', 'Body type'),
        options: ['application/x-www-form-urlencoded', 'application/json'],
        default: 'application/x-www-form-urlencoded',
      },
      secret('token', L('Ключ или пароль ({token})', 'Key or password ({token})'), false),
      {
        key: 'idPattern',
        kind: 'text',
        label: L('Как найти id сообщения (регулярное выражение)', 'How to find the message id (regular expression)'),
        hint: L('Первая группа — id, например "id":"([^"]+)"', 'First group is the id, e.g. "id":"([^"]+)"'),
      },
      {
        key: 'errorPattern',
        kind: 'text',
        label: L('Признак ошибки в ответе (регулярное выражение)', 'Error in the reply (regular expression)'),
      },
      { key: 'balanceUrl', kind: 'url', label: L('Адрес баланса', 'Balance URL') },
      {
        key: 'balancePattern',
        kind: 'text',
        label: L('Как найти баланс (регулярное выражение)', 'How to find the balance (regular expression)'),
      },
      sender,
      tariff,
    ],
  },
  {
    id: 'smtp',
    channel: 'email',
    label: L('E-mail — SMTP', 'E-mail — SMTP'),
    fields: [
      { key: 'host', kind: 'text', label: L('Сервер', 'Server'), required: true },
      { key: 'port', kind: 'number', label: L('Порт', 'Port'), default: '587', required: true },
      {
        key: 'security',
        kind: 'select',
        label: L('Защита', 'Security'),
        options: ['none', 'starttls', 'tls'],
        default: 'starttls',
        required: true,
      },
      { key: 'username', kind: 'text', label: L('Пользователь', 'Username') },
      secret('password', L('Пароль', 'Password'), false),
      { key: 'from', kind: 'text', label: L('Адрес отправителя', 'Sender address'), required: true },
      { key: 'fromName', kind: 'text', label: L('Имя отправителя', 'Sender name') },
      {
        key: 'allowSelfSigned',
        kind: 'boolean',
        label: L('Разрешить самоподписанный сертификат', 'Allow a self-signed certificate'),
        default: 'false',
      },
      { key: 'unsubscribeUrl', kind: 'url', label: L('Ссылка для отписки', 'Unsubscribe link') },
      { key: 'unsubscribeMailto', kind: 'text', label: L('Адрес для отписки', 'Unsubscribe address') },
    ],
  },
  {
    id: 'telegram',
    channel: 'telegram',
    label: L('Telegram — бот', 'Telegram — bot'),
    fields: [secret('token', L('Токен бота', 'Bot token')), baseUrl('https://api.telegram.org')],
  },
  {
    id: 'whatsapp',
    channel: 'whatsapp',
    label: L('WhatsApp Business (Cloud API)', 'WhatsApp Business (Cloud API)'),
    fields: [
      { key: 'phoneNumberId', kind: 'text', label: L('Phone number ID', 'Phone number ID'), required: true },
      {
        key: 'businessAccountId',
        kind: 'text',
        label: L('WhatsApp Business Account ID', 'WhatsApp Business Account ID'),
        required: true,
      },
      secret('token', L('Токен доступа', 'Access token')),
      { key: 'language', kind: 'text', label: L('Язык шаблонов', 'Template language'), default: 'ru' },
      baseUrl('https://graph.facebook.com/v22.0'),
    ],
  },
];

/**
 * Limits every account may set, whatever its provider (electron/core/campaigns/limits.ts): many providers and
 * SMTP servers refuse or block senders that go faster or send more a day than agreed.
 */
export const LIMIT_FIELDS: readonly FieldSpec[] = [
  {
    key: 'ratePerSecond',
    kind: 'number',
    label: L('Не быстрее, сообщений в секунду', 'At most, messages per second'),
    hint: L('Пусто — без ограничения', 'Empty: no limit'),
  },
  {
    key: 'dailyQuota',
    kind: 'number',
    label: L('Не больше, сообщений в сутки', 'At most, messages a day'),
    hint: L(
      'Остальное уйдёт с полуночи следующего дня; пусто — без ограничения',
      'The rest goes from the next midnight; empty: no limit',
    ),
  },
];

/** Every provider with its own fields, then the limits every account may set. */
export const PROVIDERS: readonly ProviderSpec[] = PROVIDER_LIST.map((p) => ({
  ...p,
  fields: [...p.fields, ...LIMIT_FIELDS],
}));

export function providerSpec(id: ProviderId): ProviderSpec {
  const spec = PROVIDERS.find((p) => p.id === id);
  if (!spec) throw new Error(`Unknown provider ${id}`);
  return spec;
}

/** The channel an account sends on. */
export function accountChannel(provider: ProviderId, settings: Readonly<Record<string, string>>): Channel {
  const spec = providerSpec(provider);
  if (spec.channel !== 'any') return spec.channel;
  const c = settings.channel;
  return c === 'email' || c === 'telegram' || c === 'whatsapp' ? c : 'sms';
}

const settingValue = z.string().max(4000);
const settingKey = z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,39}$/);

/** What the UI sends to create or change an account. Secrets are write-only: set, replaced, or left alone. */
export const accountInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(80),
  provider: providerIdSchema,
  settings: z.record(settingKey, settingValue),
  /** Secret values to set; a key absent keeps the stored secret. */
  secrets: z.record(settingKey, z.string().min(1).max(4000)).optional(),
});
export type AccountInput = z.infer<typeof accountInputSchema>;

/** An account as the UI sees it: never a secret's value, only which secrets are set. */
export const accountSchema = z.strictObject({
  id: z.int().positive(),
  name: z.string(),
  provider: providerIdSchema,
  channel: z.enum(['sms', 'email', 'telegram', 'whatsapp']),
  settings: z.record(z.string(), z.string()),
  secretsSet: z.array(z.string()),
  isDefault: z.boolean(),
  lastCheck: z
    .strictObject({
      ok: z.boolean(),
      message: z.string(),
      errorClass: z.enum(ERROR_CLASSES).nullable(),
      at: z.string(),
    })
    .nullable(),
  createdAt: z.string(),
});
export type Account = z.infer<typeof accountSchema>;

export const moneySchema = z.strictObject({ amount: z.number(), currency: z.string() });
export type Money = z.infer<typeof moneySchema>;

export const checkResultSchema = z.strictObject({
  ok: z.boolean(),
  /** "Настройки сохранены и проверены", or the provider's own words for what is wrong. */
  message: z.string(),
  errorClass: z.enum(ERROR_CLASSES).nullable(),
  balance: moneySchema.nullable(),
  senders: z.array(z.string()).nullable(),
});
export type CheckResult = z.infer<typeof checkResultSchema>;
