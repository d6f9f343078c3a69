import type { CampaignSpec } from '../../../shared/domain/campaigns';
import type { Channel } from '../../../shared/domain/channels';
import { bindHtmlTemplate, mustCompileHtml } from '../../../shared/domain/html-template';
import {
  bindTemplate,
  mustCompile,
  type CompiledTemplate,
  type RecipientFields,
} from '../../../shared/domain/template';
import type { OutMessage } from '../channels/types';
import type { Db } from '../db/open';
import { campaignPictures } from '../repos/campaign-pictures';

/**
 * What a campaign's message carries besides its text and subject: the letter's HTML with its inline pictures
 * (e-mail), the approved template with its variables (WhatsApp) — personalised per recipient.
 *
 * Rendered when the row is sent, not stored per row. Expansion keeps, in the row's `vars`, only the
 * recipient's values these templates read (and the campaign's date), at the same moment it renders the text
 * into `body`; the campaign's templates never change after it is created. So the HTML sent is exactly what
 * expansion would have stored, and a row holds about a hundred bytes instead of the whole personalised letter.
 * Measured (test/measure/outbox-html.measure.ts) for 10,000 recipients and a 5.4 KB newsletter: the values
 * take 105 B a row and the outbox 3.7 MB, against 83 MB with every letter stored (22×, and 0.9 s more to
 * expand, all of it written with synchronous=FULL); rendering costs about 9 µs a letter at send time, next
 * to the milliseconds an SMTP round trip takes. Pictures are stored once per campaign, never per row.
 * A contact edited or deleted after expansion changes nothing: the values are the row's own.
 */

/** The templates of a campaign besides its text, compiled once. */
export interface ContentTemplates {
  html: CompiledTemplate | null;
  /** WhatsApp: each body variable of the template ({{1}}, {{2}}…) as a template of its own. */
  whatsapp: CompiledTemplate[] | null;
}

const COMPILED = new WeakMap<CampaignSpec, ContentTemplates>();

export function contentTemplates(spec: CampaignSpec): ContentTemplates {
  let c = COMPILED.get(spec);
  if (!c) {
    c = {
      html: spec.html ? mustCompileHtml(spec.html) : null,
      whatsapp: spec.whatsappTemplate ? spec.whatsappTemplate.variables.map((v) => mustCompile(v)) : null,
    };
    COMPILED.set(spec, c);
  }
  return c;
}

/** The templates a row of this channel renders when it is sent. */
function templatesFor(c: ContentTemplates, channel: Channel): CompiledTemplate[] {
  if (channel === 'email' && c.html) return [c.html];
  if (channel === 'whatsapp' && c.whatsapp) return c.whatsapp;
  return [];
}

/** The recipient as a row keeps it: `d` the campaign's date ({today}), `r` the fields the templates read. */
interface Snapshot {
  d: string;
  r: RecipientFields;
}

/**
 * The row's `vars` for a recipient on a channel: the values its send-time templates read, or null when the
 * channel renders nothing at send time.
 */
export function snapshotFor(c: ContentTemplates, channel: Channel, r: RecipientFields, today: string): string | null {
  const templates = templatesFor(c, channel);
  if (templates.length === 0) return null;
  const out: { -readonly [K in keyof RecipientFields]: RecipientFields[K] } = {};
  const attributes: Record<string, string> = {};
  for (const t of templates) {
    for (const name of t.variables) {
      switch (name) {
        case 'first_name':
          out.firstName = r.firstName;
          break;
        case 'last_name':
          out.lastName = r.lastName;
          break;
        case 'middle_name':
          out.middleName = r.middleName;
          break;
        case 'full_name':
          out.firstName = r.firstName;
          out.lastName = r.lastName;
          out.middleName = r.middleName;
          break;
        case 'phone':
          out.phone = r.phone;
          break;
        case 'email':
          out.email = r.email;
          break;
      }
    }
    // Custom attributes, and balance/birthday ({balance} and {birthday} read attributes too).
    for (const key of t.attributeKeys) {
      const a = r.attributes;
      if (a && Object.hasOwn(a, key) && typeof a[key] === 'string') attributes[key] = a[key];
    }
  }
  if (Object.keys(attributes).length > 0) out.attributes = attributes;
  const snap: Snapshot = { d: today, r: out };
  return JSON.stringify(snap);
}

type Extras = Pick<OutMessage, 'html' | 'inline' | 'template'>;

/**
 * The dispatcher's side: a row's HTML, pictures and template, rendered from its `vars`. Pictures are read
 * once per campaign and kept (a campaign's pictures never change once it exists).
 */
export class CampaignContent {
  private readonly pictures = new Map<number, NonNullable<OutMessage['inline']>>();

  constructor(private readonly db: Db) {}

  extras(row: { campaign_id: number; channel: string; vars: string | null }, spec: CampaignSpec): Extras {
    const c = contentTemplates(spec);
    if (row.channel === 'email' && c.html) {
      const snap = parse(row.vars);
      const html = bindHtmlTemplate(c.html, { today: snap.d })(snap.r);
      return { html, inline: this.picturesOf(row.campaign_id) };
    }
    if (row.channel === 'whatsapp' && c.whatsapp && spec.whatsappTemplate) {
      const snap = parse(row.vars);
      const variables = c.whatsapp.map((t) => bindTemplate(t, { today: snap.d })(snap.r));
      return {
        template: { name: spec.whatsappTemplate.name, language: spec.whatsappTemplate.language, variables },
      };
    }
    return {};
  }

  private picturesOf(campaignId: number): NonNullable<OutMessage['inline']> {
    let p = this.pictures.get(campaignId);
    if (!p) {
      p = campaignPictures(this.db, campaignId).map((x) => ({
        cid: x.cid,
        filename: x.cid,
        contentType: x.contentType,
        content: x.data,
      }));
      this.pictures.set(campaignId, p);
    }
    return p;
  }
}

function parse(vars: string | null): Snapshot {
  if (vars === null) throw new Error('the message was queued without the values of its HTML or template');
  return JSON.parse(vars) as Snapshot;
}
