// The import worker: parses an untrusted file and writes the base on its own SQLite connection, in its own
// thread with its own heap limit, so a hostile or huge file can neither freeze the UI nor exhaust the app.
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/open';
import { exportContacts } from '../export/contacts-export';
import { previewJob, runImportJob } from './run-job';
import { startSearchIndexBuilder } from './start-worker';
import type { RowReaderMessage, SearchIndexMessage, WorkerMessage, WorkerTask } from './job';
import { batchesFromReaderThread, rowCredits, serveRows } from './row-reader';
import { SearchIndexFile } from '../repos/search-index-build';

const { task, cancelFlag } = workerData as { task: WorkerTask; cancelFlag: SharedArrayBuffer };
const flag = new Int32Array(cancelFlag);
// Cancellation is a shared flag (a message could wait behind the import's synchronous stretches); it is
// looked at whenever the import awaits the file, and turned into an ordinary AbortSignal.
const controller = new AbortController();
const poll = setInterval(() => {
  if (Atomics.load(flag, 0) === 1) controller.abort();
}, 20);
const signal = controller.signal;
const post = (m: WorkerMessage) => parentPort?.postMessage(m);

const fail = (err: unknown) => {
  const code = err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : 'bad_file';
  post({ type: 'error', code, message: err instanceof Error ? err.message : String(err) });
};

if (task.op === 'search-index') {
  // Builds the search index of an import into an empty base, fed row batches by the import thread.
  clearInterval(poll);
  const index = new SearchIndexFile(task.spec.file, task.spec.createSql, task.spec.nativeBinding);
  parentPort?.on('message', (m: SearchIndexMessage) => {
    try {
      if (m.type === 'rows') {
        index.add(m.rows);
        return post({ type: 'indexed' });
      }
      index.finish();
      post({ type: 'built' });
      parentPort?.close();
    } catch (err) {
      index.close();
      fail(err);
      parentPort?.close();
    }
  });
} else if (task.op === 'read-rows') {
  // Reads a workbook for an import running in another thread (import/row-reader.ts).
  clearInterval(poll);
  const credits = rowCredits();
  parentPort?.on('message', (m: RowReaderMessage) => {
    if (m.type === 'taken') credits.taken();
  });
  serveRows(task.spec, post, credits)
    .catch(fail)
    .finally(() => parentPort?.close());
} else if (task.op === 'export') {
  const db = openDatabase(task.spec.dbPath, { nativeBinding: task.spec.nativeBinding, readonly: true });
  try {
    const rows = exportContacts(db, task.spec.filter, task.spec.file, task.spec);
    post({ type: 'exported', rows });
  } catch (err) {
    fail(err);
  } finally {
    clearInterval(poll);
    db.close();
  }
} else if (task.op === 'preview') {
  // A preview only reads the file: no database connection at all.
  previewJob(task.spec, signal)
    .then((preview) => post({ type: 'preview', preview }))
    .catch(fail)
    .finally(() => clearInterval(poll));
} else {
  const { spec } = task;
  const db = openDatabase(spec.dbPath, { nativeBinding: spec.nativeBinding });
  // 16 MB of page cache (the app's connection has 64): an import appends rows, and its peak memory counts.
  db.pragma('cache_size = -16384');
  // A commit would otherwise copy the whole import from the WAL into the database file before it returns
  // (about 1 s a million contacts): the import is done when it commits, and the copy follows below.
  db.pragma('wal_autocheckpoint = 0');
  runImportJob(db, spec, {
    signal,
    // A large import into an empty base gets its search index built by a second thread (a nested worker).
    searchIndex: (createSql) => startSearchIndexBuilder(createSql, spec.nativeBinding),
    rowsInThread: batchesFromReaderThread,
    onProgress: (progress) => {
      // Called every 1,000 rows from inside the import loop: the place to notice a cancel without waiting.
      if (Atomics.load(flag, 0) === 1) controller.abort();
      post({ type: 'progress', progress });
    },
  })
    .then((summary) => {
      post({ type: 'done', summary });
      // Here, in the import's thread, rather than in the app's next write on the UI's thread. PASSIVE: it
      // waits for nobody, and what a reader still holds is copied by a later checkpoint.
      if (!spec.dryRun) db.pragma('wal_checkpoint(PASSIVE)');
    })
    .catch(fail)
    .finally(() => {
      clearInterval(poll);
      db.close();
    });
}
