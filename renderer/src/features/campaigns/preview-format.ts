import type { Locale, OutputOf } from '../../../../shared/ipc/contract';
import { formatNumber, type MessageKey, type Translate } from '../../i18n/translate';
import { charName } from '../channels/sms-counter';
import { formatMoney } from '../channels/status';

/**
 * The cost preview (campaigns:preview) and the exact message (campaigns:render) as the user reads them:
 * the price's source, the histogram of parts, the personalised values that made messages UCS-2, and the
 * core's warnings in the user's language. Pure, unit-tested (test/unit/renderer/campaign-preview.test.ts).
 */

export type CostPreview = OutputOf<'campaigns:preview'>;
export type ChannelPreview = CostPreview['channels'][number];
export type Rendered = OutputOf<'campaigns:render'>;

const SOURCE_KEYS = {
  provider: 'campaigns.cost.source.provider',
  tariff: 'campaigns.cost.source.tariff',
  none: 'campaigns.cost.source.none',
} as const satisfies Record<ChannelPreview['priceSource'], MessageKey>;

export function priceSourceText(t: Translate, source: ChannelPreview['priceSource']): string {
  return t(SOURCE_KEYS[source]);
}

/** Roubles, as the core counts costs (the providers we know bill in them). */
export const rub = (locale: Locale, amount: number): string => formatMoney(locale, { amount, currency: 'RUB' });

export interface PartsRow {
  parts: number;
  messages: number;
  /** Share of the largest bucket, 0..1 (the bar's width). */
  fraction: number;
}

/** The histogram of parts: "1 часть — 2 990 сообщений", in order of parts. */
export function partsHistogram(byParts: Record<string, number>): PartsRow[] {
  const rows = Object.entries(byParts)
    .map(([k, v]) => ({ parts: Number(k), messages: v }))
    .filter((r) => Number.isFinite(r.parts) && r.messages > 0)
    .sort((a, b) => a.parts - b.parts);
  const max = Math.max(0, ...rows.map((r) => r.messages));
  return rows.map((r) => ({ ...r, fraction: max > 0 ? r.messages / max : 0 }));
}

/** "«Ёлка» в {first_name}: «Ё»" — which value of which variable turned a message into UCS-2. */
export function switchedExampleText(t: Translate, e: ChannelPreview['switchedExamples'][number]): string {
  return t('campaigns.cost.switchedExample', {
    variable: `{${e.variable}}`,
    value: e.value,
    chars: e.characters.map((ch) => charName(t, ch)).join(', '),
  });
}

export interface WarningView {
  text: string;
  /** `danger`: money — the balance will not cover it, or it is over the budget. */
  tone: 'danger' | 'warning';
}

const NUM = '(-?[\\d.]+)';

/**
 * The core's warnings are fixed English sentences (electron/core/campaigns/preview.ts); they are matched and
 * said in the user's language, with the numbers as money. One not recognised is shown as it came.
 */
export function warningView(t: Translate, locale: Locale, warning: string): WarningView {
  const w = warning.trim();
  let m = new RegExp(`^(.*): the balance \\(${NUM} (\\S+)\\) will not cover ${NUM}$`).exec(w);
  if (m) {
    const balance = formatMoney(locale, { amount: Number(m[2]), currency: m[3] ?? 'RUB' });
    return {
      text: t('campaigns.warn.notCovered', { account: m[1] ?? '', balance, cost: rub(locale, Number(m[4])) }),
      tone: 'danger',
    };
  }
  m = new RegExp(`^The cost ${NUM} is over the budget ${NUM}$`).exec(w);
  if (m) {
    return {
      text: t('campaigns.warn.overBudget', { cost: rub(locale, Number(m[1])), budget: rub(locale, Number(m[2])) }),
      tone: 'danger',
    };
  }
  m = /^(.*): the provider's cost API did not answer; enter a tariff in the account$/.exec(w);
  if (m) return { text: t('campaigns.warn.noCostApi', { account: m[1] ?? '' }), tone: 'warning' };
  m = /^(.*): the balance could not be read$/.exec(w);
  if (m) return { text: t('campaigns.warn.noBalance', { account: m[1] ?? '' }), tone: 'warning' };
  m = /^(\d+) messages become UCS-2 \(more parts\) because of personalised values$/.exec(w);
  if (m) return { text: t('campaigns.warn.ucs2', { count: formatNumber(locale, Number(m[1])) }), tone: 'warning' };
  return { text: w, tone: 'warning' };
}

/** Messages that will go out, over all channels. */
export const totalSendable = (p: CostPreview): number => p.channels.reduce((n, c) => n + c.sendable, 0);

/** Parts over all channels. */
/** SMS parts over the SMS channels (an e-mail or a chat message is one message, not parts). */
export const totalParts = (p: CostPreview): number =>
  p.channels.reduce((n, c) => n + (c.channel === 'sms' ? c.parts : 0), 0);

/** Whether a preview sends any SMS: only then do parts mean anything. */
export const hasSms = (p: CostPreview): boolean => p.channels.some((c) => c.channel === 'sms');

/** The money warnings the launch confirmation repeats: the balance, the budget. */
export function moneyWarnings(t: Translate, locale: Locale, p: CostPreview): string[] {
  return p.warnings
    .map((w) => warningView(t, locale, w))
    .filter((w) => w.tone === 'danger')
    .map((w) => w.text);
}

/** "Стоимость: 10 503,50 ₽" or, when some channel has no price, "стоимость неизвестна". */
export function costText(t: Translate, locale: Locale, cost: number | null): string {
  return cost === null ? t('campaigns.cost.unknown') : rub(locale, cost);
}

/** "2 части · UCS-2 (кириллица)" for the exact message. */
export function renderedSummary(
  t: Translate,
  locale: Locale,
  r: Pick<Rendered, 'text' | 'subject' | 'parts' | 'encoding'>,
): string {
  return t('campaigns.render.summary', {
    characters: formatNumber(locale, r.text.length),
    parts: formatNumber(locale, r.parts),
    encoding: t(r.encoding === 'gsm7' ? 'campaigns.render.gsm7' : 'campaigns.render.ucs2'),
  });
}
