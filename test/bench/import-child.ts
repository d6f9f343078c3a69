// One measured import in a fresh process, so peak RSS belongs to this case alone.
// Usage: import-child.ts parse|import FILE DB — prints one JSON line {ms, rows, imported, maxRssMb}.
import { openDatabase } from '../../electron/core/db/open';
import { runImportJob } from '../../electron/core/import/run-job';
import { openTable } from '../../electron/core/import/table';

const [mode, file, dbPath] = process.argv.slice(2) as [string, string, string];
const t0 = performance.now();
let rows = 0;
let imported = 0;
if (mode === 'parse') {
  const table = await openTable(file);
  for await (const r of table.rows()) if (r.cells.length > 0) rows += 1;
} else {
  const db = openDatabase(dbPath);
  const s = await runImportJob(db, {
    dbPath,
    file,
    region: 'RU',
    duplicates: 'skip',
    dryRun: false,
    source: 'bench',
    now: new Date().toISOString(),
  });
  db.close();
  rows = s.rows;
  imported = s.imported;
}
const ms = performance.now() - t0;
console.log(JSON.stringify({ ms, rows, imported, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
