/**
 * The subscriber base at 1,000,000 contacts: seed rate, and search latency (p50/p95 over 200 queries)
 * through the core's own API (the dispatcher: validation, count, page of 100 with groups and opt-outs)
 * next to the bare FTS5 prefix query on the same database in the same run.
 * Goal: p95 ≤ 10 ms at 1,000,000 contacts. Size: BENCH_CONTACTS (default 1,000,000).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCore } from '../../electron/core/core';
import { insertContactsBulk, optimizeContactsIndex } from '../../electron/core/repos/contacts-bulk';
import { parseSearch, prefixRange } from '../../electron/core/repos/search-query';
import { createDispatcher } from '../../shared/ipc/dispatch';
import { person, prng, SEARCH_WORDS } from './fake-people';

const N = Number(process.env.BENCH_CONTACTS ?? 1_000_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vestnik-bench-'));
const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

try {
  const core = createCore({ dbPath: path.join(dir, 'vestnik.db'), shell: 'test' });
  const { db } = core;

  // Seed through the core's bulk path (what an import uses), in batches of 50,000 rows; the last batch is
  // timed on its own and then compared with 50,000 more rows inserted one by one through the per-row FTS
  // trigger into a copy of the equally full base (the baseline).
  const r = prng(42);
  const now = new Date().toISOString();
  const seed0 = process.hrtime.bigint();
  let lastBatchMs = 0;
  for (let i = 0; i < N; i += 50_000) {
    const batch = Array.from({ length: Math.min(50_000, N - i) }, (_, k) => person(i + k, r));
    const t0 = process.hrtime.bigint();
    insertContactsBulk(db, batch, now, 'bench');
    lastBatchMs = ms(t0);
  }
  optimizeContactsIndex(db); // as an import does after a large load
  const seedMs = ms(seed0);
  const fileMb = fs.statSync(path.join(dir, 'vestnik.db')).size / 1e6;
  console.log(
    `seed: ${fmt(N)} contacts in ${fmt(seedMs / 1000, 1)} s = ${fmt(N / (seedMs / 1000))} contacts/s (db ${fmt(fileMb)} MB)`,
  );
  {
    // On a copy, so the base the searches run on is exactly the seeded one.
    db.pragma('wal_checkpoint(TRUNCATE)');
    const copyPath = path.join(dir, 'baseline.db');
    fs.copyFileSync(path.join(dir, 'vestnik.db'), copyPath);
    const copy = createCore({ dbPath: copyPath, shell: 'test' });
    const n = Math.min(N, 50_000);
    const extra = Array.from({ length: n }, (_, i) => person(N + i, prng(1)));
    const one = copy.db.prepare(
      `INSERT INTO contacts (phone, email, last_name, first_name, middle_name, attributes, source, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, '{}', 'baseline', ?, ?)`,
    );
    const t0 = process.hrtime.bigint();
    copy.db.transaction(() =>
      extra.forEach((p) => one.run(p.phone, p.email, p.lastName, p.firstName, p.middleName, now, now)),
    )();
    const perRow = n / (ms(t0) / 1000);
    copy.close();
    fs.rmSync(copyPath, { force: true });
    const bulk = Math.min(N, 50_000) / (lastBatchMs / 1000);
    console.log(
      `  last 50,000 rows at this size: bulk path ${fmt(bulk)} contacts/s; one by one through the FTS trigger (baseline) ${fmt(perRow)} contacts/s; ×${fmt(bulk / perRow, 1)}`,
    );
  }

  // 200 queries a person would type: name prefixes of 2–5 letters, full names, phone prefixes, e-mail.
  const qr = prng(7);
  const queries: string[] = [];
  const words = [...SEARCH_WORDS.LAST, ...SEARCH_WORDS.FIRST_M, ...SEARCH_WORDS.FIRST_F];
  for (let i = 0; i < 200; i++) {
    const kind = i % 5;
    const w = words[Math.floor(qr() * words.length)]!;
    if (kind === 0) queries.push(w.slice(0, 2 + Math.floor(qr() * 4)).toLowerCase());
    else if (kind === 1) queries.push(`${w} ${words[Math.floor(qr() * words.length)]!.slice(0, 3)}`);
    else if (kind === 2) queries.push(person(Math.floor(qr() * N), prng(i)).phone.slice(0, 5 + Math.floor(qr() * 7)));
    else if (kind === 3)
      queries.push(
        `8 9${String(Math.floor(qr() * 100)).padStart(2, '0')} ${String(Math.floor(qr() * 1000)).padStart(3, '0')}`,
      );
    else queries.push(`${w.slice(0, 4)}@`.toLowerCase());
  }

  const dispatch = createDispatcher(core.handlers, () => true);
  // The baseline: the bare index query for the same input, first 100 ids (FTS5 for words, the phone index
  // for digits), no count, no rows.
  const ftsStmt = db.prepare('SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ? ORDER BY rowid LIMIT 100');
  const phoneStmt = db.prepare('SELECT id FROM contacts WHERE phone >= ? AND phone < ? LIMIT 100');
  const emailStmt = db.prepare('SELECT id FROM contacts WHERE email >= ? AND email < ? LIMIT 100');
  const bare = {
    all: (q: string) => {
      const s = parseSearch(q);
      if (s.fts) return ftsStmt.all(s.fts);
      if (s.email?.address) return emailStmt.all(...prefixRange(s.email.address));
      return s.phonePrefixes.flatMap((p) => phoneStmt.all(p, `${p}:`));
    },
  };
  // Warm up both paths (page cache, statement cache) before timing.
  for (const q of queries.slice(0, 20)) {
    bare.all(q);
    await dispatch('contacts:list', null, { query: `${q}x`, offset: 0, limit: 100 });
  }

  const bareTimes: number[] = [];
  const apiTimes: number[] = [];
  let matched = 0;
  for (const q of queries) {
    let t0 = process.hrtime.bigint();
    bare.all(q);
    bareTimes.push(ms(t0));
    t0 = process.hrtime.bigint();
    const res = await dispatch('contacts:list', null, { query: q, offset: 0, limit: 100 });
    apiTimes.push(ms(t0));
    if (!res.ok) throw new Error(res.error.message);
    if ((res.value as { total: number }).total > 0) matched += 1;
  }
  const line = (name: string, xs: number[]) =>
    `${name.padEnd(34)} p50 ${fmt(pct(xs, 50), 2).padStart(6)} ms   p95 ${fmt(pct(xs, 95), 2).padStart(6)} ms   max ${fmt(Math.max(...xs), 2).padStart(6)} ms`;
  console.log(`search over ${fmt(N)} contacts, 200 queries (${matched} with matches):`);
  console.log(line('  bare index query (baseline)', bareTimes));
  console.log(line('  core API contacts:list (page 100)', apiTimes));
  console.log(
    `  ratio API/bare: p50 ×${fmt(pct(apiTimes, 50) / pct(bareTimes, 50), 2)}, p95 ×${fmt(pct(apiTimes, 95) / pct(bareTimes, 95), 2)}   goal p95 ≤ 10 ms: ${pct(apiTimes, 95) <= 10 ? 'met' : 'NOT met'}`,
  );

  const slowest = queries
    .map((q, i) => [q, apiTimes[i]!, bareTimes[i]!] as const)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5);
  console.log(
    `  slowest through the API: ${slowest.map(([q, a, b]) => `"${q}" ${fmt(a, 1)} ms (bare ${fmt(b, 1)})`).join(', ')}`,
  );

  // Scrolling the virtualised table: pages at random depths of the unfiltered list.
  const scroll: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t0 = process.hrtime.bigint();
    await dispatch('contacts:list', null, { offset: Math.floor(qr() * (N - 100)), limit: 100 });
    scroll.push(ms(t0));
  }
  console.log(line('table page at a random offset', scroll));
  core.close();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
