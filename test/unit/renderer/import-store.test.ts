import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ImportPreview, ImportSettings, ImportSummary, JobProgress } from '../../../shared/domain/import';
import type { Result } from '../../../shared/ipc/result';

/**
 * The import store against a fake preload API (the Electron transport: the dialog, then previews and jobs).
 * What it pins down: progress that overtakes the `import:start` answer is not lost, Cancel pressed before the
 * job has an id still reaches the core, and the wizard's step follows the state.
 */

type StoreModule = typeof import('../../../renderer/src/stores/import');

const PREVIEW: ImportPreview = {
  kind: 'text',
  sheets: [],
  sheet: null,
  encoding: 'windows-1251',
  delimiter: ';',
  rows: [
    { row: 1, cells: ['Выгрузка'] },
    { row: 3, cells: ['ФИО', 'Телефон', 'Город'] },
    { row: 4, cells: ['Иванов Иван', '89207460022', 'Тула'] },
  ],
  headerRow: 3,
  mapping: [{ field: 'fullName' }, { field: 'phone' }, { field: 'attribute', name: 'Город' }],
};

const SUMMARY: ImportSummary = {
  rows: 1,
  imported: 1,
  updated: 0,
  duplicates: 0,
  blank: 0,
  rejected: [],
  groupId: null,
};

/** What the core proposes when the user makes row 4 the header ("Иванов Иван", "89207460022", "Тула"). */
const ROW4_MAPPING: ImportPreview['mapping'] = [
  { field: 'attribute', name: 'Иванов Иван' },
  { field: 'phone' },
  { field: 'attribute', name: 'Тула' },
];

type PreviewInput = { handle: string; sheet?: string; delimiter?: string; headerRow?: number };

let listener: ((p: JobProgress) => void) | null = null;
let answerStart: (r: Result<{ jobId: string }>) => void = () => {};
let running: JobProgress[] = [];
const started: ImportSettings[] = [];
const cancelled: string[] = [];
const previews: PreviewInput[] = [];

const fakeApi = {
  files: {
    pickImport: () => Promise.resolve({ ok: true, value: { handle: 'h'.repeat(24), name: 'клиенты.csv', size: 457 } }),
  },
  import: {
    preview: (input: PreviewInput) => {
      previews.push(input);
      const value: ImportPreview =
        input.headerRow === undefined || input.headerRow === 3
          ? PREVIEW
          : { ...PREVIEW, headerRow: input.headerRow, mapping: input.headerRow === 4 ? ROW4_MAPPING : [] };
      return Promise.resolve({ ok: true, value });
    },
    start: (input: ImportSettings) => {
      started.push(input);
      return new Promise<Result<{ jobId: string }>>((resolve) => (answerStart = resolve));
    },
  },
  jobs: {
    list: () => Promise.resolve({ ok: true, value: running }),
    cancel: ({ jobId }: { jobId: string }) => {
      cancelled.push(jobId);
      return Promise.resolve({ ok: true, value: { cancelled: true } });
    },
  },
  on: (_event: string, cb: (p: JobProgress) => void) => {
    listener = cb;
    return () => {
      listener = null;
    };
  },
};

const progress = (jobId: string, over: Partial<JobProgress>): JobProgress => ({
  jobId,
  kind: 'import',
  state: 'running',
  rows: 0,
  rowsPerSecond: 0,
  fraction: null,
  dryRun: true,
  ...over,
});

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

let m: StoreModule;

beforeAll(async () => {
  vi.stubGlobal('window', { vestnik: fakeApi });
  m = await import('../../../renderer/src/stores/import');
  m.connectImportJobs();
});

async function toSettings(): Promise<void> {
  m.useImport.getState().reset();
  m.useImport.getState().chooseFile();
  await flush();
  await flush();
}

const step = () => m.importStep(m.useImport.getState());

beforeEach(() => {
  started.length = 0;
  cancelled.length = 0;
  previews.length = 0;
  running = [];
});

describe('import store', () => {
  it('takes the file from the dialog, previews it and proposes the mapping', async () => {
    expect(step()).toBe(1);
    await toSettings();
    const s = m.useImport.getState();
    expect(step()).toBe(2);
    expect(s.file?.name).toBe('клиенты.csv');
    expect(s.headerRow).toBe(3);
    expect(s.mapping).toEqual(PREVIEW.mapping);
  });

  it('asks the core again for another header row and takes its proposal, keeping what the user set', async () => {
    await toSettings();
    const s = () => m.useImport.getState();
    s().setDelimiter(',');
    await flush();
    s().chooseTarget(0, 'lastName', 'Столбец A');
    s().setHeaderRow(4);
    // At once: custom fields named after the new header; the core's proposal follows.
    expect(s().mapping[2]).toEqual({ field: 'attribute', name: 'Тула' });
    expect(s().previewing).toBe(true);
    await flush();
    expect(previews.at(-1)).toEqual({ handle: 'h'.repeat(24), delimiter: ',', headerRow: 4 });
    expect(s().headerRow).toBe(4);
    // Column A stays what the user chose; B and C are the core's proposal for row 4.
    expect(s().mapping).toEqual([{ field: 'lastName' }, { field: 'phone' }, { field: 'attribute', name: 'Тула' }]);

    s().nameAttribute(2, 'Город');
    s().setHeaderRow(0);
    await flush();
    expect(previews.at(-1)?.headerRow).toBe(0);
    expect(s().mapping).toEqual([{ field: 'lastName' }, { field: 'skip' }, { field: 'attribute', name: 'Город' }]);

    // Another delimiter is another table: the hand-set columns are forgotten.
    s().setDelimiter('|');
    await flush();
    expect(previews.at(-1)).toEqual({ handle: 'h'.repeat(24), delimiter: '|' });
    expect(s().mapping).toEqual(PREVIEW.mapping);
  });

  it('sends the settings the preview was read with; a result that overtakes the job id is kept', async () => {
    await toSettings();
    const s = m.useImport.getState();
    s.setOptions({ group: { kind: 'new', name: '  Из 1С ' }, duplicates: 'fill', region: 'KZ' });
    s.start(true);
    expect(step()).toBe(3);
    expect(started).toEqual([
      {
        handle: 'h'.repeat(24),
        sheet: undefined,
        delimiter: ';',
        headerRow: 3,
        mapping: PREVIEW.mapping,
        region: 'KZ',
        duplicates: 'fill',
        group: { name: 'Из 1С' },
        dryRun: true,
      },
    ]);
    // The job finishes before `import:start` has answered: its events wait for the id.
    listener?.(progress('job-1', { state: 'done', rows: 1, fraction: 1, summary: SUMMARY }));
    expect(m.useImport.getState().check).toBeNull();
    answerStart({ ok: true, value: { jobId: 'job-1' } });
    await flush();
    expect(m.useImport.getState().check).toEqual(SUMMARY);
    expect(m.useImport.getState().run).toBeNull();
  });

  it('passes on a cancel pressed before the job had an id; a cancelled check goes back to the settings', async () => {
    await toSettings();
    m.useImport.getState().start(true);
    m.useImport.getState().cancel();
    expect(m.useImport.getState().run?.cancelling).toBe(true);
    expect(cancelled).toEqual([]);
    answerStart({ ok: true, value: { jobId: 'job-2' } });
    await flush();
    expect(cancelled).toEqual(['job-2']);
    listener?.(progress('job-2', { state: 'cancelled' }));
    expect(m.useImport.getState().notice).toBe('check-cancelled');
    expect(step()).toBe(2);
  });

  it('imports only after a check, follows progress of its own job, and reports a failure', async () => {
    await toSettings();
    const s = m.useImport.getState();
    s.start(false);
    expect(started).toEqual([]);

    s.start(true);
    answerStart({ ok: true, value: { jobId: 'job-3' } });
    await flush();
    listener?.(progress('job-3', { state: 'done', summary: SUMMARY }));
    m.useImport.getState().start(false);
    expect(started.map((x) => x.dryRun)).toEqual([true, false]);
    answerStart({ ok: true, value: { jobId: 'job-4' } });
    await flush();

    listener?.(progress('someone-else', { rows: 99, dryRun: false }));
    expect(m.useImport.getState().run?.progress).toBeNull();
    listener?.(progress('job-4', { rows: 1000, fraction: 0.5, dryRun: false }));
    expect(m.useImport.getState().run?.progress?.rows).toBe(1000);
    listener?.(progress('job-4', { state: 'failed', error: { code: 'bad_file', message: 'boom' }, dryRun: false }));
    expect(m.useImport.getState().runError).toEqual({ code: 'bad_file', message: 'boom' });
    // The check still stands: the user can try the import again from step 3.
    expect(step()).toBe(3);
    expect(m.useImport.getState().check).toEqual(SUMMARY);
  });

  it('a refused start comes back as an error on the settings step', async () => {
    await toSettings();
    m.useImport.getState().start(true);
    answerStart({ ok: false, error: { code: 'not_found', message: 'No group 7' } });
    await flush();
    expect(m.useImport.getState().runError).toEqual({ code: 'not_found', message: 'No group 7' });
    expect(step()).toBe(2);
  });

  it('remembers which job each result came from, for its report', async () => {
    await toSettings();
    m.useImport.getState().start(true);
    answerStart({ ok: true, value: { jobId: 'job-5' } });
    await flush();
    listener?.(progress('job-5', { state: 'done', summary: SUMMARY }));
    expect(m.useImport.getState().checkJob).toBe('job-5');
    m.useImport.getState().start(false);
    answerStart({ ok: true, value: { jobId: 'job-6' } });
    await flush();
    listener?.(progress('job-6', { state: 'done', summary: SUMMARY, dryRun: false }));
    expect(m.useImport.getState()).toMatchObject({ resultJob: 'job-6', result: SUMMARY, check: null });
  });
});

describe('import store: picking up a job already running in the core', () => {
  it('shows an import that was running before the reload, and cancels it', async () => {
    m.useImport.getState().reset();
    running = [progress('job-7', { rows: 5000, rowsPerSecond: 1000, fraction: 0.25, dryRun: false })];
    await m.useImport.getState().resume();
    const run = m.useImport.getState().run;
    expect(run).toMatchObject({ jobId: 'job-7', adopted: true, dryRun: false, progress: { rows: 5000 } });
    // Five seconds in at 1,000 rows a second: the time left is reckoned from the real start.
    expect(run?.elapsedMs).toBe(5000);
    expect(step()).toBe(3);
    m.useImport.getState().cancel();
    expect(cancelled).toEqual(['job-7']);
    listener?.(progress('job-7', { state: 'cancelled', dryRun: false }));
    expect(m.useImport.getState()).toMatchObject({ run: null, notice: 'import-cancelled' });
    expect(step()).toBe(1);
  });

  it('a check that ended while the list was on its way is shown as ended', async () => {
    m.useImport.getState().reset();
    running = [progress('job-8', { rows: 10 })];
    const resumed = m.useImport.getState().resume();
    listener?.(progress('job-8', { state: 'done', summary: SUMMARY }));
    await resumed;
    expect(m.useImport.getState()).toMatchObject({ run: null, check: SUMMARY, checkJob: 'job-8', file: null });
  });

  it("leaves a wizard in use alone: another window's job does not replace the user's settings", async () => {
    await toSettings();
    running = [progress('job-9', {})];
    await m.useImport.getState().resume();
    expect(m.useImport.getState().run).toBeNull();
    expect(step()).toBe(2);
  });
});
