import type { ColumnTarget } from '../../../shared/domain/import';
import type { ListFilter } from '../repos/contact-list';
import type { Delimiter } from './csv';
import type { ImportPreview } from '../../../shared/domain/import';
import type { ImportPlanOptions, ImportProgress, ImportSummary } from './engine';
import type { SearchRows } from '../repos/search-index-build';
import type { SheetRow } from './cells';
import type { RowReaderSpec } from './row-reader';

/** Everything a worker needs to run one import: plain data, it crosses a thread boundary. */
export interface ImportJobSpec extends Omit<ImportPlanOptions, 'mapping' | 'headerRow'> {
  dbPath: string;
  nativeBinding?: string;
  file: string;
  sheet?: string;
  delimiter?: Delimiter;
  /** When absent, the header row and the mapping proposed by inspection are used. */
  mapping?: ColumnTarget[];
  /** Changes to the proposed mapping: a column by header text, letter (A, B, …) or 1-based number. */
  overrides?: { column: string; target: ColumnTarget }[];
  headerRow?: number;
}

/** An export to write in a worker: a million rows would otherwise hold the app's event loop for seconds. */
export interface ExportJobSpec {
  dbPath: string;
  nativeBinding?: string;
  filter: ListFilter;
  file: string;
  format: 'xlsx' | 'csv';
  encoding: 'utf8' | 'cp1251';
}

/** A search index built beside an import into an empty base (see repos/search-index-build.ts). */
export interface SearchIndexSpec {
  file: string;
  createSql: string;
  nativeBinding?: string;
}

/** What a worker is asked to do: look at the first rows, import, export, or build a search index. */
export type WorkerTask =
  | { op: 'preview'; spec: ImportJobSpec }
  | { op: 'import'; spec: ImportJobSpec }
  | { op: 'export'; spec: ExportJobSpec }
  | { op: 'search-index'; spec: SearchIndexSpec }
  | { op: 'read-rows'; spec: RowReaderSpec };

/** What the import thread tells a reader thread: it took a batch of rows (import/row-reader.ts). */
export type RowReaderMessage = { type: 'taken' };

/** What the import thread sends the search-index builder. */
export type SearchIndexMessage = { type: 'rows'; rows: SearchRows } | { type: 'finish' };

export type WorkerMessage =
  | { type: 'progress'; progress: ImportProgress }
  | { type: 'done'; summary: ImportSummary }
  | { type: 'preview'; preview: ImportPreview }
  | { type: 'exported'; rows: number }
  | { type: 'indexed' }
  | { type: 'built' }
  | { type: 'rows'; rows: readonly SheetRow[] }
  | { type: 'end' }
  | { type: 'error'; code: string; message: string };
