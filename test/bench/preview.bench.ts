/**
 * The cost preview of a campaign at 1,000,000 personalised messages: compile the template, render every
 * recipient's message, count its SMS parts and encoding, build the histogram and the UCS-2 switch report
 * (shared/domain/cost-preview.ts) — next to a baseline measured in the same run: rendering with a
 * String.replace per variable (regular expressions built once, `Intl.NumberFormat('ru-RU')` for the balance)
 * and the reference counter `countSms`.
 * Goal: 1,000,000 messages ≤ 3 s end to end. Size: BENCH_MESSAGES (default 1,000,000).
 *
 * Two templates: a Russian one (UCS-2 anyway), and a transliterated one whose GSM-7 text the Cyrillic names
 * switch to UCS-2 — the worst case for the switch report (almost every message is reported).
 */
import { previewCampaign, type CampaignPreview } from '../../shared/domain/cost-preview';
import { countSms } from '../../shared/domain/sms';
import { bindTemplate, mustCompile, type RecipientFields } from '../../shared/domain/template';
import { person, prng } from './fake-people';

const N = Number(process.env.BENCH_MESSAGES ?? 1_000_000);
const TODAY = '2025-03-08';
const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const CITIES = ['Москва', 'Санкт-Петербург', 'Казань', 'Новосибирск', 'Екатеринбург', 'Тверь', 'Самара', 'Омск'];

const TEMPLATES = {
  russian:
    '{first_name|Уважаемый клиент}, на вашем счёте {balance} бонусов. Ждём вас в магазине в г. {Город|вашем городе}! Акция до {today}.',
  latin:
    'Zdravstvujte, {first_name|klient}! Na vashem schete {balance} bonusov. Magazin: {Город|ryadom s vami}. Do {today}.',
};

// Deterministic recipients, built before the clock starts (the preview reads them from the base later).
const r = prng(42);
const recipients: RecipientFields[] = [];
for (let i = 0; i < N; i++) {
  const p = person(i, r);
  const noName = r() < 0.05;
  const cents = r() < 0.5;
  const amount = Math.floor(r() * 200_000) + (cents ? Math.floor(r() * 100) / 100 : 0);
  const attributes: Record<string, string> = { balance: String(amount) };
  if (r() < 0.9) attributes['Город'] = CITIES[Math.floor(r() * CITIES.length)]!;
  recipients.push({ id: i + 1, ...p, firstName: noName ? '' : p.firstName, attributes });
}

const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;

function ours(text: string): { s: number; preview: CampaignPreview } {
  const t0 = process.hrtime.bigint();
  const preview = previewCampaign(mustCompile(text), recipients, { channel: 'sms', today: TODAY, tariffPerPart: 3.5 });
  return { s: seconds(t0), preview };
}

/**
 * What a first version would do: a String.replace per variable (the regular expressions built once, numbers
 * through a shared Intl.NumberFormat('ru-RU') with its no-break spaces put back to plain ones).
 */
function naiveRenderer(text: string): (c: RecipientFields) => string {
  const whole = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 0 });
  const cents = new Intl.NumberFormat('ru-RU', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const today = TODAY.split('-').reverse().join('.');
  const variable = (name: string) => new RegExp(`\\{${name}(?:\\|([^}]*))?\\}`, 'g');
  const FIRST = variable('first_name');
  const BALANCE = variable('balance');
  const CITY = variable('Город');
  const TODAY_RE = variable('today');
  const or = (v: string | undefined | null, fb: string | undefined) => (v ? v : (fb ?? ''));
  return (c) => {
    const balance = c.attributes?.['balance'];
    const amount = Number(balance);
    const shown = balance
      ? (Number.isInteger(amount) ? whole : cents).format(amount).replace(/[\u00a0\u202f]/g, ' ')
      : '';
    return text
      .replace(FIRST, (_, fb: string | undefined) => or(c.firstName, fb?.trim()))
      .replace(BALANCE, (_, fb: string | undefined) => or(shown, fb?.trim()))
      .replace(CITY, (_, fb: string | undefined) => or(c.attributes?.['Город'], fb?.trim()))
      .replace(TODAY_RE, today);
  };
}

/** The baseline: the naive renderer, then the reference counter, then the same histogram. */
function baseline(text: string): { s: number; parts: number; byParts: Record<number, number>; ucs2: number } {
  const t0 = process.hrtime.bigint();
  const naive = naiveRenderer(text);
  let parts = 0;
  let ucs2 = 0;
  const byParts: Record<number, number> = {};
  for (const c of recipients) {
    const count = countSms(naive(c));
    parts += count.parts;
    byParts[count.parts] = (byParts[count.parts] ?? 0) + 1;
    if (count.encoding === 'ucs2') ucs2 += 1;
  }
  return { s: seconds(t0), parts, byParts, ucs2 };
}

console.log(`${fmt(N)} recipients (deterministic fake Russian contacts; 5% without a first name, 10% without a city)`);
for (const [name, text] of Object.entries(TEMPLATES)) {
  // The two renderers must agree before their times mean anything.
  const fast = bindTemplate(mustCompile(text), { today: TODAY });
  const naive = naiveRenderer(text);
  const sample = recipients.slice(0, 10_000).map(fast);
  sample.forEach((m, i) => {
    if (m !== naive(recipients[i]!)) throw new Error(`renderers disagree: "${m}" vs "${naive(recipients[i]!)}"`);
  });
  console.log(`\ntemplate "${name}": ${text}`);
  console.log(`  e.g. "${sample[0]}"`);

  const first = ours(text);
  const again = [ours(text), ours(text)];
  const best = Math.min(first.s, ...again.map((a) => a.s));
  const base = baseline(text);
  const p = first.preview;
  if (
    p.parts !== base.parts ||
    p.ucs2Messages !== base.ucs2 ||
    JSON.stringify(p.byParts) !== JSON.stringify(base.byParts)
  )
    throw new Error(`preview and baseline disagree: ${p.parts} vs ${base.parts} parts`);

  const line = (label: string, s: number) =>
    `  ${label.padEnd(52)} ${fmt(s, 3).padStart(7)} s   ${fmt(N / s).padStart(11)} messages/s`;
  console.log(line('previewCampaign: compile+render+parts+histogram (1st)', first.s));
  console.log(line('previewCampaign, best of 3', best));
  console.log(line('baseline: String.replace per variable + countSms', base.s));
  console.log(
    `  ratio baseline/preview: ×${fmt(base.s / first.s, 1)} (1st run), ×${fmt(base.s / best, 1)} (best)   goal ≤ 3 s at 1,000,000: ${N < 1_000_000 ? 'n/a at this size' : first.s <= 3 ? 'met' : 'NOT met'}`,
  );
  const sw = p.switchedToUcs2ByValues;
  console.log(
    `  ${fmt(p.messages)} messages, ${fmt(p.parts)} parts ${JSON.stringify(p.byParts)}, UCS-2 ${fmt(p.ucs2Messages)}, ` +
      `switched to UCS-2 by values ${fmt(sw.messages)} (${Object.entries(sw.byVariable)
        .map(([v, s]) => `${v}: ${fmt(s.messages)}`)
        .join(', ')}), fallbacks ${JSON.stringify(p.emptyFallbacksUsed)}, cost ${fmt(p.cost ?? 0, 2)} at 3.50/part`,
  );
}
