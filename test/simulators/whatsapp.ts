// SIMULATOR of the WhatsApp Business Cloud API (Meta Graph API) — not Meta. It follows the documented contract in
// PROVIDERS.md §6 and developers.facebook.com/docs/whatsapp/cloud-api: `Authorization: Bearer <token>` on every
// call (a wrong one answers 401 OAuthException code 190), GET /{phone-number-id} (display_phone_number,
// verified_name, quality_rating), GET /{waba-id}/message_templates paged with `limit` and cursors (`after`,
// `paging.next` only when there is more), GET /{template-id}, and POST /{phone-number-id}/messages taking a template
// message and answering messages[0].id = "wamid.…". It keeps state (templates, sent messages, last send per
// person) and answers Graph's documented errors: 132001 unknown template, 132015/132016 paused/disabled template,
// 132000 parameter count mismatch, 130429 throughput reached, 131056 pair rate limit (default one message per
// 6 s per person), 131031 account locked, 131009 invalid number, 131026 undeliverable, 131047 free-form text
// outside the 24-hour window. Simplification: Meta reports 131026/131047 through the status webhook after
// accepting the message; this simulator answers them synchronously so their mapping can be tested.
import { startLoopback, type Loopback, type SimReply, type SimRequest } from './loopback';

export interface SimTemplate {
  id: string;
  name: string;
  language: string;
  status: 'APPROVED' | 'PENDING' | 'REJECTED' | 'PAUSED' | 'DISABLED';
  category: string;
  components: { type: string; text?: string; format?: string }[];
}

export interface SimWaMessage {
  wamid: string;
  to: string;
  body: unknown;
}

export interface WhatsAppSim {
  /** The API address (with the Graph version) to put in the account's baseUrl. */
  url: string;
  loop: Loopback;
  token: string;
  phoneNumberId: string;
  businessAccountId: string;
  templates: SimTemplate[];
  /** Messages accepted, in order. */
  messages: SimWaMessage[];
  /** Numbers (digits) that are not on WhatsApp. */
  notOnWhatsApp(digits: string): void;
  /** The next `times` sends hit the throughput limit (130429). */
  throttle(times?: number): void;
  /** The business account is locked (131031). */
  lock(): void;
  close(): Promise<void>;
}

const graphError = (
  status: number,
  code: number,
  message: string,
  extra: { type?: string; subcode?: number; details?: string } = {},
): SimReply => ({
  status,
  body: {
    error: {
      message,
      type: extra.type ?? 'OAuthException',
      code,
      ...(extra.subcode !== undefined ? { error_subcode: extra.subcode } : {}),
      ...(extra.details ? { error_data: { messaging_product: 'whatsapp', details: extra.details } } : {}),
      fbtrace_id: 'AbCdSimTrace',
    },
  },
});

const cursor = (i: number) => Buffer.from(`idx:${i}`).toString('base64url');
const uncursor = (c: string): number => {
  const m = /^idx:(\d+)$/.exec(Buffer.from(c, 'base64url').toString('utf8'));
  return m ? Number(m[1]) : -1;
};

/** Keeps only the requested fields (plus id), as Graph does. */
function pick(obj: Record<string, unknown>, fields: string | null): Record<string, unknown> {
  if (!fields) return obj;
  const out: Record<string, unknown> = { id: obj.id };
  for (const f of fields.split(',').map((s) => s.trim())) if (f in obj) out[f] = obj[f];
  return out;
}

export function makeTemplates(n: number): SimTemplate[] {
  return Array.from({ length: n }, (_, i) => ({
    id: String(1_000_000 + i),
    name: `promo_${i + 1}`,
    language: 'ru',
    status: 'APPROVED' as const,
    category: 'MARKETING',
    components: [
      { type: 'HEADER', format: 'TEXT', text: 'Акция' },
      { type: 'BODY', text: `Здравствуйте, {{1}}! Предложение №${i + 1}: {{2}}. До встречи, {{1}}.` },
      { type: 'FOOTER', text: 'Ответьте СТОП, чтобы отписаться' },
    ],
  }));
}

export async function startWhatsAppSim(
  opts: {
    token?: string;
    phoneNumberId?: string;
    businessAccountId?: string;
    templates?: SimTemplate[];
    /** The most templates one page may hold (Graph's own cap is larger; tests use a small one). */
    maxPageSize?: number;
    /** The pair rate limit: the least time between two messages to the same person. */
    pairRateMs?: number;
  } = {},
): Promise<WhatsAppSim> {
  const token = opts.token ?? 'EAAGsimAccessToken';
  const phoneNumberId = opts.phoneNumberId ?? '106540352242922';
  const businessAccountId = opts.businessAccountId ?? '102290129340398';
  const templates = opts.templates ?? makeTemplates(3);
  const maxPageSize = opts.maxPageSize ?? 100;
  const pairRateMs = opts.pairRateMs ?? 6000;
  const messages: SimWaMessage[] = [];
  const lastSend = new Map<string, number>();
  const absent = new Set<string>();
  let throttled = 0;
  let locked = false;
  let seq = 0;
  let baseUrl = '';

  const templatesPage = (req: SimRequest): SimReply => {
    const limit = Math.min(maxPageSize, Math.max(1, Number(req.query.get('limit') ?? 25)));
    const after = req.query.get('after');
    const start = after ? uncursor(after) + 1 : 0;
    if (after && start <= 0)
      return graphError(400, 100, 'Invalid parameter', { type: 'GraphMethodException', details: 'Invalid cursor' });
    const slice = templates.slice(start, start + limit);
    const fields = req.query.get('fields');
    const paging: Record<string, unknown> = {
      cursors: { before: cursor(start), after: cursor(start + Math.max(0, slice.length - 1)) },
    };
    if (start + slice.length < templates.length) {
      const next = new URLSearchParams({ limit: String(limit), after: cursor(start + slice.length - 1) });
      if (fields) next.set('fields', fields);
      paging.next = `${baseUrl}/${businessAccountId}/message_templates?${next.toString()}`;
    }
    return { body: { data: slice.map((t) => pick({ ...t }, fields)), paging } };
  };

  const send = (req: SimRequest): SimReply => {
    const b = (req.json ?? {}) as Record<string, unknown>;
    if (b.messaging_product !== 'whatsapp') {
      return graphError(400, 100, '(#100) The parameter messaging_product is required.', { type: 'OAuthException' });
    }
    if (locked)
      return graphError(400, 131031, 'Business Account locked', {
        details: 'Your WhatsApp Business Account has been locked.',
      });
    const to = typeof b.to === 'string' ? b.to : '';
    if (!/^\d{8,15}$/.test(to)) {
      return graphError(400, 131009, '(#131009) Parameter value is not valid', {
        details: 'Recipient phone number not valid',
      });
    }
    if (throttled > 0) {
      throttled--;
      return graphError(400, 130429, '(#130429) Rate limit hit', {
        details: 'Cloud API message throughput has been reached.',
      });
    }
    const last = lastSend.get(to);
    if (last !== undefined && Date.now() - last < pairRateMs) {
      return graphError(400, 131056, '(#131056) (Business Account, Consumer Account) pair rate limit hit', {
        details:
          'Too many messages sent from the sender phone number to the same recipient phone number in a short period of time.',
      });
    }
    if (b.type !== 'template') {
      return graphError(400, 131047, 'Re-engagement message', {
        details:
          'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
      });
    }
    const t = (b.template ?? {}) as { name?: unknown; language?: { code?: unknown }; components?: unknown };
    const lang = typeof t.language?.code === 'string' ? t.language.code : '';
    const tpl = templates.find((x) => x.name === t.name && x.language === lang);
    if (!tpl || tpl.status === 'PENDING' || tpl.status === 'REJECTED') {
      return graphError(404, 132001, '(#132001) Template name does not exist in the translation', {
        details: `template name (${String(t.name)}) does not exist in ${lang}`,
      });
    }
    if (tpl.status === 'PAUSED')
      return graphError(400, 132015, '(#132015) Template is Paused', { details: 'Cannot send a paused template' });
    if (tpl.status === 'DISABLED')
      return graphError(400, 132016, '(#132016) Template is Disabled', { details: 'Cannot send a disabled template' });
    const bodyText = tpl.components.find((c) => c.type === 'BODY')?.text ?? '';
    const expected = new Set(Array.from(bodyText.matchAll(/\{\{(\d+)\}\}/g), (m) => m[1])).size;
    const components = Array.isArray(t.components) ? (t.components as { type?: string; parameters?: unknown[] }[]) : [];
    const params = components.find((c) => c.type === 'body')?.parameters ?? [];
    if (params.length !== expected) {
      return graphError(400, 132000, '(#132000) Number of parameters does not match the expected number of params', {
        details: `body: number of localizable_params (${params.length}) does not match the expected number of params (${expected})`,
      });
    }
    if (absent.has(to)) {
      return graphError(400, 131026, 'Message undeliverable', { details: 'Unable to deliver message.' });
    }
    lastSend.set(to, Date.now());
    const wamid = `wamid.${Buffer.from(`sim-${phoneNumberId}-${to}-${++seq}`).toString('base64')}`;
    messages.push({ wamid, to, body: req.json });
    return {
      body: {
        messaging_product: 'whatsapp',
        contacts: [{ input: to, wa_id: to }],
        messages: [{ id: wamid, message_status: 'accepted' }],
      },
    };
  };

  const loop = await startLoopback((req) => {
    const auth = req.headers.authorization;
    if (!auth) {
      return graphError(400, 104, 'An access token is required to request this resource.');
    }
    if (auth !== `Bearer ${token}`) {
      return graphError(401, 190, 'Invalid OAuth access token - Cannot parse access token');
    }
    const m = /^\/v\d+\.\d+\/([^/]+)(?:\/([a-z_]+))?$/.exec(req.path);
    if (!m) return graphError(400, 2500, 'Unknown path components', { type: 'OAuthException' });
    const [, node, edge] = m;
    const unsupported = () =>
      graphError(
        400,
        100,
        `Unsupported ${req.method.toLowerCase()} request. Object with ID '${node}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
        { type: 'GraphMethodException', subcode: 33 },
      );
    if (req.method === 'GET' && node === phoneNumberId && !edge) {
      return {
        body: pick(
          {
            id: phoneNumberId,
            verified_name: 'Магазин «Весна»',
            display_phone_number: '+7 920 746-00-22',
            quality_rating: 'GREEN',
            code_verification_status: 'VERIFIED',
            platform_type: 'CLOUD_API',
            throughput: { level: 'STANDARD' },
          },
          req.query.get('fields'),
        ),
      };
    }
    if (req.method === 'POST' && node === phoneNumberId && edge === 'messages') return send(req);
    if (req.method === 'GET' && node === businessAccountId && edge === 'message_templates') return templatesPage(req);
    const tpl = templates.find((t) => t.id === node);
    if (req.method === 'GET' && tpl && !edge) return { body: pick({ ...tpl }, req.query.get('fields')) };
    return unsupported();
  });
  baseUrl = `${loop.url}/v22.0`;

  return {
    url: baseUrl,
    loop,
    token,
    phoneNumberId,
    businessAccountId,
    templates,
    messages,
    notOnWhatsApp: (digits) => void absent.add(digits),
    throttle: (times = 1) => {
      throttled += times;
    },
    lock: () => {
      locked = true;
    },
    close: () => loop.close(),
  };
}
