import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ImportProgress, ImportSummary } from './engine';
import { ImportError } from './errors';
import type { ImportPreview } from '../../../shared/domain/import';
import type { ExportJobSpec, ImportJobSpec, SearchIndexMessage, WorkerMessage, WorkerTask } from './job';
import type { SearchRows } from '../repos/search-index-build';

export interface ImportWorkerHandle {
  result: Promise<ImportSummary>;
  cancel(): void;
}

/** Heap cap of an import worker: parsing a hostile file fails there, not in the app. */
const MAX_HEAP_MB = 768;

/**
 * The worker's code: the bundled `import-worker.cjs` beside the running bundle (dist/main, dist/cli); from the
 * TypeScript source (tests), the one scripts/build.mjs put in dist/cli.
 */
export function workerEntry(): string {
  // __dirname exists in the CommonJS bundles and under vitest; plain ESM runs (tsx scripts) start from the checkout.
  const here = typeof __dirname === 'string' ? __dirname : path.join(process.cwd(), 'electron', 'core', 'import');
  const candidates = [
    path.join(here, 'import-worker.cjs'),
    path.resolve(here, '..', '..', '..', 'dist', 'cli', 'import-worker.cjs'),
  ];
  const found = candidates.find((f) => fs.existsSync(f));
  if (!found) throw new ImportError('bad_file', 'The import worker is not built (run npm run build)');
  return found;
}

/** Runs one task in a fresh worker; resolves with what the task answers (a summary or a preview). */
function runWorker<T>(
  task: WorkerTask,
  pick: (m: WorkerMessage) => T | undefined,
  onProgress?: (p: ImportProgress) => void,
) {
  const cancelFlag = new SharedArrayBuffer(4);
  const worker = new Worker(workerEntry(), {
    workerData: { task, cancelFlag },
    // A young generation of 32 MB: measured at a million rows, 64 MB was no faster and cost 60 MB more RSS.
    resourceLimits: { maxOldGenerationSizeMb: MAX_HEAP_MB, maxYoungGenerationSizeMb: 32 },
  });
  const result = new Promise<T>((resolve, reject) => {
    let settled = false;
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'progress') return onProgress?.(m.progress);
      settled = true;
      if (m.type === 'error') return reject(new ImportError(m.code as ImportError['code'], m.message));
      const value = pick(m);
      if (value === undefined)
        reject(new ImportError('bad_file', `Unexpected answer from the import worker: ${m.type}`));
      else resolve(value);
    });
    worker.on('error', (err) => {
      settled = true;
      // ERR_WORKER_OUT_OF_MEMORY: the file needed more than the cap; SQLite rolled the transaction back.
      const oom = 'code' in err && err.code === 'ERR_WORKER_OUT_OF_MEMORY';
      reject(new ImportError('too_large', oom ? 'The file needs too much memory to import' : err.message));
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new ImportError('bad_file', `The import stopped unexpectedly (exit ${code})`));
    });
  });
  return { result, cancel: () => Atomics.store(new Int32Array(cancelFlag), 0, 1) };
}

export function startImportWorker(spec: ImportJobSpec, onProgress?: (p: ImportProgress) => void): ImportWorkerHandle {
  return runWorker({ op: 'import', spec }, (m) => (m.type === 'done' ? m.summary : undefined), onProgress);
}

/** Reads the first rows of an untrusted file in a worker, so even a hostile file cannot touch the app's heap. */
export function previewInWorker(spec: ImportJobSpec): Promise<ImportPreview> {
  return runWorker({ op: 'preview', spec }, (m) => (m.type === 'preview' ? m.preview : undefined)).result;
}

/** Writes an export in a worker; resolves with the number of contacts written. */
export function exportInWorker(spec: ExportJobSpec): Promise<number> {
  return runWorker({ op: 'export', spec }, (m) => (m.type === 'exported' ? m.rows : undefined)).result;
}

/** The search index of an import into an empty base, built in its own thread (repos/search-index-build.ts). */
export interface SearchIndexBuilder {
  /** The scratch database file the index is written to. */
  readonly file: string;
  add(rows: SearchRows): void;
  /** Resolves when the builder has few enough batches waiting: the importer waits so they do not pile up. */
  ready(): Promise<void>;
  /** Resolves once the index is complete in `file`. */
  finish(): Promise<void>;
  /** Stops the thread and deletes the scratch file (after the import has detached it). */
  dispose(): Promise<void>;
}

/**
 * Row batches sent to the search-index builder and not yet indexed, at most: 32 of the import's 1,024-row
 * batches (engine.ts), so the builder may lag some 32,000 rows behind before the import waits for it.
 */
const MAX_WAITING_BATCHES = 32;

export function startSearchIndexBuilder(createSql: string, nativeBinding?: string): SearchIndexBuilder {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vestnik-search-'));
  const file = path.join(dir, 'index.db');
  const task: WorkerTask = { op: 'search-index', spec: { file, createSql, nativeBinding } };
  const worker = new Worker(workerEntry(), {
    workerData: { task, cancelFlag: new SharedArrayBuffer(4) },
    // The builder's objects are short batches of names: an 8 MB young generation costs it little GC time
    // (about 0.1 s a million rows) and keeps some 10 MB off the import's peak RSS, against 16 MB.
    resourceLimits: { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 8 },
  });
  let waiting = 0;
  let wake: (() => void) | null = null;
  const built = new Promise<void>((resolve, reject) => {
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'indexed') {
        waiting -= 1;
        if (waiting <= MAX_WAITING_BATCHES / 2) wake?.();
      } else if (m.type === 'built') resolve();
      else if (m.type === 'error') reject(new Error(m.message));
    });
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`The search index builder stopped (exit ${code})`)));
  });
  // A failure is answered by finish(); until then it must not count as unhandled.
  built.catch(() => undefined);
  const send = (m: SearchIndexMessage) => worker.postMessage(m);
  return {
    file,
    add: (rows) => {
      waiting += 1;
      send({ type: 'rows', rows });
    },
    ready: () =>
      waiting <= MAX_WAITING_BATCHES
        ? Promise.resolve()
        : // A failed builder never answers: finish() reports it, so stop waiting then too.
          Promise.race([new Promise<void>((resolve) => (wake = resolve)), built.catch(() => undefined)]).then(() => {
            wake = null;
          }),
    finish: () => {
      send({ type: 'finish' });
      return built;
    },
    dispose: async () => {
      await worker.terminate();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
