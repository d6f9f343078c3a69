import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ImportProgress, ImportSummary } from './engine';
import { ImportError } from './errors';
import type { ImportPreview } from '../../../shared/domain/import';
import type { ExportJobSpec, ImportJobSpec, WorkerMessage, WorkerTask } from './job';

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
function workerEntry(): string {
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
    resourceLimits: { maxOldGenerationSizeMb: MAX_HEAP_MB, maxYoungGenerationSizeMb: 64 },
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
