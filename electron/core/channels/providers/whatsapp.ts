import type { ErrorClass } from '../../../../shared/domain/providers';
import { retryAfterMs, type HttpResponse } from '../http';
import { ProviderError, type Provider, type ProviderFactory, type ProviderTemplate, type StatusUpdate } from '../types';

/**
 * WhatsApp Business Cloud API (Graph API, PROVIDERS.md §6). A business may start a conversation only with a
 * template Meta approved, so every campaign message is a template message: its name, language and body
 * variables in order. Meta answers a send with a `wamid`; what happens next (sent, delivered, read, failed)
 * is told only to a webhook on a public address, which a desktop app does not have — so `status` honestly says
 * `unknown`. The mapping tables are in whatsapp.md.
 */

const DEFAULT_BASE = 'https://graph.facebook.com/v22.0';
/** The most templates Graph returns per page. */
const MAX_PAGE = 100;
/** Safety stop for template paging (100 pages of up to 100 templates is far beyond any account). */
const MAX_PAGES = 100;

const NO_WEBHOOK_TEXT =
  'WhatsApp reports delivery only to a webhook on a public address; without a webhook relay the delivery status ' +
  'is unknown (the message was accepted by WhatsApp when sent)';

interface GraphError {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  error_user_msg?: string;
  error_data?: { details?: string };
}

interface GraphTemplate {
  id?: string;
  name?: string;
  language?: string;
  status?: string;
  components?: { type?: string; text?: string }[];
}

interface GraphPage<T> {
  data?: T[];
  paging?: { cursors?: { before?: string; after?: string }; next?: string };
}

type Op = 'send' | 'read';

/** Graph error codes → what to do (developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes). */
const CODE_CLASS: Readonly<Record<number, ErrorClass>> = {
  0: 'account', // AuthException
  2: 'retryable', // API service temporarily unavailable
  3: 'account', // API method not available to this app
  4: 'retryable', // API too many calls
  10: 'account', // permission denied
  190: 'account', // access token expired or invalid
  368: 'account', // temporarily blocked for policy violations
  80007: 'retryable', // WABA rate limit
  130429: 'retryable', // throughput (messages per second) reached
  130472: 'recipient', // the number is part of a Meta experiment
  130497: 'recipient', // messaging users in this country is restricted
  131000: 'retryable', // "Something went wrong": not sent
  131005: 'account', // access denied
  131008: 'recipient', // required parameter missing
  131009: 'recipient', // parameter value not valid (e.g. the number)
  131016: 'retryable', // service unavailable
  131021: 'recipient', // recipient cannot be the sender
  131026: 'recipient', // message undeliverable (not on WhatsApp, old app, terms not accepted)
  131030: 'recipient', // number not in the allowed list (test accounts)
  131031: 'account', // business account locked
  131037: 'account', // display name needs approval
  131042: 'account', // payment issue
  131045: 'account', // certificate
  131047: 'recipient', // more than 24 hours since the customer last wrote
  131048: 'account', // spam rate limit: too many messages blocked or reported
  131049: 'recipient', // Meta chose not to deliver (per-user marketing limit)
  131050: 'recipient', // the person stopped marketing messages
  131051: 'recipient', // unsupported message type
  131052: 'recipient', // media download error
  131053: 'recipient', // media upload error
  131056: 'retryable', // pair rate limit: too many messages to this person in a short time
  131057: 'retryable', // account in maintenance mode
  132000: 'recipient', // number of parameters does not match the template
  132001: 'account', // template does not exist (in this language)
  132005: 'recipient', // text too long after filling in
  132007: 'recipient', // format character policy violated
  132012: 'recipient', // parameter format does not match
  132015: 'account', // template paused for low quality
  132016: 'account', // template disabled
  132018: 'recipient', // parameter has new lines, tabs or too many spaces
  133000: 'account', // incomplete deregistration
  133004: 'retryable', // server temporarily unavailable
  133010: 'account', // phone number not registered
  135000: 'recipient', // generic user error
};

export const createWhatsApp: ProviderFactory = (ctx) => {
  const base = (ctx.settings.baseUrl?.trim() || DEFAULT_BASE).replace(/\/+$/, '');
  const timeoutMs = ctx.timeoutMs ?? 30_000;
  const defaultLanguage = ctx.settings.language?.trim() || 'ru';

  function setting(key: 'phoneNumberId' | 'businessAccountId', label: string): string {
    const v = ctx.settings[key]?.trim() ?? '';
    if (!v) throw new ProviderError('account', `WhatsApp: ${label} is not set`, `no_${key}`);
    return encodeURIComponent(v);
  }

  async function graph<T>(
    method: 'GET' | 'POST',
    path: string,
    op: Op,
    query?: Record<string, string>,
    body?: object,
  ): Promise<T> {
    const token = ctx.secrets.token?.trim() ?? '';
    if (!token) throw new ProviderError('account', 'WhatsApp: the access token is not set', 'no_token');
    const qs = query ? `?${new URLSearchParams(query).toString()}` : '';
    const res = await ctx.http.request({
      method,
      url: `${base}/${path}${qs}`,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
      timeoutMs,
    });
    const json = parseJson(res.text);
    const error =
      json && typeof json.error === 'object' && json.error !== null ? (json.error as GraphError) : undefined;
    if (res.status >= 200 && res.status < 300 && json && !error) return json as T;
    throw graphError(res, error, op);
  }

  function graphError(res: HttpResponse, error: GraphError | undefined, op: Op): ProviderError {
    const code = typeof error?.code === 'number' ? error.code : undefined;
    const details = error?.error_data?.details ?? error?.error_user_msg;
    const words = error?.message
      ? `${error.message}${details && details !== error.message ? ` — ${details}` : ''}`
      : snippet(res.text) || `HTTP ${res.status}`;
    const message = `WhatsApp: ${words}`;
    const providerCode = code !== undefined ? String(code) : `http_${res.status}`;
    const wait = retryAfterMs(res.headers, ctx.clock.now().getTime());
    let cls: ErrorClass;
    if (res.status >= 200 && res.status < 300 && !error) {
      // Not JSON, or no error and no answer: the address is not the Graph API, or the reply was cut.
      cls = op === 'send' ? 'unknown_outcome' : 'account';
    } else if (code !== undefined && CODE_CLASS[code]) {
      cls = CODE_CLASS[code];
    } else if (code === 100 && error?.error_subcode === 33) {
      // "Object with ID … does not exist": a wrong phone number or account id — every message would fail.
      cls = 'account';
    } else if (error?.type === 'OAuthException' || (code !== undefined && code >= 200 && code < 300)) {
      cls = 'account';
    } else if (res.status === 429) {
      cls = 'retryable';
    } else if (res.status === 401 || res.status === 403) {
      cls = 'account';
    } else if (res.status >= 500 || code === 1) {
      // Graph's "unknown error" or a server error: the message may or may not have been taken.
      cls = op === 'send' ? 'unknown_outcome' : 'retryable';
    } else if (res.status >= 400) {
      cls = 'recipient';
    } else {
      cls = 'account';
    }
    // Reading (check, templates) has no recipient: whatever is wrong is wrong with the settings.
    if (op === 'read' && cls === 'recipient') cls = 'account';
    return new ProviderError(cls, message, providerCode, cls === 'retryable' ? wait : undefined);
  }

  function toTemplate(t: GraphTemplate): ProviderTemplate {
    const body = bodyText(t);
    const item: ProviderTemplate = {
      id: String(t.id ?? ''),
      name: String(t.name ?? ''),
      body,
      variables: countVars(body),
    };
    if (t.language) item.language = t.language;
    if (t.status) item.status = t.status;
    return item;
  }

  const provider: Provider = {
    id: 'whatsapp',
    channel: 'whatsapp',
    async check() {
      const phone = await graph<{ display_phone_number?: string; verified_name?: string; quality_rating?: string }>(
        'GET',
        setting('phoneNumberId', 'the phone number ID'),
        'read',
        { fields: 'display_phone_number,verified_name,quality_rating' },
      );
      const parts = [phone.verified_name, phone.display_phone_number].filter(Boolean).join(', ');
      return {
        message: `WhatsApp: ${parts || 'the number is connected'}${phone.quality_rating ? ` (quality ${phone.quality_rating})` : ''}`,
        balance: null,
        senders: phone.display_phone_number ? [phone.display_phone_number] : null,
      };
    },
    balance: () => Promise.resolve(null),
    cost: () => Promise.resolve(null),
    async templates(offset, limit) {
      const waba = setting('businessAccountId', 'the WhatsApp Business Account ID');
      const from = Math.max(0, Math.floor(offset));
      const want = Math.max(0, Math.floor(limit));
      if (want === 0) return { items: [], total: null };
      // Graph pages by cursor only, so walk pages from the start; ask for enough per page to reach the window
      // in as few requests as Graph allows.
      const pageSize = Math.min(MAX_PAGE, from + want);
      const items: ProviderTemplate[] = [];
      let index = 0;
      let after: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const query: Record<string, string> = {
          fields: 'id,name,language,status,category,components',
          limit: String(pageSize),
        };
        if (after) query.after = after;
        const res = await graph<GraphPage<GraphTemplate>>('GET', `${waba}/message_templates`, 'read', query);
        const data = Array.isArray(res.data) ? res.data : [];
        for (const t of data) {
          if (index >= from && items.length < want) items.push(toTemplate(t));
          index++;
        }
        const next = res.paging?.next ? res.paging.cursors?.after : undefined;
        if (!next || data.length === 0) return { items, total: index };
        if (items.length >= want || next === after) return { items, total: null };
        after = next;
      }
      return { items, total: null };
    },
    async templatePreview(id) {
      const t = await graph<GraphTemplate>('GET', encodeURIComponent(id), 'read', {
        fields: 'name,language,status,components',
      });
      return bodyText(t);
    },
    async send(message) {
      const t = message.template;
      if (!t?.name) {
        throw new ProviderError(
          'recipient',
          'WhatsApp: choose an approved template — a business can write first (outside the 24-hour window after ' +
            'the customer last wrote) only with a template Meta approved',
          'template_required',
        );
      }
      const to = message.to.replace(/\D/g, '');
      if (!to) throw new ProviderError('recipient', `WhatsApp: "${message.to}" is not a phone number`, 'bad_number');
      const empty = t.variables.findIndex((v) => v.trim() === '');
      if (empty >= 0) {
        throw new ProviderError(
          'recipient',
          `WhatsApp: variable {{${empty + 1}}} of template "${t.name}" is empty for this recipient`,
          'empty_variable',
        );
      }
      const body = {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to,
        type: 'template',
        template: {
          name: t.name,
          language: { code: t.language?.trim() || defaultLanguage },
          ...(t.variables.length > 0
            ? { components: [{ type: 'body', parameters: t.variables.map((text) => ({ type: 'text', text })) }] }
            : {}),
        },
      };
      const reply = await graph<{ messages?: { id?: string; message_status?: string }[] }>(
        'POST',
        `${setting('phoneNumberId', 'the phone number ID')}/messages`,
        'send',
        undefined,
        body,
      );
      const m = Array.isArray(reply.messages) ? reply.messages[0] : undefined;
      if (!m?.id) {
        throw new ProviderError(
          'unknown_outcome',
          'WhatsApp: the reply has no message id; the message may have been accepted',
        );
      }
      // "held_for_quality_assessment": Meta holds a marketing message while it checks it; it may not go out.
      const held = m.message_status === 'held_for_quality_assessment';
      return {
        providerIds: [m.id],
        update: {
          status: held ? 'queued' : 'sent',
          providerCode: m.message_status ?? 'accepted',
          providerText: held
            ? 'Held by WhatsApp for a quality check before sending'
            : 'Accepted by WhatsApp; delivery is reported only to a webhook',
          at: ctx.clock.now().toISOString(),
        },
        parts: 1,
      };
    },
    status(): Promise<StatusUpdate> {
      return Promise.resolve({ status: 'unknown', providerCode: 'no_webhook', providerText: NO_WEBHOOK_TEXT });
    },
  };
  return provider;
};

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function snippet(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 200);
}

function bodyText(t: GraphTemplate): string {
  const body = Array.isArray(t.components) ? t.components.find((c) => c.type?.toUpperCase() === 'BODY') : undefined;
  return typeof body?.text === 'string' ? body.text : '';
}

/** Distinct positional variables {{1}}, {{2}}… in a template body. */
function countVars(body: string): number {
  return new Set(Array.from(body.matchAll(/\{\{\s*(\d+)\s*\}\}/g), (m) => m[1])).size;
}
