import type { Db } from '../db/open';
import type { ImportPreview } from '../../../shared/domain/import';
import { inspectRows, runImport, type ImportHooks, type ImportSummary } from './engine';
import type { ImportJobSpec } from './job';
import { ImportError } from './errors';
import { openTable } from './table';
import type { CellValue } from './cells';
import type { ColumnTarget } from '../../../shared/domain/import';

/** Column "B", "2" or "Телефон" → its index; header names match ignoring case and surrounding spaces. */
export function columnIndex(column: string, header: readonly CellValue[] | null): number {
  const c = column.trim();
  if (
    /^[A-Za-z]{1,3}$/.test(c) &&
    !header?.some(
      (h) =>
        String(h ?? '')
          .trim()
          .toLowerCase() === c.toLowerCase(),
    )
  ) {
    return [...c.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  }
  if (/^\d+$/.test(c)) return Number(c) - 1;
  const i =
    header?.findIndex(
      (h) =>
        String(h ?? '')
          .trim()
          .toLowerCase() === c.toLowerCase(),
    ) ?? -1;
  if (i < 0) throw new ImportError('bad_file', `No column "${column}" in the header`);
  return i;
}

function applyOverrides(
  mapping: readonly ColumnTarget[],
  header: readonly CellValue[] | null,
  overrides: NonNullable<ImportJobSpec['overrides']>,
): ColumnTarget[] {
  const out = [...mapping];
  for (const o of overrides) {
    const i = columnIndex(o.column, header);
    while (out.length <= i) out.push({ field: 'skip' });
    // A field moved to another column is taken away from where the proposal had put it.
    if (o.target.field !== 'attribute' && o.target.field !== 'skip') {
      for (let j = 0; j < out.length; j++) if (out[j]!.field === o.target.field) out[j] = { field: 'skip' };
    }
    out[i] = o.target;
  }
  return out;
}

/** From this size on, an .xlsx file is read by a thread of its own while the import writes (import/row-reader.ts). */
export const READER_THREAD_MIN_BYTES = 1024 * 1024;

/** Opens the file, settles header and mapping (given, or proposed), then runs the import on `db`. */
export async function runImportJob(
  db: Db,
  spec: ImportJobSpec,
  hooks: ImportHooks = {},
): Promise<ImportSummary & { mapping: ImportJobSpec['mapping']; headerRow: number }> {
  const table = await openTable(spec.file, { sheet: spec.sheet, delimiter: spec.delimiter });
  let mapping = spec.mapping;
  let headerRow = spec.headerRow;
  if (!mapping || headerRow === undefined || spec.overrides) {
    const inspected = await inspectRows(table.rows(hooks.signal));
    mapping ??= inspected.mapping;
    headerRow ??= inspected.headerRow;
    if (spec.overrides) mapping = applyOverrides(mapping, inspected.header, spec.overrides);
  }
  const inThread = table.kind === 'xlsx' && table.size >= READER_THREAD_MIN_BYTES && hooks.rowsInThread;
  const summary = await runImport(
    db,
    inThread ? inThread({ file: spec.file, sheet: table.sheet ?? undefined }) : table.batches(hooks.signal),
    {
      mapping,
      headerRow,
      region: spec.region,
      duplicates: spec.duplicates,
      groupName: spec.groupName,
      groupId: spec.groupId,
      dryRun: spec.dryRun,
      source: spec.source,
      now: spec.now,
      maxRowsPerSecond: spec.maxRowsPerSecond,
    },
    { ...hooks, position: () => table.position() },
  );
  return { ...summary, mapping, headerRow };
}

const display = (v: CellValue): string =>
  v === null || v === undefined
    ? ''
    : v instanceof Date
      ? v.toISOString().slice(0, 10)
      : typeof v === 'number' && Number.isInteger(v)
        ? v.toFixed(0)
        : String(v);

/** The first rows as the file has them, where the header is, and how each column would be imported. */
export async function previewJob(spec: ImportJobSpec, signal?: AbortSignal): Promise<ImportPreview> {
  const table = await openTable(spec.file, { sheet: spec.sheet, delimiter: spec.delimiter });
  const inspected = await inspectRows(table.rows(signal), 30, spec.headerRow);
  // Rows below a far-down header were read to propose the mapping; the preview shows the first 30 and the
  // header with what follows it.
  const shown = inspected.head.filter(
    (r, i) => i < 30 || (r.row >= inspected.headerRow && r.row <= inspected.headerRow + 5),
  );
  return {
    kind: table.kind,
    sheets: table.sheets,
    sheet: table.sheet,
    encoding: table.encoding,
    delimiter: table.delimiter,
    rows: shown.map((r) => ({ row: r.row, cells: r.cells.map((c) => display(c).slice(0, 500)) })),
    headerRow: inspected.headerRow,
    mapping: inspected.mapping,
  };
}
