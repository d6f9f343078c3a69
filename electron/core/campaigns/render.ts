import type { CampaignSpec } from '../../../shared/domain/campaigns';
import { bindHtmlTemplate } from '../../../shared/domain/html-template';
import { countSms } from '../../../shared/domain/sms';
import { localDate, mustCompile, render, type RecipientFields } from '../../../shared/domain/template';
import { VestnikError } from '../../../shared/ipc/result';
import type { Db } from '../db/open';
import { contentTemplates } from './content';
import { recipientFields, sheetRecipient, type ContactRowLite } from './recipients';

/**
 * The exact message one recipient would get, as the contact preview shows it before launch: the text (with
 * its SMS parts), the subject, the letter's HTML with that recipient's values escaped, WhatsApp's template
 * with its variables filled in — and for a campaign sheet's row, its own send time and {var1}… values. The
 * same templates and the same recipient fields as expansion (expand.ts) and sending (content.ts) use.
 */

export interface RenderedMessage {
  text: string;
  subject: string | null;
  parts: number;
  encoding: 'gsm7' | 'ucs2';
  html: string | null;
  whatsapp: { name: string; language: string; variables: string[]; body: string | null } | null;
  /** A sheet row: its number and its own send time (ISO). */
  row: number | null;
  sendAt: string | null;
}

export function renderMessage(
  db: Db,
  spec: CampaignSpec,
  who: { contactId?: number; row?: number },
  opts: { now: Date; timeZone: string },
): RenderedMessage {
  let fields: RecipientFields;
  let sendAt: string | null = null;
  let row: number | null = null;
  const byId = db.prepare('SELECT * FROM contacts WHERE id = ?');
  if (who.row !== undefined) {
    if (spec.audience.kind !== 'sheet') {
      throw new VestnikError('bad_request', 'This campaign is not sent to a campaign sheet', 'row');
    }
    const s = db
      .prepare('SELECT row, phone, send_at, vars FROM recipient_list_rows WHERE list_id = ? AND row = ?')
      .get(spec.audience.listId, who.row) as
      { row: number; phone: string; send_at: string | null; vars: string } | undefined;
    if (!s) throw new VestnikError('not_found', `The sheet has no row ${who.row}`, 'row');
    const contact = db.prepare('SELECT * FROM contacts WHERE phone = ?').get(s.phone) as ContactRowLite | undefined;
    fields = sheetRecipient(contact, s);
    sendAt = s.send_at;
    row = s.row;
  } else if (who.contactId !== undefined) {
    const c = byId.get(who.contactId) as ContactRowLite | undefined;
    if (!c) throw new VestnikError('not_found', `Contact ${who.contactId} not found`, 'contactId');
    fields = recipientFields(c);
  } else {
    throw new VestnikError('bad_request', 'Name a contact or a row of the sheet', 'contactId');
  }
  const today = localDate(opts.now, opts.timeZone);
  const text = render(mustCompile(spec.text), fields, { today });
  const subject = spec.subject ? render(mustCompile(spec.subject), fields, { today }) : null;
  const content = contentTemplates(spec);
  const html = content.html ? bindHtmlTemplate(content.html, { today })(fields) : null;
  const wa = spec.whatsappTemplate;
  const whatsapp =
    wa && content.whatsapp
      ? {
          name: wa.name,
          language: wa.language,
          variables: content.whatsapp.map((t) => render(t, fields, { today })),
          body: wa.body ?? null,
        }
      : null;
  const count = countSms(text);
  return { text, subject, parts: count.parts, encoding: count.encoding, html, whatsapp, row, sendAt };
}
