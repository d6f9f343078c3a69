/**
 * Spreadsheet import into a fresh base: 100,000 and 1,000,000 rows as XLSX and as CSV (Windows-1251, ";").
 * For each, in separate processes and the same run: a bare streaming parser as baseline (papaparse for CSV,
 * exceljs WorkbookReader for XLSX), our own reader alone (no database), and the import end to end the way the
 * app runs it — in a worker thread, with the longest main-thread event-loop block measured meanwhile.
 * Goals at 1,000,000 rows (issue 3): XLSX ≤ 24 s and ≤ 400 MB peak RSS; CSV ≤ 10 s and ≤ 300 MB; the main
 * thread never blocked over 100 ms. Sizes: BENCH_IMPORT_ROWS (default "100000,1000000"); each case is run
 * BENCH_IMPORT_RUNS times (default 3) and its median printed.
 */
import { buildSync } from 'esbuild';
import iconv from 'iconv-lite';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XlsxWriter } from '../../electron/core/export/xlsx-writer';
import { person, prng } from './fake-people';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// The measured child and the import worker it starts, bundled as the app bundles them (scripts/build.mjs).
buildSync({
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
  absWorkingDir: root,
  // The baseline parsers stay outside the bundle, loaded from node_modules only in their own runs: bundled,
  // their code (exceljs above all) was parsed in every run and counted some 25 MB in the import's peak RSS.
  external: ['electron', 'better-sqlite3', 'exceljs', 'papaparse'],
  entryPoints: { 'import-worker': 'electron/core/import/worker.ts', 'import-child': 'test/bench/import-child.ts' },
  outdir: 'dist/bench',
  outExtension: { '.js': '.cjs' },
});
const sizes = (process.env.BENCH_IMPORT_ROWS ?? '100000,1000000').split(',').map(Number);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vestnik-import-bench-'));
const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const HEADER = ['ФИО', 'Моб. телефон', 'E-mail', 'Город', 'Баланс'];
const CITIES = ['Москва', 'Тула', 'Казань', 'Тверь', 'Воронеж'];

function* people(n: number): Generator<string[]> {
  const r = prng(5);
  for (let i = 0; i < n; i++) {
    const p = person(i, r);
    // Phones as people type them: 8 (9xx) xxx-xx-xx.
    const d = p.phone.slice(2);
    yield [
      `${p.lastName} ${p.firstName} ${p.middleName}`,
      `8 (${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6, 8)}-${d.slice(8)}`,
      p.email ?? '',
      CITIES[i % 5]!,
      String(i % 3000),
    ];
  }
}

function writeCsv(file: string, n: number): void {
  const fd = fs.openSync(file, 'w');
  let buf: string[] = ['Выгрузка клиентов\r\n', `${HEADER.join(';')}\r\n`];
  for (const row of people(n)) {
    buf.push(`${row.join(';')}\r\n`);
    if (buf.length >= 5000) {
      fs.writeSync(fd, iconv.encode(buf.join(''), 'win1251'));
      buf = [];
    }
  }
  fs.writeSync(fd, iconv.encode(buf.join(''), 'win1251'));
  fs.closeSync(fd);
}

function writeXlsx(file: string, n: number): void {
  const w = new XlsxWriter(file, 'Клиенты');
  w.addRow(HEADER);
  for (const row of people(n)) w.addRow(row);
  w.close();
}

type Run = { ms: number; rows: number; imported: number; maxRssMb: number; maxLagMs: number };
/** Runs of each case (BENCH_IMPORT_RUNS, default 3): a shared machine's run-to-run spread is some 20 %. */
const RUNS = Math.max(1, Number(process.env.BENCH_IMPORT_RUNS ?? 3));

/** RUNS fresh processes of one case: the median time (its range beside it), the worst RSS and lag. */
function measured(mode: Parameters<typeof child>[0], file: string): Run & { minMs: number; maxMs: number } {
  const runs = Array.from({ length: RUNS }, () => child(mode, file)).sort((a, b) => a.ms - b.ms);
  const median = runs[Math.floor(runs.length / 2)]!;
  return {
    ...median,
    minMs: runs[0]!.ms,
    maxMs: runs[runs.length - 1]!.ms,
    maxRssMb: Math.max(...runs.map((r) => r.maxRssMb)),
    maxLagMs: Math.max(...runs.map((r) => r.maxLagMs)),
  };
}

function child(mode: 'parse' | 'papaparse' | 'exceljs' | 'worker', file: string): Run {
  const db = path.join(dir, `${path.basename(file)}-${mode}.db`);
  const script = path.join(root, 'dist', 'bench', 'import-child.cjs');
  const res = spawnSync(process.execPath, [script, mode, file, db], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (res.status !== 0) throw new Error(res.stderr);
  fs.rmSync(db, { force: true });
  return JSON.parse(res.stdout.trim().split('\n').pop()!) as Run;
}

try {
  const line = (label: string, n: number, r: ReturnType<typeof measured>) =>
    `  ${label.padEnd(34)} ${fmt(r.ms / 1000, 1).padStart(6)} s ${fmt(n / (r.ms / 1000)).padStart(9)} rows/s  peak RSS ${fmt(r.maxRssMb).padStart(5)} MB` +
    (RUNS > 1 ? `  (${fmt(r.minMs / 1000, 1)}–${fmt(r.maxMs / 1000, 1)} s)` : '');
  if (RUNS > 1)
    console.log(`median of ${RUNS} runs each, fastest–slowest in brackets; peak RSS and lag: the worst run`);
  for (const n of sizes) {
    for (const format of ['csv', 'xlsx'] as const) {
      const file = path.join(dir, `clients-${n}.${format}`);
      if (format === 'csv') writeCsv(file, n);
      else writeXlsx(file, n);
      console.log(`${fmt(n)} rows, ${format.toUpperCase()}, ${fmt(fs.statSync(file).size / 1e6, 1)} MB`);
      const base = measured(format === 'csv' ? 'papaparse' : 'exceljs', file);
      const ours = measured('parse', file);
      const imp = measured('worker', file);
      if (imp.imported !== n) throw new Error(`imported ${imp.imported} of ${n}`);
      console.log(line(`baseline: ${format === 'csv' ? 'papaparse' : 'exceljs WorkbookReader'} parse`, n, base));
      console.log(line('our reader, parse only', n, ours) + `   ×${fmt(ours.ms / base.ms, 2)} of baseline`);
      console.log(
        line('import end to end (worker)', n, imp) +
          `   ×${fmt(imp.ms / base.ms, 2)} of baseline; main thread blocked ≤ ${fmt(imp.maxLagMs)} ms`,
      );
      fs.rmSync(file, { force: true });
    }
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
