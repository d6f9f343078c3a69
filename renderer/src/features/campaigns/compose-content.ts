import { cidReferences, compileHtmlTemplate } from '../../../../shared/domain/html-template';
import type { Picture } from '../../../../shared/domain/pictures';
import { compileTemplate, type TemplateIssue } from '../../../../shared/domain/template';
import type { InputOf } from '../../../../shared/ipc/contract';
import type { FieldError } from '../channels/account-form';
import type { TemplateChoice } from '../channels/send-form';

/**
 * What "Новая рассылка" composes besides the text, as plain data: the letter's HTML with its pictures (e-mail),
 * the approved template with each {{n}} mapped to a field or a fixed text (WhatsApp). What it checks before
 * Save and what it adds to campaigns:create. Pure, unit-tested (test/unit/renderer/compose-content.test.ts).
 */

type Spec = InputOf<'campaigns:create'>['spec'];

export const HTML_MAX = 500_000;
const WA_VARIABLE_MAX = 1024;

export interface ContentValues {
  /** E-mail: the letter's HTML (a template with the text's variables); empty: a plain-text letter. */
  html: string;
  /** Pictures added for the letter (campaigns:picture-add), shown by the HTML as cid:…. */
  pictures: Picture[];
  /** WhatsApp: the approved template chosen, and what fills each {{n}} (a text with variables). */
  waTemplate: TemplateChoice | null;
  waVars: string[];
}

export const emptyContent = (): ContentValues => ({ html: '', pictures: [], waTemplate: null, waVars: [] });

export type ContentField = 'html' | 'pictures' | 'whatsapp';

export interface ContentCheck {
  errors: Partial<Record<ContentField, FieldError>>;
  /** Errors and warnings of the HTML's variables, with positions in the HTML. */
  htmlIssues: TemplateIssue[];
  /** Pictures the HTML does not show (a warning: mail programs list them as attachments). */
  unusedPictures: string[];
  /** {{n}} (1-based) still to be mapped, or whose text has an error. */
  waProblems: number[];
  /** What campaigns:create gets from this part of the form. */
  spec: Pick<Spec, 'html' | 'whatsappTemplate'>;
  pictures: number[];
}

/** Checks the letter and the template for the channels the campaign has. */
export function checkContent(v: ContentValues, channels: { email: boolean; whatsapp: boolean }): ContentCheck {
  const errors: ContentCheck['errors'] = {};
  const htmlIssues: TemplateIssue[] = [];
  let unusedPictures: string[] = [];
  const spec: ContentCheck['spec'] = {};
  let pictures: number[] = [];

  const html = v.html.trim() === '' ? '' : v.html;
  if (channels.email && html !== '') {
    if (html.length > HTML_MAX) errors.html = { key: 'campaigns.error.tooLong' };
    else {
      const r = compileHtmlTemplate(html);
      if (r.ok) htmlIssues.push(...r.template.warnings);
      else {
        htmlIssues.push(...r.errors, ...r.warnings);
        errors.html = { key: 'campaigns.error.htmlTemplate', params: { count: r.errors.length } };
      }
      const refs = cidReferences(html);
      const have = new Set(v.pictures.map((p) => p.cid.toLowerCase()));
      const missing = refs.find((c) => !have.has(c.toLowerCase()));
      if (missing !== undefined && !errors.html) {
        errors.html = { key: 'campaigns.error.htmlPicture', params: { name: missing } };
      }
      const shown = new Set(refs.map((c) => c.toLowerCase()));
      unusedPictures = v.pictures.filter((p) => !shown.has(p.cid.toLowerCase())).map((p) => p.cid);
    }
    spec.html = html;
    pictures = v.pictures.map((p) => p.id);
  } else if (channels.email && v.pictures.length > 0) {
    errors.pictures = { key: 'campaigns.error.picturesWithoutHtml' };
  }

  const waProblems: number[] = [];
  if (channels.whatsapp) {
    const t = v.waTemplate;
    if (!t) errors.whatsapp = { key: 'campaigns.error.waTemplate' };
    else {
      const variables = Array.from({ length: t.variables }, (_, i) => (v.waVars[i] ?? '').trim());
      variables.forEach((text, i) => {
        if (text === '' || text.length > WA_VARIABLE_MAX || !compileTemplate(text).ok) waProblems.push(i + 1);
      });
      if (waProblems.length > 0) {
        errors.whatsapp = { key: 'campaigns.error.waVariable', params: { n: `{{${waProblems[0]}}}` } };
      }
      spec.whatsappTemplate = { name: t.name, language: t.language ?? 'ru', variables, body: t.body };
    }
  }
  return { errors, htmlIssues, unusedPictures, waProblems, spec, pictures };
}

/** `<img src="cid:logo.png" alt="">`: how the compose form puts a picture into the HTML. */
export const pictureTag = (p: Pick<Picture, 'cid' | 'name'>): string =>
  `<img src="cid:${p.cid}" alt="${p.name.replace(/\.[^.]*$/, '').replace(/[&<>"']/g, '')}">`;

/** The template's body with each {{n}} shown as what fills it ("{first_name|друг}"), or left as {{n}}. */
export function mappedBody(body: string, vars: readonly string[]): { text: string; slot: number | null }[] {
  const out: { text: string; slot: number | null }[] = [];
  let at = 0;
  for (const m of body.matchAll(/\{\{\s*(\d+)\s*\}\}/g)) {
    if (m.index > at) out.push({ text: body.slice(at, m.index), slot: null });
    const n = Number(m[1]);
    const v = (vars[n - 1] ?? '').trim();
    out.push({ text: v === '' ? m[0] : v, slot: n });
    at = m.index + m[0].length;
  }
  if (at < body.length) out.push({ text: body.slice(at), slot: null });
  return out;
}
