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

let listener: ((p: JobProgress) => void) | null = null;
let answerStart: (r: Result<{ jobId: string }>) => void = () => {};
const started: ImportSettings[] = [];
const cancelled: string[] = [];

const fakeApi = {
  files: {
    pickImport: () => Promise.resolve({ ok: true, value: { handle: 'h'.repeat(24), name: 'клиенты.csv', size: 457 } }),
  },
  import: {
    preview: () => Promise.resolve({ ok: true, value: PREVIEW }),
    start: (input: ImportSettings) => {
      started.push(input);
      return new Promise<Result<{ jobId: string }>>((resolve) => (answerStart = resolve));
    },
  },
  jobs: {
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

  it('renames custom fields when the header row moves', async () => {
    await toSettings();
    m.useImport.getState().setHeaderRow(4);
    expect(m.useImport.getState().mapping[2]).toEqual({ field: 'attribute', name: 'Тула' });
    m.useImport.getState().setHeaderRow(3);
    expect(m.useImport.getState().mapping[2]).toEqual({ field: 'attribute', name: 'Город' });
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
});
