// One measured run in a fresh process, so peak RSS belongs to this case alone. import.bench.ts bundles it
// (with the import worker) into dist/bench and runs it with plain node: no TypeScript loader in the figures,
// and each baseline parser is loaded only for its own run.
// Usage: bench-import-child.cjs parse|papaparse|exceljs|import|worker FILE DB — prints one JSON line
// {ms, rows, imported, maxRssMb, maxLagMs}. "worker" runs the import the way the app does (a worker thread)
// and measures how long the main thread's event loop was ever blocked meanwhile.
import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { openDatabase } from '../../electron/core/db/open';
import { runImportJob } from '../../electron/core/import/run-job';
import { startImportWorker } from '../../electron/core/import/start-worker';
import { openTable } from '../../electron/core/import/table';

const [mode, file, dbPath] = process.argv.slice(2) as [string, string, string];
const spec = {
  dbPath,
  file,
  region: 'RU' as const,
  duplicates: 'skip' as const,
  dryRun: false,
  source: 'bench',
  now: new Date().toISOString(),
};
async function main() {
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const t0 = performance.now();
  let rows = 0;
  let imported = 0;
  if (mode === 'parse') {
    const table = await openTable(file);
    for await (const r of table.rows()) if (r.cells.length > 0) rows += 1;
  } else if (mode === 'papaparse') {
    const { default: Papa } = await import('papaparse');
    const { default: iconv } = await import('iconv-lite');
    await new Promise<void>((resolve, reject) => {
      const input = fs.createReadStream(file).pipe(iconv.decodeStream('win1251'));
      Papa.parse(input, { delimiter: ';', step: () => void (rows += 1), complete: () => resolve(), error: reject });
    });
  } else if (mode === 'exceljs') {
    const { default: ExcelJS } = await import('exceljs');
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', worksheets: 'emit' });
    for await (const sheet of reader) for await (const _row of sheet) rows += 1;
  } else {
    openDatabase(dbPath).close();
    const s = mode === 'worker' ? await startImportWorker(spec).result : await runImportJob(openDatabase(dbPath), spec);
    rows = s.rows;
    imported = s.imported;
  }
  const ms = performance.now() - t0;
  lag.disable();
  console.log(
    JSON.stringify({ ms, rows, imported, maxRssMb: process.resourceUsage().maxRSS / 1024, maxLagMs: lag.max / 1e6 }),
  );
}

void main();
