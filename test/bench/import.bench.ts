/**
 * Spreadsheet import into a fresh base: 100,000 and 1,000,000 rows as XLSX and as CSV (Windows-1251, ";").
 * For each: seconds, rows/s and peak RSS of the importing process, next to the bare parse of the same file
 * (read every row, no database) measured in the same run. Sizes: BENCH_IMPORT_ROWS (default "100000,1000000").
 */
import iconv from 'iconv-lite';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XlsxWriter } from '../../electron/core/export/xlsx-writer';
import { person, prng } from './fake-people';

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

function child(
  mode: 'parse' | 'import',
  file: string,
): { ms: number; rows: number; imported: number; maxRssMb: number } {
  const db = path.join(dir, `${path.basename(file)}-${mode}.db`);
  const res = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(path.dirname(fileURLToPath(import.meta.url)), 'import-child.ts'), mode, file, db],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  if (res.status !== 0) throw new Error(res.stderr);
  fs.rmSync(db, { force: true });
  return JSON.parse(res.stdout.trim().split('\n').pop()!) as {
    ms: number;
    rows: number;
    imported: number;
    maxRssMb: number;
  };
}

try {
  console.log(
    'rows       format  file MB   parse only (baseline)          import into a fresh base                 import/parse',
  );
  for (const n of sizes) {
    for (const format of ['csv', 'xlsx'] as const) {
      const file = path.join(dir, `clients-${n}.${format}`);
      if (format === 'csv') writeCsv(file, n);
      else writeXlsx(file, n);
      const mb = fs.statSync(file).size / 1e6;
      const parse = child('parse', file);
      const imp = child('import', file);
      if (imp.imported !== n) throw new Error(`imported ${imp.imported} of ${n}`);
      const rate = (r: { ms: number }) => n / (r.ms / 1000);
      console.log(
        `${fmt(n).padEnd(10)} ${format.padEnd(6)} ${fmt(mb, 1).padStart(7)}   ${fmt(parse.ms / 1000, 1).padStart(5)} s ${fmt(rate(parse)).padStart(8)} rows/s ${fmt(parse.maxRssMb).padStart(5)} MB   ` +
          `${fmt(imp.ms / 1000, 1).padStart(5)} s ${fmt(rate(imp)).padStart(8)} rows/s peak RSS ${fmt(imp.maxRssMb).padStart(5)} MB   ×${fmt(imp.ms / parse.ms, 2)} time`,
      );
      fs.rmSync(file, { force: true });
    }
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
