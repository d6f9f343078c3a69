import type { Channel } from '../../../shared/domain/channels';
import type { ErrorClass, Money, ProviderId } from '../../../shared/domain/providers';
import type { Clock } from '../clock';
import type { HttpClient } from './http';

/**
 * The provider contract: one file per provider in ./providers/, each a `createX(ctx)` returning a Provider.
 * Shaped after the integration contracts in the seeds (check, balance, cost, send, status, templates,
 * callbacks). Every provider maps its own codes onto the one status model (queued, sent, delivered, failed,
 * unknown — keeping its own code and text) and its errors onto ProviderError classes. See ./README.md.
 */

export interface OutMessage {
  /** Our id for the message: sent as the client message id where the provider takes one (idempotency), and in
   *  Kannel's dlr-url to correlate delivery reports. */
  id: string;
  /** E.164 phone, e-mail address or Telegram chat id, by channel. */
  to: string;
  text: string;
  sender?: string;
  subject?: string;
  html?: string;
  /** Pictures referenced from the HTML as cid:… */
  inline?: { cid: string; filename: string; contentType: string; content: Buffer }[];
  /** WhatsApp: the approved template and its body variables in order. */
  template?: { name: string; language: string; variables: string[] };
}

export interface StatusUpdate {
  status: 'queued' | 'sent' | 'delivered' | 'failed' | 'unknown';
  /** The provider's own code and words, kept for the user and support. */
  providerCode?: string;
  providerText?: string;
  /** When the provider says it happened (ISO), if it says. */
  at?: string;
}

export interface SendResult {
  /** The provider's ids for the message (Devino: one per part). */
  providerIds: string[];
  update: StatusUpdate;
  parts?: number;
  cost?: Money;
}

export interface CostEstimate {
  total: Money;
  parts: number;
}

export interface ProviderTemplate {
  id: string;
  name: string;
  language?: string;
  status?: string;
  body: string;
  /** Number of {{n}} variables in the body. */
  variables: number;
}

export interface ProviderCheck {
  /** What the provider said, in its words (e.g. the balance, the bot's name). */
  message: string;
  balance?: Money | null;
  senders?: string[] | null;
}

/** A request that reached our local callback listener (Kannel delivery reports). */
export interface CallbackRequest {
  path: string;
  query: URLSearchParams;
  body: string;
}

export interface Provider {
  readonly id: ProviderId;
  readonly channel: Channel;
  /** Availability and credentials; throws ProviderError with the provider's own words when they fail. */
  check(): Promise<ProviderCheck>;
  /** The account's balance, or null when the provider does not tell. */
  balance(): Promise<Money | null>;
  /** What sending these would cost, or null when the provider offers no cost API (a local tariff is used). */
  cost(messages: readonly OutMessage[]): Promise<CostEstimate | null>;
  /** Sends one message; throws ProviderError (never a bare network error). */
  send(message: OutMessage): Promise<SendResult>;
  /** Current status of a sent message (its provider ids from send). */
  status(providerIds: readonly string[], message: Pick<OutMessage, 'id' | 'to'>): Promise<StatusUpdate>;
  /** Registered sender names, when the provider lists them. */
  senders?(): Promise<string[]>;
  /** Provider-side templates, paged. */
  templates?(offset: number, limit: number): Promise<{ items: ProviderTemplate[]; total: number | null }>;
  templatePreview?(id: string): Promise<string>;
  /** Status updates carried by a callback to our local listener, keyed by our message id. */
  parseCallback?(req: CallbackRequest): { messageId: string; update: StatusUpdate }[];
  /**
   * Telegram: watches for people who start the bot (and share their phone) until the signal aborts, so they
   * can be linked to their contacts without any public URL (long polling).
   */
  listen?(onContact: (c: IncomingContact) => void, signal: AbortSignal): Promise<void>;
  /** Stops background work and closes connections. */
  close?(): void;
}

export interface IncomingContact {
  chatId: string;
  /** E.164, when the person shared their phone number. */
  phone?: string;
  firstName?: string;
  lastName?: string;
  username?: string;
}

export interface ProviderContext {
  accountId: number;
  settings: Readonly<Record<string, string>>;
  secrets: Readonly<Record<string, string>>;
  http: HttpClient;
  clock: Clock;
  /** Per-request time limit for the provider's HTTP calls (default 30 s; tests use less). */
  timeoutMs?: number;
  /** The URL of our local callback listener for a message (Kannel dlr-url), when the listener runs. */
  callbackUrl?: (messageId: string) => string;
}

export type ProviderFactory = (ctx: ProviderContext) => Provider;

export class ProviderError extends Error {
  constructor(
    readonly errorClass: ErrorClass,
    message: string,
    readonly providerCode?: string,
    /** Retry-After, when the provider says how long to wait. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}
