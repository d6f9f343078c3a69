import { CHANNELS, type Channel } from '../../../../shared/domain/channels';
import type { Account } from '../../../../shared/domain/providers';
import { DEFAULT_GRACE_MS } from '../../../../shared/domain/schedule';
import { compileTemplate, type TemplateIssue, type TemplateIssueCode } from '../../../../shared/domain/template';
import type { InputOf } from '../../../../shared/ipc/contract';
import type { MessageKey, Translate } from '../../i18n/translate';
import type { FieldError } from '../channels/account-form';
import { localIso } from '../channels/send-form';
import { localZone } from './local-zone';
import {
  checkContent,
  emptyContent,
  type ContentCheck,
  type ContentField,
  type ContentValues,
} from './compose-content';
import { checkSchedule } from './schedule-view';

/**
 * "Новая рассылка" as plain data: the form's values, what it checks, and the campaigns:create input it
 * builds. Pure, unit-tested (test/unit/renderer/campaign-form.test.ts).
 */

export type CampaignInput = InputOf<'campaigns:create'>;

const NAME_MAX = 200;
const TEXT_MAX = 10_000;
const SUBJECT_MAX = 500;
const SENDER_MAX = 64;
export const MAX_CHANNELS = 4;
/** The grace period's bounds in minutes (campaigns:create takes 0…a week). */
export const GRACE_MAX = 7 * 24 * 60;
export const DEFAULT_GRACE = DEFAULT_GRACE_MS / 60_000;

export interface ChannelRow {
  channel: Channel;
  accountId: number | null;
  sender: string;
}

export type AudienceChoice = 'all' | 'group' | 'segment' | 'contacts' | 'sheet';

export interface CampaignFormValues extends ContentValues {
  name: string;
  owner: string;
  /** In priority order. */
  channels: ChannelRow[];
  mode: 'all' | 'priority';
  audience: AudienceChoice;
  groupId: number | null;
  segmentId: number | null;
  /** The contacts ticked in the base when the form opened. */
  contactIds: number[];
  /** A campaign sheet saved as a recipient list, and how many {var1}… its rows have. */
  listId: number | null;
  sheetVariables: number;
  text: string;
  subject: string;
  marketing: boolean;
  /** The window marketing SMS may go in, the recipient's local time ("09:00"–"21:00"); equal: any time. */
  quietFrom: string;
  quietTo: string;
  /** Roubles as typed ("1 500,50" is fine); empty: no budget. */
  budget: string;
  /** At launch, at a date and time, or on a cron schedule. */
  when: 'now' | 'later' | 'repeat';
  date: string;
  time: string;
  /** The schedule (node-cron syntax) and its IANA zone, for `repeat`. */
  cron: string;
  timeZone: string;
  /** How late a missed run may still go out by itself, minutes as typed (`later` and `repeat`). */
  grace: string;
}

export type CampaignField =
  | 'name'
  | 'channels'
  | 'audience'
  | 'text'
  | 'subject'
  | 'quietHours'
  | 'budget'
  | 'when'
  | 'repeat'
  | 'grace'
  | ContentField
  | `sender${number}`
  | `account${number}`;

export interface CampaignValidation {
  errors: Partial<Record<CampaignField, FieldError>>;
  /** Errors and warnings of the text's variables, with positions (shown live, before Save). */
  issues: TemplateIssue[];
  input: CampaignInput | null;
  /** The chosen time has passed: the campaign would start at once. */
  past: boolean;
  /** The letter's HTML and WhatsApp's template (./compose-content.ts). */
  content: ContentCheck;
}

/** The default account of the first channel that has one (SMS first, as CHANNELS orders them). */
export function firstChannelRow(accounts: readonly Account[]): ChannelRow | null {
  for (const channel of CHANNELS) {
    const row = channelRow(accounts, channel);
    if (row.accountId !== null) return row;
  }
  return null;
}

/** A row for a channel with its default account (or its first) preselected. */
export function channelRow(accounts: readonly Account[], channel: Channel): ChannelRow {
  const of = accounts.filter((a) => a.channel === channel);
  const account = of.find((a) => a.isDefault) ?? of[0] ?? null;
  return { channel, accountId: account?.id ?? null, sender: '' };
}

/** Channels with an account that are not in the list yet: what "Добавить канал" offers. */
export function addableChannels(accounts: readonly Account[], rows: readonly ChannelRow[]): Channel[] {
  return CHANNELS.filter((ch) => accounts.some((a) => a.channel === ch) && !rows.some((r) => r.channel === ch));
}

export function emptyCampaignForm(accounts: readonly Account[], contactIds: number[] = []): CampaignFormValues {
  const first = firstChannelRow(accounts);
  return {
    name: '',
    owner: '',
    channels: first ? [first] : [],
    mode: 'priority',
    audience: 'all',
    groupId: null,
    segmentId: null,
    contactIds,
    listId: null,
    sheetVariables: 0,
    ...emptyContent(),
    text: '',
    subject: '',
    marketing: true,
    quietFrom: '09:00',
    quietTo: '21:00',
    budget: '',
    when: 'now',
    date: '',
    time: '',
    cron: '',
    timeZone: localZone(),
    grace: String(DEFAULT_GRACE),
  };
}

/** Moves a channel one place up (-1) or down (+1) in the priority order. */
export function moveRow<T>(rows: readonly T[], index: number, by: -1 | 1): T[] {
  const to = index + by;
  if (to < 0 || to >= rows.length) return [...rows];
  const next = [...rows];
  [next[index], next[to]] = [next[to]!, next[index]!];
  return next;
}

/** A variable as it is written in the text: {first_name}, or {first_name|клиент} with a fallback. */
export function variableToken(name: string, fallback?: string): string {
  const f = fallback?.replace(/[{}|\n]/g, '').trim();
  return f ? `{${name}|${f}}` : `{${name}}`;
}

/** Puts `token` in place of the selection [start, end); the caret goes after it. */
export function insertAt(text: string, start: number, end: number, token: string): { text: string; caret: number } {
  const s = Math.max(0, Math.min(start, text.length));
  const e = Math.max(s, Math.min(end, text.length));
  return { text: text.slice(0, s) + token + text.slice(e), caret: s + token.length };
}

const ISSUE_KEYS = {
  unclosed_brace: 'campaigns.issue.unclosed_brace',
  unmatched_closing_brace: 'campaigns.issue.unmatched_closing_brace',
  empty_variable_name: 'campaigns.issue.empty_variable_name',
  unknown_syntax: 'campaigns.issue.unknown_syntax',
  impossible_variable_name: 'campaigns.issue.impossible_variable_name',
  escaped_variable: 'campaigns.issue.escaped_variable',
} as const satisfies Record<TemplateIssueCode, MessageKey>;

/** "Строка 1, символ 7: скобка «{» не закрыта…" — the issue in the user's language, with where it is. */
export function issueText(t: Translate, issue: TemplateIssue): string {
  const what = t(ISSUE_KEYS[issue.code], { name: issue.name ?? '' });
  return t('campaigns.issue.at', { line: issue.line, column: issue.column, what });
}

/** "1 500,50" → 1500.5; null when it is not a positive amount. */
export function parseAmount(s: string): number | null {
  const clean = s.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(clean)) return null;
  const n = Number(clean);
  return n > 0 && Number.isFinite(n) ? n : null;
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export function validateCampaign(v: CampaignFormValues, opts: { now: Date }): CampaignValidation {
  const errors: CampaignValidation['errors'] = {};
  const name = v.name.trim();
  if (name === '') errors.name = { key: 'campaigns.error.name' };
  else if (name.length > NAME_MAX) errors.name = { key: 'campaigns.error.tooLong' };

  if (v.channels.length === 0) errors.channels = { key: 'campaigns.error.channels' };
  v.channels.forEach((row, i) => {
    if (row.accountId === null) errors[`account${i}`] = { key: 'campaigns.error.account' };
    if (row.sender.trim().length > SENDER_MAX) errors[`sender${i}`] = { key: 'campaigns.error.tooLong' };
  });

  let audience: CampaignInput['spec']['audience'] | null = null;
  switch (v.audience) {
    case 'all':
      audience = { kind: 'all' };
      break;
    case 'group':
      if (v.groupId === null) errors.audience = { key: 'campaigns.error.group' };
      else audience = { kind: 'group', groupId: v.groupId };
      break;
    case 'segment':
      if (v.segmentId === null) errors.audience = { key: 'campaigns.error.segment' };
      else audience = { kind: 'segment', segmentId: v.segmentId };
      break;
    case 'contacts':
      if (v.contactIds.length === 0) errors.audience = { key: 'campaigns.error.contacts' };
      else if (v.contactIds.length > 10_000) errors.audience = { key: 'campaigns.error.tooManyContacts' };
      else audience = { kind: 'contacts', ids: [...v.contactIds] };
      break;
    case 'sheet':
      if (v.listId === null) errors.audience = { key: 'campaigns.error.sheet' };
      else audience = { kind: 'sheet', listId: v.listId };
      break;
  }

  const issues: TemplateIssue[] = [];
  if (v.text.trim() === '') errors.text = { key: 'campaigns.error.text' };
  else if (v.text.length > TEXT_MAX) errors.text = { key: 'campaigns.error.tooLong' };
  else {
    const compiled = compileTemplate(v.text);
    if (compiled.ok) issues.push(...compiled.template.warnings);
    else {
      issues.push(...compiled.errors, ...compiled.warnings);
      errors.text = { key: 'campaigns.error.template', params: { count: compiled.errors.length } };
    }
  }

  const email = v.channels.some((r) => r.channel === 'email');
  const subject = v.subject.trim();
  if (email) {
    if (subject === '') errors.subject = { key: 'campaigns.error.subject' };
    else if (subject.length > SUBJECT_MAX) errors.subject = { key: 'campaigns.error.tooLong' };
    else if (!compileTemplate(subject).ok) errors.subject = { key: 'campaigns.error.subjectTemplate' };
  }

  const content = checkContent(v, { email, whatsapp: v.channels.some((r) => r.channel === 'whatsapp') });
  Object.assign(errors, content.errors);

  if (v.marketing && (!HHMM.test(v.quietFrom) || !HHMM.test(v.quietTo))) {
    errors.quietHours = { key: 'campaigns.error.quietHours' };
  }

  let budget: number | undefined;
  if (v.budget.trim() !== '') {
    const b = parseAmount(v.budget);
    if (b === null) errors.budget = { key: 'campaigns.error.budget' };
    else budget = b;
  }

  let sendAt: string | undefined;
  let past = false;
  if (v.when === 'later') {
    const iso = localIso(v.date, v.time);
    if (!iso) errors.when = { key: 'campaigns.error.when' };
    else if (Date.parse(iso) <= opts.now.getTime()) {
      past = true;
      errors.when = { key: 'campaigns.error.whenPast' };
    } else sendAt = iso;
  }

  let repeat: CampaignInput['repeat'];
  if (v.when === 'repeat') {
    // The expression's own words are shown live under the field; this only keeps the form from saving.
    const schedule = checkSchedule(v.cron, v.timeZone, opts.now, 1);
    if (!schedule.ok) errors.repeat = 'key' in schedule.problem ? schedule.problem : { key: 'campaigns.error.cron' };
    else repeat = { cron: v.cron.trim(), timeZone: v.timeZone };
  }

  let graceMinutes: number | undefined;
  if (v.when !== 'now') {
    const g = v.grace.trim();
    if (!/^\d{1,5}$/.test(g) || Number(g) > GRACE_MAX) errors.grace = { key: 'campaigns.error.grace' };
    else graceMinutes = Number(g);
  }

  if (Object.keys(errors).length > 0 || !audience) return { errors, issues, input: null, past, content };
  const spec: CampaignInput['spec'] = {
    channels: v.channels.map((r) => {
      const sender = r.sender.trim();
      return sender
        ? { channel: r.channel, accountId: r.accountId!, sender }
        : { channel: r.channel, accountId: r.accountId! };
    }),
    mode: v.mode,
    audience,
    text: v.text,
    marketing: v.marketing,
    quietHours: { from: v.quietFrom, to: v.quietTo },
  };
  if (email) spec.subject = subject;
  if (content.spec.html !== undefined) spec.html = content.spec.html;
  if (content.spec.whatsappTemplate) spec.whatsappTemplate = content.spec.whatsappTemplate;
  if (budget !== undefined) spec.budget = budget;
  const input: CampaignInput = { name, spec };
  const owner = v.owner.trim();
  if (owner) input.owner = owner;
  if (sendAt) input.sendAt = sendAt;
  if (repeat) input.repeat = repeat;
  if (graceMinutes !== undefined) input.graceMinutes = graceMinutes;
  if (content.pictures.length > 0) input.pictures = content.pictures;
  return { errors, issues, input, past, content };
}
