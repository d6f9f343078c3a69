import type { CampaignState, CampaignStatusView, OutboxState } from '../../../../shared/domain/campaigns';
import { formatInZone } from '../../../../shared/domain/schedule';
import type { Locale } from '../../../../shared/ipc/contract';
import { formatNumber, type MessageKey, type Translate } from '../../i18n/translate';
import { formatMoney, type StatusTone } from '../channels/status';

/**
 * A campaign's state, reason and counts in words — the one place the list, the detail and the notifications
 * take them from. Pure: unit-tested in test/unit/renderer/campaign-view.test.ts.
 */

const STATE_KEYS = {
  draft: 'campaigns.state.draft',
  scheduled: 'campaigns.state.scheduled',
  expanding: 'campaigns.state.expanding',
  running: 'campaigns.state.running',
  paused: 'campaigns.state.paused',
  finished: 'campaigns.state.finished',
  cancelled: 'campaigns.state.cancelled',
  missed: 'campaigns.state.missed',
} as const satisfies Record<CampaignState, MessageKey>;

const COUNT_KEYS = {
  queued: 'campaigns.count.queued',
  sending: 'campaigns.count.sending',
  sent: 'campaigns.count.sent',
  delivered: 'campaigns.count.delivered',
  failed: 'campaigns.count.failed',
  unknown: 'campaigns.count.unknown',
  suppressed: 'campaigns.count.suppressed',
  skipped: 'campaigns.count.skipped',
} as const satisfies Record<OutboxState, MessageKey>;

/** The order counts are listed and charted in: the good news first, then what is on its way, then the rest. */
export const COUNT_ORDER: readonly OutboxState[] = [
  'delivered',
  'sent',
  'sending',
  'queued',
  'failed',
  'unknown',
  'suppressed',
  'skipped',
];

export function stateText(t: Translate, state: CampaignState): string {
  return t(STATE_KEYS[state]);
}

export function countLabel(t: Translate, state: OutboxState): string {
  return t(COUNT_KEYS[state]);
}

/** The badge colour: blue while it goes, green done, red when it needs the user, grey otherwise. */
export function stateTone(state: CampaignState): StatusTone {
  switch (state) {
    case 'scheduled':
    case 'expanding':
    case 'running':
      return 'progress';
    case 'finished':
      return 'ok';
    case 'paused':
    case 'missed':
      return 'bad';
    case 'draft':
    case 'cancelled':
      return 'unknown';
  }
}

/** `pending`: still in the queue (a paler blue than what has gone out). */
export type CountTone = 'ok' | 'progress' | 'pending' | 'bad' | 'unknown' | 'muted';

export function countTone(state: OutboxState): CountTone {
  switch (state) {
    case 'delivered':
      return 'ok';
    case 'sent':
      return 'progress';
    case 'sending':
    case 'queued':
      return 'pending';
    case 'failed':
      return 'bad';
    case 'unknown':
      return 'unknown';
    case 'suppressed':
    case 'skipped':
      return 'muted';
  }
}

/** Still sending or about to: the list refreshes it live and Pause applies. */
export const isActive = (state: CampaignState): boolean =>
  state === 'scheduled' || state === 'expanding' || state === 'running';

/**
 * Why a campaign is paused, missed or cancelled, in words. The core writes its own reasons in English with a
 * prefix ("account: …", "outage: …"); those get our sentence, and the provider's own words are kept as they
 * came (support needs them verbatim). Anything unrecognised is shown as it is.
 */
export function reasonText(t: Translate, reason: string | null): string | null {
  if (!reason || !reason.trim()) return null;
  const r = reason.trim();
  if (/^paused by the user\b/.test(r)) return t('campaigns.reason.pausedByUser');
  if (r === 'cancelled by the user') return t('campaigns.reason.cancelledByUser');
  if (r.startsWith('missed:')) return t('campaigns.reason.missed');
  if (r === 'the schedule has no more runs') return t('campaigns.reason.scheduleOver');
  const m = /^(account|outage|error|[a-z_]+): ([\s\S]*)$/.exec(r);
  if (m) {
    const words = (m[2] ?? '').trim();
    if (m[1] === 'account') return t('campaigns.reason.account', { words });
    if (m[1] === 'outage') return t('campaigns.reason.outage', { words });
    return t('campaigns.reason.error', { words });
  }
  return r;
}

/**
 * The reason as the list and the detail show it: a recurring campaign's missed run names the run's time in
 * the schedule's zone and its own choices (send now, skip this run); a stop at the budget names the sums;
 * anything else as `reasonText` says it.
 */
export function campaignReason(
  t: Translate,
  locale: Locale,
  c: Pick<CampaignStatusView, 'state' | 'reason' | 'repeat'>,
): string | null {
  const due = c.repeat && c.state === 'missed' ? /\(([^()]+)\)\s*$/.exec(c.reason ?? '')?.[1] : undefined;
  if (c.repeat && due && !Number.isNaN(Date.parse(due))) {
    return t('campaigns.reason.missedRun', { time: formatInZone(new Date(due), c.repeat.timeZone, locale) });
  }
  const budget = /^budget: .*budget of ([\d.]+) \(([\d.]+) spent/.exec(c.reason ?? '');
  if (budget) {
    const money = (v: string | undefined) => formatMoney(locale, { amount: Number(v), currency: 'RUB' });
    return t('campaigns.reason.budget', { budget: money(budget[1]), spent: money(budget[2]) });
  }
  return reasonText(t, c.reason);
}

export interface CountBar {
  state: OutboxState;
  label: string;
  count: number;
  /** Share of all rows, 0..1 (for the bar's width). */
  fraction: number;
  tone: CountTone;
}

export function totalCount(counts: Partial<Record<OutboxState, number>>): number {
  return COUNT_ORDER.reduce((n, s) => n + (counts[s] ?? 0), 0);
}

/** Every outbox state with its count and share, in COUNT_ORDER (zeros included: the chart keeps its shape). */
export function countBars(t: Translate, counts: Partial<Record<OutboxState, number>>): CountBar[] {
  const total = totalCount(counts);
  return COUNT_ORDER.map((state) => {
    const count = counts[state] ?? 0;
    return {
      state,
      label: countLabel(t, state),
      count,
      fraction: total > 0 ? count / total : 0,
      tone: countTone(state),
    };
  });
}

/** Rows that have left the queue for good (whatever their outcome): how far the campaign is. */
export function progress(counts: Partial<Record<OutboxState, number>>): { done: number; total: number } {
  const total = totalCount(counts);
  const pending = (counts.queued ?? 0) + (counts.sending ?? 0);
  return { done: total - pending, total };
}

/** "доставлено 10 · отправлено 3 · не доставлено 1": the non-zero counts, for the list. */
export function countsSummary(t: Translate, locale: Locale, counts: Partial<Record<OutboxState, number>>): string {
  const parts = COUNT_ORDER.filter((s) => (counts[s] ?? 0) > 0).map(
    (s) => `${countLabel(t, s)} ${formatNumber(locale, counts[s] ?? 0)}`,
  );
  return parts.length > 0 ? parts.join(' · ') : t('campaigns.count.none');
}

export interface CampaignActions {
  launch: boolean;
  pause: boolean;
  resume: boolean;
  /** A missed campaign's Resume is "send now". */
  sendNow: boolean;
  /** A recurring campaign's missed run can be let go: it waits for the next one. */
  skip: boolean;
  cancel: boolean;
  resendFailed: boolean;
  resendUnknown: boolean;
}

/** Which buttons a campaign in this state offers (the core refuses the rest anyway). */
export function actionsFor(
  c: Pick<CampaignStatusView, 'state' | 'counts'> & Partial<Pick<CampaignStatusView, 'repeat'>>,
): CampaignActions {
  const s = c.state;
  const open = s === 'running' || s === 'paused' || s === 'finished';
  return {
    launch: s === 'draft',
    pause: isActive(s),
    resume: s === 'paused',
    sendNow: s === 'missed',
    skip: s === 'missed' && Boolean(c.repeat),
    cancel: s !== 'finished' && s !== 'cancelled',
    resendFailed: open && (c.counts.failed ?? 0) > 0,
    resendUnknown: open && (c.counts.unknown ?? 0) > 0,
  };
}

// What a change of state tells the user (toasts here, desktop notifications in Electron): shared/domain.
export { noticeFor, type Notice } from '../../../../shared/domain/campaign-notice';
