#!/usr/bin/env node
// Builds the mobile-number (DEF 9xx) → time-zone table in shared/domain/phone-timezone.ts from the Russian
// numbering-plan registry.
//
// Source: "Выписка из реестра Российской системы и плана нумерации", file DEF-9xx.csv, published as open data by
// the Ministry of Digital Development (Минцифры России, formerly Россвязь) at
// https://opendata.digital.gov.ru/registry/numeric/ (earlier https://rossvyaz.gov.ru/deyatelnost/resurs-numeracii/).
// Columns: "АВС/ DEF;От;До;Емкость;Оператор;Регион;Территория ГАР;ИНН" (older extracts: "Код;Д1;Д2;…;Регион").
// It is an official public registry kept under Federal Law 126-FZ "On communications"; official documents and
// state registries are not subject to copyright (Civil Code of the RF, art. 1259 p. 6), so the derived table
// (code, range, time zone — no operator data) can be shipped under the project's licence.
//
// The registry is not reachable from the project's machines (no network but the package registries), so the
// table committed now is generated from scripts/data/def-9xx-subset.csv: rows transcribed from a copy of the
// 2024–2025 registry: codes 900, 913, 914, 915, 916 complete; 901 up to 901-106-99-99; 912 from 912-480-00-00;
// 917 up to 917-979-99-99; 932 from 932-240-00-00; 933 up to 933-107-49-99; 999 from 999-660-00-00 (598 rows of
// about 14,000). To refresh or complete it, download DEF-9xx.csv (UTF-8; convert a
// Windows-1251 file first) and run:
//
//   node scripts/gen-def-timezones.mjs path/to/DEF-9xx.csv --write
//
// Without --write the block is printed; run prettier on the target file afterwards. Rows are mapped region → IANA zone by the rules below (the script
// stops on a region it does not know), sorted, and contiguous ranges of one zone are merged. Numbers keep
// their range after number portability, so the zone is the region the number was issued in: a best guess.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TARGET = path.join(ROOT, 'shared/domain/phone-timezone.ts');
const BEGIN = '// BEGIN GENERATED DEF TABLE';
const END = '// END GENERATED DEF TABLE';

/** Region name (as the registry spells it) → IANA zone. First match wins; order matters (Сахалин before Саха). */
export const REGION_RULES = [
  [/Калининград/, 'Europe/Kaliningrad'],
  [/Самар|Удмурт/, 'Europe/Samara'],
  [/Ульянов/, 'Europe/Ulyanovsk'],
  [/Саратов/, 'Europe/Saratov'],
  [/Астрахан/, 'Europe/Astrakhan'],
  [/Волгоград/, 'Europe/Volgograd'],
  [/Киров/, 'Europe/Kirov'],
  [/Крым|Севастопол/, 'Europe/Simferopol'],
  [/Ямал|Ханты|Свердлов|Челябин|Курган|Тюмен|Перм|Башкорт|Оренбург/, 'Asia/Yekaterinburg'],
  [/Омск/, 'Asia/Omsk'],
  [/Новосибир/, 'Asia/Novosibirsk'],
  [/Томск/, 'Asia/Tomsk'],
  [/Кемеров|Кузбасс/, 'Asia/Novokuznetsk'],
  [/Алтай/, 'Asia/Barnaul'],
  [/Краснояр|Хакас|Тыва|Тува/, 'Asia/Krasnoyarsk'],
  [/Иркут|Бурят/, 'Asia/Irkutsk'],
  [/Забайкал|Читинск/, 'Asia/Chita'],
  [/Сахалин/, 'Asia/Sakhalin'],
  [/Саха|Якут|Амур/, 'Asia/Yakutsk'],
  [/Примор|Хабаров|Еврей/, 'Asia/Vladivostok'],
  [/Магадан/, 'Asia/Magadan'],
  [/Камчат|Коряк/, 'Asia/Kamchatka'],
  [/Чукот/, 'Asia/Anadyr'],
  [
    /Москв|Московск|Санкт-Петербург|Ленинград|Белгород|Брянск|Владимир|Воронеж|Иванов|Калуж|Костром|Курск|Липецк|Орлов|Рязан|Смолен|Тамбов|Твер|Туль|Ярослав|Карел|Коми|Архангел|Ненец|Вологод|Мурман|Новгород|Псков|Адыге|Калмык|Краснодар|Ростов|Дагестан|Ингуш|Кабардин|Карачаев|Осети|Чечен|Ставропол|Марий|Мордов|Татарстан|Чуваш|Нижегород|Пенз|Донецк|Луганск|Запорож|Херсон/,
    'Europe/Moscow',
  ],
];

/** Zones in a fixed order (west to east) so that regenerating gives stable indices. */
export const ZONE_ORDER = [
  'Europe/Kaliningrad',
  'Europe/Moscow',
  'Europe/Simferopol',
  'Europe/Kirov',
  'Europe/Volgograd',
  'Europe/Samara',
  'Europe/Ulyanovsk',
  'Europe/Saratov',
  'Europe/Astrakhan',
  'Asia/Yekaterinburg',
  'Asia/Omsk',
  'Asia/Novosibirsk',
  'Asia/Tomsk',
  'Asia/Novokuznetsk',
  'Asia/Barnaul',
  'Asia/Krasnoyarsk',
  'Asia/Irkutsk',
  'Asia/Chita',
  'Asia/Yakutsk',
  'Asia/Vladivostok',
  'Asia/Sakhalin',
  'Asia/Magadan',
  'Asia/Kamchatka',
  'Asia/Anadyr',
];

/** The zone of a registry region, null for a federal or multi-zone range, undefined when unknown. */
export function zoneOfRegion(region) {
  // Combined regions ("г. Москва * Московская область", "Корякский округ|Камчатский край") must agree.
  const zones = new Set();
  for (const part of region.split(/[|*]| и (?=[А-ЯЁ])|,/)) {
    const p = part.trim();
    if (p === '' || p === '-' || /^(г\.|город)$/i.test(p)) continue;
    if (/Российская Федерация|^РФ$/i.test(p)) return null;
    const rule = REGION_RULES.find(([re]) => re.test(p));
    if (!rule) return undefined;
    zones.add(rule[1]);
  }
  if (zones.size === 0) return undefined;
  return zones.size === 1 ? [...zones][0] : null;
}

function splitCsvLine(line) {
  const out = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ';') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

export function readRegistry(text) {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const header = splitCsvLine(lines[0] ?? '').map((h) => h.trim());
  const col = (re) => header.findIndex((h) => re.test(h));
  const iCode = col(/DEF|АВС|ABC|Код/i);
  const iFrom = col(/^(От|Д1)$/);
  const iTo = col(/^(До|Д2)$/);
  const iRegion = col(/^Регион$/);
  if ([iCode, iFrom, iTo, iRegion].some((i) => i < 0)) {
    throw new Error(`unexpected header: ${lines[0]} (is the file UTF-8?)`);
  }
  return lines.slice(1).map((line) => {
    const f = splitCsvLine(line);
    return {
      code: (f[iCode] ?? '').trim(),
      from: Number(f[iFrom]),
      to: Number(f[iTo]),
      region: (f[iRegion] ?? '').trim(),
    };
  });
}

/** Rows → { code: [[from, to, zone], …] } with contiguous same-zone ranges merged; unknown regions listed. */
export function buildTable(rows) {
  const unknown = new Set();
  const byCode = new Map();
  for (const r of rows) {
    if (!/^9\d\d$/.test(r.code) || !Number.isInteger(r.from) || !Number.isInteger(r.to) || r.from > r.to) continue;
    const zone = zoneOfRegion(r.region);
    if (zone === undefined) unknown.add(r.region);
    if (!zone) continue;
    if (!byCode.has(r.code)) byCode.set(r.code, []);
    byCode.get(r.code).push([r.from, r.to, zone]);
  }
  const table = new Map();
  for (const code of [...byCode.keys()].sort()) {
    const ranges = byCode.get(code).sort((a, b) => a[0] - b[0]);
    const merged = [];
    for (const [from, to, zone] of ranges) {
      const last = merged[merged.length - 1];
      if (last && last[2] === zone && from === last[1] + 1) last[1] = to;
      else if (last && from <= last[1])
        throw new Error(`overlapping ranges in ${code}: ${last[0]}-${last[1]} and ${from}`);
      else merged.push([from, to, zone]);
    }
    table.set(code, merged);
  }
  return { table, unknown: [...unknown] };
}

export function renderBlock(table, sourceNote, rowCount) {
  const zones = ZONE_ORDER.filter((z) => [...table.values()].some((rs) => rs.some((r) => r[2] === z)));
  const pad = (n) => String(n).padStart(7, '0');
  let ranges = 0;
  const lines = [];
  for (const [code, rs] of table) {
    ranges += rs.length;
    const runs = rs.map(([from, to, zone]) => `${pad(from)}-${pad(to)}:${zones.indexOf(zone)}`);
    const chunks = [];
    for (let i = 0; i < runs.length; i += 5) chunks.push(`'${runs.slice(i, i + 5).join(' ')}'`);
    lines.push(`  '${code}': [\n${chunks.map((c) => `    ${c},`).join('\n')}\n  ],`);
  }
  return [
    `${BEGIN} — by scripts/gen-def-timezones.mjs; do not edit by hand.`,
    `// Source: ${sourceNote}; ${rowCount} registry rows → ${ranges} ranges in ${table.size} DEF codes.`,
    `const DEF_ZONES: readonly string[] = [${zones.map((z) => `'${z}'`).join(', ')}];`,
    '',
    '/** DEF code → "from-to:zone" runs (7-digit subscriber numbers, zone = index in DEF_ZONES), ascending. */',
    'const DEF_RANGES: Readonly<Record<string, readonly string[]>> = {',
    ...lines,
    '};',
    END,
  ].join('\n');
}

function main() {
  const args = process.argv.slice(2);
  const write = args.includes('--write');
  const files = args.filter((a) => a !== '--write');
  if (files.length === 0) files.push(path.join(ROOT, 'scripts/data/def-9xx-subset.csv'));
  const rows = files.flatMap((f) => readRegistry(fs.readFileSync(f, 'utf8')));
  const { table, unknown } = buildTable(rows);
  if (unknown.length > 0) {
    console.error(`Regions without a time-zone rule (add them to REGION_RULES):\n  ${unknown.join('\n  ')}`);
    process.exit(1);
  }
  const note = files.map((f) => path.relative(ROOT, f)).join(', ');
  const block = renderBlock(table, note, rows.length);
  if (!write) {
    console.log(block);
    return;
  }
  const src = fs.readFileSync(TARGET, 'utf8');
  const a = src.indexOf(BEGIN);
  const b = src.indexOf(END);
  if (a < 0 || b < a) throw new Error(`markers not found in ${TARGET}`);
  fs.writeFileSync(TARGET, src.slice(0, a) + block + src.slice(b + END.length));
  console.error(`wrote ${path.relative(ROOT, TARGET)}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
