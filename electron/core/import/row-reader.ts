import { Worker } from 'node:worker_threads';
import type { SheetRow } from './cells';
import type { Delimiter } from './csv';
import { ImportError, type ImportErrorCode } from './errors';
import type { RowReaderMessage, WorkerMessage, WorkerTask } from './job';
import { openTable } from './table';
import { workerEntry } from './start-worker';

/**
 * Reading a workbook in a thread of its own, beside the import.
 *
 * Unzipping and scanning an .xlsx sheet costs as much as normalising and inserting its rows (measured at a
 * million rows: 8–9 s of a 25 s import, all of it in the import's thread while the search-index builder
 * waited). A reader thread parses the sheet and hands the import thread batches of rows (a structured clone
 * costs the import thread under 1 µs a row); the two then work at the same time. Text files are read faster
 * than they could be cloned, so they stay in the import's thread.
 */

export interface RowReaderSpec {
  file: string;
  sheet?: string;
  delimiter?: Delimiter;
}

/** Batches the reader may send ahead of the import; it waits for the import to take them. */
const AHEAD = 4;

/** Runs in the reader thread: streams the table's rows to the import thread in batches, with back-pressure. */
export async function serveRows(
  spec: RowReaderSpec,
  post: (m: WorkerMessage) => void,
  credits: { wait(): Promise<void> },
): Promise<void> {
  const table = await openTable(spec.file, { sheet: spec.sheet, delimiter: spec.delimiter });
  for await (const rows of table.batches()) {
    await credits.wait();
    post({ type: 'rows', rows });
  }
  post({ type: 'end' });
}

/** The sending side's credit counter: `wait` resolves while fewer than AHEAD batches are unread. */
export function rowCredits() {
  let unread = 0;
  let wake: (() => void) | null = null;
  return {
    wait: async () => {
      while (unread >= AHEAD) await new Promise<void>((resolve) => (wake = resolve));
      unread += 1;
    },
    taken: () => {
      unread -= 1;
      const w = wake;
      wake = null;
      w?.();
    },
  };
}

/**
 * Runs in the import thread: the rows of `spec`'s table, read by a reader thread. Stopping early (cancel, an
 * error in the import) ends the reader thread; a reader's error arrives as the same ImportError.
 */
export async function* batchesFromReaderThread(spec: RowReaderSpec): AsyncGenerator<readonly SheetRow[]> {
  const task: WorkerTask = { op: 'read-rows', spec };
  const worker = new Worker(workerEntry(), {
    workerData: { task, cancelFlag: new SharedArrayBuffer(4) },
    // The reader holds the workbook's shared strings: the same heap cap as the import itself.
    resourceLimits: { maxOldGenerationSizeMb: 768, maxYoungGenerationSizeMb: 32 },
  });
  const inbox: WorkerMessage[] = [];
  let wake: (() => void) | null = null;
  // Set from the worker's callbacks: kept in an object the type checker does not narrow.
  const state: { failure: ImportError | null } = { failure: null };
  const arrive = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  worker.on('message', (m: WorkerMessage) => {
    inbox.push(m);
    arrive();
  });
  worker.on('error', (err) => {
    const oom = 'code' in err && err.code === 'ERR_WORKER_OUT_OF_MEMORY';
    state.failure = new ImportError(
      oom ? 'too_large' : 'bad_file',
      oom ? 'The file needs too much memory to import' : err.message,
    );
    arrive();
  });
  worker.on('exit', (code) => {
    state.failure ??= new ImportError('bad_file', `The file reader stopped unexpectedly (exit ${code})`);
    arrive();
  });
  try {
    for (;;) {
      const m = inbox.shift();
      if (!m) {
        if (state.failure) throw state.failure;
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      if (m.type === 'rows') {
        worker.postMessage({ type: 'taken' } satisfies RowReaderMessage);
        yield m.rows;
      } else if (m.type === 'end') return;
      else if (m.type === 'error') throw new ImportError(m.code as ImportErrorCode, m.message);
    }
  } finally {
    worker.removeAllListeners('exit');
    await worker.terminate();
  }
}
