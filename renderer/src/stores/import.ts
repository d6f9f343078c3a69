import { create } from 'zustand';
import type {
  ColumnTarget,
  DuplicateMode,
  FileRef,
  ImportPreview,
  ImportSettings,
  ImportSummary,
  JobProgress,
} from '../../../shared/domain/import';
import type { Result } from '../../../shared/ipc/result';
import { api } from '../api';
import { fileChooser, pickImportFile, uploadImportFile } from '../files';
import {
  headerCells,
  initialMapping,
  mappingForStart,
  withEdit,
  withEdits,
  withHeaderRow,
  withTarget,
  withAttributeName,
  type ColumnEdit,
  type ColumnEdits,
} from '../features/import/mapping';

/**
 * The import wizard's state. It lives in a store, not in the screen, so that an import keeps running (and
 * its progress keeps arriving) while the user looks at the base, and the screen shows it again on return.
 */

export type Delimiter = NonNullable<ImportPreview['delimiter']>;

/** Where the imported contacts go: nowhere special, an existing group, or a group created by the import. */
export type GroupChoice = { kind: 'none' } | { kind: 'existing'; id: number | null } | { kind: 'new'; name: string };

export interface ImportOptions {
  region: string;
  duplicates: DuplicateMode;
  group: GroupChoice;
}

/** A problem as the core or the transport reported it; the screen words it in the user's language. */
export interface Problem {
  code: string;
  message: string;
}

export interface Run {
  /** null until `import:start` answers; progress that arrives earlier is kept for it (see `early`). */
  jobId: string | null;
  /**
   * Picked up from `jobs:list` (started before the page was reloaded, or in another window): the settings it
   * runs with are not on this screen, so its check cannot be followed by an import from here.
   */
  adopted: boolean;
  dryRun: boolean;
  /** Date.now() when the run was started. */
  startedAt: number;
  progress: JobProgress | null;
  /** Time from the start to the latest progress: with the fraction done, it gives the time left. */
  elapsedMs: number;
  cancelling: boolean;
}

export type Notice = 'check-cancelled' | 'import-cancelled';

/** How the preview on screen was read (or is being read): the same sheet or delimiter is asked for again. */
interface ReadOptions {
  sheet?: string;
  delimiter?: Delimiter;
}

interface ImportState {
  file: FileRef | null;
  /** The file the user last gave, named even when it could not be taken (its upload was refused). */
  given: { name: string; size: number } | null;
  /** The file is being sent to the web shell (browser mode). */
  uploading: boolean;
  /** Files are being dragged over the window (browser mode shows where to drop them). */
  dragOver: boolean;
  /** A preview request is running (first read, or again after a sheet or delimiter change). */
  previewing: boolean;
  preview: ImportPreview | null;
  /** Why the file could not be taken or read. */
  fileError: Problem | null;
  /** The sheet or delimiter the user chose for the preview being shown (or read). */
  read: ReadOptions;
  /** Sheet row number of the header; 0 = the file has none. */
  headerRow: number;
  mapping: ColumnTarget[];
  /** Columns the user set by hand; they keep their targets when the header row changes. */
  edits: ColumnEdits;
  options: ImportOptions;
  run: Run | null;
  /** The dry run's answer for the settings on screen; `start(false)` is offered only once it is there. */
  check: ImportSummary | null;
  /** The import's answer. */
  result: ImportSummary | null;
  /** The jobs `check` and `result` came from: their rejected rows are saved as a report by job id. */
  checkJob: string | null;
  resultJob: string | null;
  notice: Notice | null;
  runError: Problem | null;

  chooseFile: (file?: File) => void;
  setDragOver: (over: boolean) => void;
  reset: () => void;
  setSheet: (sheet: string) => void;
  setDelimiter: (delimiter: Delimiter) => void;
  setHeaderRow: (row: number) => void;
  /** The user picks what column `col` becomes; a new custom attribute is named `fallbackName` if headerless. */
  chooseTarget: (col: number, field: ColumnTarget['field'], fallbackName: string) => void;
  nameAttribute: (col: number, name: string) => void;
  setOptions: (patch: Partial<ImportOptions>) => void;
  start: (dryRun: boolean) => void;
  cancel: () => void;
  backToSettings: () => void;
  receive: (p: JobProgress) => void;
  /** Shows an import that is already running in the core (`jobs:list`), when the wizard is idle. */
  resume: () => Promise<void>;
}

const fresh = {
  file: null,
  given: null,
  uploading: false,
  previewing: false,
  preview: null,
  fileError: null,
  read: {},
  headerRow: 0,
  mapping: [],
  edits: new Map<number, ColumnEdit>(),
  check: null,
  result: null,
  checkJob: null,
  resultJob: null,
  notice: null,
  runError: null,
} satisfies Partial<ImportState>;

/** Answers to older preview or upload requests are dropped: the user has moved on to another file or sheet. */
let seq = 0;
let uploadAbort: AbortController | null = null;
/** Progress of jobs whose id `import:start` has not returned yet (events and the answer race each other). */
const early = new Map<string, JobProgress>();
/** The latest event of jobs that are not ours, while none is: `resume` may adopt one whose end already came. */
const recent = new Map<string, JobProgress>();

export const useImport = create<ImportState>()((set, get) => {
  /**
   * Reads the file's first rows and the core's proposed mapping. With `headerRow` the user has picked the
   * header: the proposal is made from it, and the columns they set by hand keep their targets.
   */
  const loadPreview = async (file: FileRef, read: ReadOptions, headerRow?: number) => {
    const mine = ++seq;
    set({ previewing: true, read, fileError: null, check: null, checkJob: null, notice: null, runError: null });
    const res = await api.import.preview({
      handle: file.handle,
      ...read,
      ...(headerRow === undefined ? {} : { headerRow }),
    });
    if (mine !== seq) return;
    if (!res.ok) {
      set({ previewing: false, fileError: res.error });
      return;
    }
    const preview = res.value;
    const edits: ColumnEdits = headerRow === undefined ? new Map() : get().edits;
    const header = headerCells(preview, preview.headerRow);
    set({
      previewing: false,
      preview,
      headerRow: preview.headerRow,
      mapping: withEdits(initialMapping(preview), edits, header),
      edits,
    });
  };

  const take = (res: Result<FileRef | null>, mine: number) => {
    if (mine !== seq) return;
    if (!res.ok) {
      set({ ...fresh, given: get().given, fileError: res.error });
      return;
    }
    if (res.value === null) return; // The dialog was closed: keep whatever was there.
    set({ ...fresh, file: res.value, given: { name: res.value.name, size: res.value.size } });
    void loadPreview(res.value, {});
  };

  const settings = (s: ImportState, dryRun: boolean): ImportSettings | null => {
    const { file, preview, options } = s;
    if (!file || !preview) return null;
    const group = options.group;
    return {
      handle: file.handle,
      // The same sheet and delimiter the preview was read with, so the run sees the table the user saw.
      sheet: preview.kind === 'text' ? undefined : (preview.sheet ?? undefined),
      delimiter: preview.kind === 'text' ? (preview.delimiter ?? undefined) : undefined,
      headerRow: s.headerRow,
      mapping: mappingForStart(s.mapping),
      region: options.region,
      duplicates: options.duplicates,
      group:
        group.kind === 'existing' && group.id !== null
          ? { id: group.id }
          : group.kind === 'new'
            ? { name: group.name.trim() }
            : undefined,
      dryRun,
    };
  };

  return {
    ...fresh,
    options: { region: 'RU', duplicates: 'skip', group: { kind: 'none' } },
    run: null,
    dragOver: false,

    chooseFile(file) {
      if (get().run) return;
      if (fileChooser === 'dialog') {
        // The native dialog is modal: nothing else can start while it is open, so no request is superseded.
        const mine = seq;
        void pickImportFile().then((res) => take(res, mine));
        return;
      }
      if (!file) return;
      uploadAbort?.abort();
      const mine = ++seq;
      const ctl = new AbortController();
      uploadAbort = ctl;
      set({ ...fresh, given: { name: file.name, size: file.size }, uploading: true });
      void uploadImportFile(file, ctl.signal).then((res) => take(res, mine));
    },
    setDragOver(over) {
      if (over !== get().dragOver) set({ dragOver: over });
    },
    reset() {
      if (get().run) return;
      uploadAbort?.abort();
      seq += 1;
      // Duplicates and region are habits worth keeping; the group belonged to the file just imported.
      set((s) => ({ ...fresh, options: { ...s.options, group: { kind: 'none' } } }));
    },
    setSheet(sheet) {
      const { file, preview } = get();
      if (file && preview && sheet !== preview.sheet) void loadPreview(file, { sheet });
    },
    setDelimiter(delimiter) {
      const { file, preview } = get();
      if (file && preview && delimiter !== preview.delimiter) void loadPreview(file, { delimiter });
    },
    setHeaderRow(row) {
      const { file, preview, mapping, headerRow, read, run } = get();
      if (!file || !preview || run || row === headerRow) return;
      // Shown at once with the names of the new header; the core's proposal for it replaces this shortly.
      set({ headerRow: row, mapping: withHeaderRow(mapping, headerCells(preview, row)), check: null });
      void loadPreview(file, read, row);
    },
    chooseTarget(col, field, fallbackName) {
      const { preview, headerRow, mapping, edits } = get();
      if (!preview) return;
      const next = withTarget(mapping, col, field, fallbackName, headerCells(preview, headerRow));
      const target = next[col];
      if (!target) return;
      set({ mapping: next, edits: withEdit(edits, col, target, false), check: null });
    },
    nameAttribute(col, name) {
      const { mapping, edits } = get();
      const next = withAttributeName(mapping, col, name);
      const target = next[col];
      if (target?.field !== 'attribute') return;
      set({ mapping: next, edits: withEdit(edits, col, target, true), check: null });
    },
    setOptions(patch) {
      set((s) => ({ options: { ...s.options, ...patch }, check: null }));
    },

    start(dryRun) {
      const s = get();
      const input = settings(s, dryRun);
      if (s.run || !input || (!dryRun && !s.check)) return;
      early.clear();
      set({
        run: {
          jobId: null,
          adopted: false,
          dryRun,
          startedAt: Date.now(),
          progress: null,
          elapsedMs: 0,
          cancelling: false,
        },
        notice: null,
        runError: null,
      });
      void api.import.start(input).then((res) => {
        if (!res.ok) {
          set({ run: null, runError: res.error });
          return;
        }
        const { jobId } = res.value;
        const run = get().run;
        if (!run) return;
        set({ run: { ...run, jobId } });
        // Cancel was pressed before the job had an id: pass it on now.
        if (run.cancelling) void api.jobs.cancel({ jobId });
        const first = early.get(jobId);
        early.clear();
        if (first) get().receive(first);
      });
    },
    cancel() {
      const run = get().run;
      if (!run || run.cancelling) return;
      set({ run: { ...run, cancelling: true } });
      if (run.jobId !== null) void api.jobs.cancel({ jobId: run.jobId });
    },
    backToSettings() {
      if (!get().run) set({ check: null, notice: null, runError: null });
    },

    receive(p) {
      const run = get().run;
      if (!run) {
        if (recent.size > 16) recent.clear();
        recent.set(p.jobId, p);
        return;
      }
      if (run.jobId === null) {
        // Another window's jobs are announced too; keep a few, ours is among them.
        if (early.size > 16) early.clear();
        early.set(p.jobId, p);
        return;
      }
      if (p.jobId !== run.jobId) return;
      switch (p.state) {
        case 'running':
          set({ run: { ...run, progress: p, elapsedMs: Date.now() - run.startedAt } });
          return;
        case 'done':
          if (!p.summary)
            set({ run: null, runError: { code: 'internal', message: 'The job ended without a summary' } });
          else if (run.dryRun) set({ run: null, check: p.summary, checkJob: p.jobId });
          else set({ run: null, result: p.summary, resultJob: p.jobId, check: null, checkJob: null });
          return;
        case 'cancelled':
          set({ run: null, notice: run.dryRun ? 'check-cancelled' : 'import-cancelled' });
          return;
        case 'failed':
          set({ run: null, runError: p.error ?? { code: 'internal', message: '' } });
          return;
      }
    },

    async resume() {
      const res = await api.jobs.list({});
      if (!res.ok) return;
      const job = res.value.find((j) => j.kind === 'import' && j.state === 'running');
      // Only into an idle wizard: a job started elsewhere must not take the place of the user's own settings.
      if (!job || !idle(get())) return;
      // The core's rate is over the whole run, which gives back when it started (for the time left).
      const elapsedMs = job.rowsPerSecond > 0 ? (job.rows / job.rowsPerSecond) * 1000 : 0;
      set({
        ...fresh,
        run: {
          jobId: job.jobId,
          adopted: true,
          dryRun: job.dryRun,
          startedAt: Date.now() - elapsedMs,
          progress: job,
          elapsedMs,
          cancelling: false,
        },
      });
      const later = recent.get(job.jobId);
      recent.clear();
      if (later && later.state !== 'running') get().receive(later);
    },
  };
});

/** Feeds `jobs:progress` into the store for the app's lifetime; returns the unsubscribe. */
export function connectImportJobs(): () => void {
  return api.on('jobs:progress', (p) => useImport.getState().receive(p));
}

/** Nothing chosen, read, running or shown as a result: the state of a freshly opened page. */
function idle(s: ImportState): boolean {
  return !s.run && !s.file && !s.uploading && !s.preview && !s.check && !s.result;
}

/** Which of the three steps the wizard is on. */
export function importStep(s: Pick<ImportState, 'preview' | 'run' | 'check' | 'result'>): 1 | 2 | 3 {
  if (s.result || s.run || s.check) return 3;
  return s.preview ? 2 : 1;
}
