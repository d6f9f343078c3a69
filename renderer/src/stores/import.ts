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
import { headerCells, initialMapping, mappingForStart, withHeaderRow } from '../features/import/mapping';

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
  dryRun: boolean;
  /** Date.now() when the run was started. */
  startedAt: number;
  progress: JobProgress | null;
  /** Time from the start to the latest progress: with the fraction done, it gives the time left. */
  elapsedMs: number;
  cancelling: boolean;
}

export type Notice = 'check-cancelled' | 'import-cancelled';

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
  /** Sheet row number of the header; 0 = the file has none. */
  headerRow: number;
  mapping: ColumnTarget[];
  options: ImportOptions;
  run: Run | null;
  /** The dry run's answer for the settings on screen; `start(false)` is offered only once it is there. */
  check: ImportSummary | null;
  /** The import's answer. */
  result: ImportSummary | null;
  notice: Notice | null;
  runError: Problem | null;

  chooseFile: (file?: File) => void;
  setDragOver: (over: boolean) => void;
  reset: () => void;
  setSheet: (sheet: string) => void;
  setDelimiter: (delimiter: Delimiter) => void;
  setHeaderRow: (row: number) => void;
  setMapping: (mapping: ColumnTarget[]) => void;
  setOptions: (patch: Partial<ImportOptions>) => void;
  start: (dryRun: boolean) => void;
  cancel: () => void;
  backToSettings: () => void;
  receive: (p: JobProgress) => void;
}

const fresh = {
  file: null,
  given: null,
  uploading: false,
  previewing: false,
  preview: null,
  fileError: null,
  headerRow: 0,
  mapping: [],
  check: null,
  result: null,
  notice: null,
  runError: null,
} satisfies Partial<ImportState>;

/** Answers to older preview or upload requests are dropped: the user has moved on to another file or sheet. */
let seq = 0;
let uploadAbort: AbortController | null = null;
/** Progress of jobs whose id `import:start` has not returned yet (events and the answer race each other). */
const early = new Map<string, JobProgress>();

export const useImport = create<ImportState>()((set, get) => {
  const loadPreview = async (file: FileRef, over: { sheet?: string; delimiter?: Delimiter } = {}) => {
    const mine = ++seq;
    set({ previewing: true, fileError: null, check: null, notice: null, runError: null });
    const res = await api.import.preview({ handle: file.handle, ...over });
    if (mine !== seq) return;
    if (!res.ok) {
      set({ previewing: false, fileError: res.error });
      return;
    }
    const preview = res.value;
    set({ previewing: false, preview, headerRow: preview.headerRow, mapping: initialMapping(preview) });
  };

  const take = (res: Result<FileRef | null>, mine: number) => {
    if (mine !== seq) return;
    if (!res.ok) {
      set({ ...fresh, given: get().given, fileError: res.error });
      return;
    }
    if (res.value === null) return; // The dialog was closed: keep whatever was there.
    set({ ...fresh, file: res.value, given: { name: res.value.name, size: res.value.size } });
    void loadPreview(res.value);
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
      const { preview, mapping, headerRow } = get();
      if (!preview || row === headerRow) return;
      set({ headerRow: row, mapping: withHeaderRow(mapping, headerCells(preview, row)), check: null });
    },
    setMapping(mapping) {
      set({ mapping, check: null });
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
        run: { jobId: null, dryRun, startedAt: Date.now(), progress: null, elapsedMs: 0, cancelling: false },
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
      if (!run) return;
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
          else if (run.dryRun) set({ run: null, check: p.summary });
          else set({ run: null, result: p.summary, check: null });
          return;
        case 'cancelled':
          set({ run: null, notice: run.dryRun ? 'check-cancelled' : 'import-cancelled' });
          return;
        case 'failed':
          set({ run: null, runError: p.error ?? { code: 'internal', message: '' } });
          return;
      }
    },
  };
});

/** Feeds `jobs:progress` into the store for the app's lifetime; returns the unsubscribe. */
export function connectImportJobs(): () => void {
  return api.on('jobs:progress', (p) => useImport.getState().receive(p));
}

/** Which of the three steps the wizard is on. */
export function importStep(s: Pick<ImportState, 'preview' | 'run' | 'check' | 'result'>): 1 | 2 | 3 {
  if (s.result || s.run || s.check) return 3;
  return s.preview ? 2 : 1;
}
