import { countSms, type SmsCount } from '../../../../shared/domain/sms';
import type { Locale } from '../../../../shared/ipc/contract';
import { formatNumber, type Translate } from '../../i18n/translate';

/**
 * The live SMS counter under a text box, in words. The counting itself is shared/domain/sms.ts (the same
 * code the core bills with); this only says it: characters, parts, the encoding and its limits, and — when
 * the text went UCS-2 — which characters did it, so the user can replace them (a no-break space pasted
 * from Word is the usual culprit).
 */

/** How many of the offending characters are named before "и ещё N". */
const CAUSE_LIMIT = 10;

export interface SmsCounterView {
  count: SmsCount;
  /** "Символов: 23 · SMS: 1 · до следующей части: 47" */
  summary: string;
  /** "UCS-2 — 70 символов в одной SMS, 67 в каждой части длинной" */
  encoding: string;
  /** "UCS-2 из-за символов: «П», «р», неразрывный пробел" — null for GSM-7. */
  cause: string | null;
}

/** A character as a person can recognise it: invisible ones get a name or their code point. */
export function charName(t: Translate, ch: string): string {
  if (ch === '\u00a0' || ch === '\u202f') return t('sms.char.nbsp');
  if (ch === '\t') return t('sms.char.tab');
  if (/^[\p{C}\p{Z}]$/u.test(ch)) {
    return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return `«${ch}»`;
}

export function smsCounterView(t: Translate, locale: Locale, text: string): SmsCounterView {
  const count = countSms(text);
  const n = (v: number) => formatNumber(locale, v);
  const summary =
    count.parts === 0
      ? t('sms.summaryEmpty')
      : t('sms.summary', { characters: n(count.characters), parts: n(count.parts), remaining: n(count.remaining) });
  const encoding = t(count.encoding === 'gsm7' ? 'sms.encoding.gsm7' : 'sms.encoding.ucs2');
  let cause: string | null = null;
  if (count.encoding === 'ucs2') {
    const named = count.nonGsm.slice(0, CAUSE_LIMIT).map((ch) => charName(t, ch));
    const more = count.nonGsm.length - named.length;
    const list = named.join(', ') + (more > 0 ? ` ${t('sms.causeMore', { count: n(more) })}` : '');
    cause = t('sms.cause', { chars: list });
  }
  return { count, summary, encoding, cause };
}
