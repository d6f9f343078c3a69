import { randomBytes } from 'node:crypto';
import { getCountries, type CountryCode } from 'libphonenumber-js/min';
import type {
  Delivery,
  FileRef,
  ImportPreview,
  ImportSettings,
  JobProgress,
  RejectedRow,
} from '../../../shared/domain/import';
import { XlsxWriter } from '../export/xlsx-writer';
import { reasonInRussian } from '../../../shared/domain/import-reasons';
import type { Deliveries } from '../files/deliveries';
import { VestnikError } from '../../../shared/ipc/result';
import type { Clock } from '../clock';
import type { CoreEvents } from '../events';
import { ImportError } from './errors';
import type { ImportJobSpec } from './job';
import { FileRegistry } from './files';
import { previewInWorker, startImportWorker } from './start-worker';

export interface ImportServiceDeps {
  dbPath: string;
  nativeBinding?: string;
  clock: Clock;
  events: CoreEvents;
  /** The shell's file chooser (Electron: the native dialog); absent in browser mode, which uploads. */
  pickFile?: () => Promise<string | null>;
  /** Tells the core that another connection wrote the base. */
  onChanged: () => void;
  /** Hands files the app writes (reports, exports) to the user. */
  deliveries: Deliveries;
  /** The UI language, for the saved report. */
  locale: () => 'ru' | 'en';
  /** Tests only: imports that write go no faster than this many rows a second (engine.ts maxRowsPerSecond). */
  maxRowsPerSecond?: number;
}

/** The import feature behind the contract: chosen files by handle, previews and imports in workers, jobs. */
export class ImportService {
  readonly files = new FileRegistry();
  private readonly jobs = new Map<string, { cancel(): void; dryRun: boolean; last: JobProgress | null }>();
  /** Rejected rows of the last finished jobs, for "save the report". */
  private readonly reports = new Map<string, { name: string; rejected: RejectedRow[] }>();

  constructor(private readonly deps: ImportServiceDeps) {}

  async pick(): Promise<FileRef | null> {
    if (!this.deps.pickFile)
      throw new VestnikError('bad_request', 'Choose the file in the page (browser mode uploads it)');
    const file = await this.deps.pickFile();
    return file === null ? null : this.files.register(file);
  }

  async preview(input: {
    handle: string;
    sheet?: string;
    delimiter?: ImportJobSpec['delimiter'];
  }): Promise<ImportPreview> {
    const file = this.files.resolve(input.handle);
    try {
      return await previewInWorker(this.spec({ ...input, file: file.path, dryRun: true }));
    } catch (err) {
      throw asVestnikError(err);
    }
  }

  start(
    settings: ImportSettings & { region: string; duplicates: ImportJobSpec['duplicates'] },
    source = 'import',
  ): { jobId: string } {
    const file = this.files.resolve(settings.handle);
    const jobId = randomBytes(9).toString('base64url');
    const dryRun = settings.dryRun;
    const started = Date.now();
    let last = 0;
    const emit = (p: Omit<JobProgress, 'jobId' | 'kind' | 'dryRun'>) => {
      const progress: JobProgress = { jobId, kind: 'import', dryRun, ...p };
      const running = this.jobs.get(jobId);
      if (running) running.last = progress;
      this.deps.events.emit('jobs:progress', progress);
    };
    const job = startImportWorker(
      this.spec({
        file: file.path,
        sheet: settings.sheet,
        delimiter: settings.delimiter,
        headerRow: settings.headerRow,
        mapping: settings.mapping,
        region: settings.region,
        duplicates: settings.duplicates,
        groupId: settings.group && 'id' in settings.group ? settings.group.id : undefined,
        groupName: settings.group && 'name' in settings.group ? settings.group.name : undefined,
        dryRun,
        source: `${source}:${file.name}`,
      }),
      (p) => {
        // At most five progress events a second reach the UI.
        if (Date.now() - last < 200) return;
        last = Date.now();
        emit({ state: 'running', rows: p.rows, rowsPerSecond: rate(p.rows, p.elapsedMs), fraction: p.fraction });
      },
    );
    this.jobs.set(jobId, { cancel: () => job.cancel(), dryRun, last: null });
    job.result.then(
      (summary) => {
        this.jobs.delete(jobId);
        this.reports.set(jobId, { name: file.name, rejected: summary.rejected });
        if (this.reports.size > 20) this.reports.delete(this.reports.keys().next().value!);
        if (!dryRun) this.deps.onChanged();
        // The event carries the first rejected rows; all of them are in the report (import:report).
        emit({
          state: 'done',
          rows: summary.rows,
          rowsPerSecond: rate(summary.rows, Date.now() - started),
          fraction: 1,
          summary: {
            ...summary,
            rejected: summary.rejected.slice(0, MAX_REJECTED_IN_EVENT),
            rejectedTotal: summary.rejected.length,
          },
        });
      },
      (err: unknown) => {
        this.jobs.delete(jobId);
        const cancelled = err instanceof ImportError && err.code === 'cancelled';
        emit({
          state: cancelled ? 'cancelled' : 'failed',
          rows: 0,
          rowsPerSecond: 0,
          fraction: null,
          error: {
            code: err instanceof ImportError ? err.code : 'internal',
            message: err instanceof Error ? err.message : String(err),
          },
        });
      },
    );
    return { jobId };
  }

  /** The rejected rows of a finished import or dry run as an XLSX: row number as the file shows it, reason. */
  report(jobId: string): Promise<Delivery> {
    const report = this.reports.get(jobId);
    if (!report) throw new VestnikError('not_found', 'No finished import with this id');
    const base = report.name.replace(/\.[^.]+$/, '');
    const ru = this.deps.locale() === 'ru';
    const title = ru ? 'отклонённые строки' : 'rejected rows';
    return this.deps.deliveries.deliver(`${base} — ${title}.xlsx`, (file) => {
      const w = new XlsxWriter(file, ru ? 'Отклонённые строки' : 'Rejected rows', new Set(), [10, 80]);
      w.addRow(ru ? ['Строка', 'Причина'] : ['Row', 'Reason']);
      for (const r of report.rejected) w.addRow([String(r.row), ru ? reasonInRussian(r.reason) : r.reason]);
      w.close();
      return Promise.resolve(report.rejected.length);
    });
  }

  /** Jobs still running, with their latest progress (a reloaded page picks them up again). */
  list(): JobProgress[] {
    return [...this.jobs.entries()].map(
      ([jobId, j]) =>
        j.last ?? {
          jobId,
          kind: 'import',
          state: 'running',
          rows: 0,
          rowsPerSecond: 0,
          fraction: null,
          dryRun: j.dryRun,
        },
    );
  }

  cancel(jobId: string): { cancelled: boolean } {
    const job = this.jobs.get(jobId);
    job?.cancel();
    return { cancelled: job !== undefined };
  }

  private spec(s: SpecInput): ImportJobSpec {
    const region = s.region ?? 'RU';
    if (!getCountries().includes(region as CountryCode))
      throw new VestnikError('bad_request', `Unknown region ${region}`, 'region');
    return {
      duplicates: 'skip',
      source: 'import',
      ...s,
      region: region as CountryCode,
      dbPath: this.deps.dbPath,
      nativeBinding: this.deps.nativeBinding,
      maxRowsPerSecond: this.deps.maxRowsPerSecond,
      now: this.deps.clock.now().toISOString(),
    };
  }
}

type SpecInput = Omit<
  ImportJobSpec,
  'dbPath' | 'nativeBinding' | 'maxRowsPerSecond' | 'now' | 'region' | 'duplicates' | 'source'
> & {
  region?: string;
  duplicates?: ImportJobSpec['duplicates'];
  source?: string;
};

const MAX_REJECTED_IN_EVENT = 1000;

const rate = (rows: number, ms: number) => (ms > 0 ? Math.round((rows / ms) * 1000) : 0);

/** Import errors keep their code across the contract, so the UI can say it in the user's language. */
function asVestnikError(err: unknown): unknown {
  return err instanceof ImportError ? new VestnikError(err.code, err.message) : err;
}
