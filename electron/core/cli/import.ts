import { Command } from 'commander';
import type { CountryCode } from 'libphonenumber-js/min';
import { getCountries } from 'libphonenumber-js/min';
import path from 'node:path';
import { DUPLICATE_MODES, IMPORT_FIELDS, type ColumnTarget, type DuplicateMode } from '../../../shared/domain/import';
import { openDatabase } from '../db/open';
import { ImportError } from '../import/errors';
import { startImportWorker } from '../import/start-worker';
import { CliError, common, dbPathOf, printJson, type CommonOptions } from './context';
import type { Io } from './output';

interface ImportOptions extends CommonOptions {
  sheet?: string;
  map?: string;
  group?: string;
  duplicates: string;
  region: string;
  dryRun?: boolean;
}

/** "Телефон=phone,C=attr:Город,D=skip" → overrides. */
export function parseMap(spec: string): { column: string; target: ColumnTarget }[] {
  return spec
    .split(',')
    .filter((p) => p.trim() !== '')
    .map((pair) => {
      const i = pair.lastIndexOf('=');
      if (i <= 0) throw new CliError(`--map takes column=field, got "${pair}"`);
      const column = pair.slice(0, i).trim();
      const field = pair.slice(i + 1).trim();
      if (field.startsWith('attr:')) return { column, target: { field: 'attribute', name: field.slice(5).trim() } };
      if (!(IMPORT_FIELDS as readonly string[]).includes(field) || field === 'attribute') {
        throw new CliError(
          `Unknown field "${field}" (one of: ${IMPORT_FIELDS.filter((f) => f !== 'attribute').join(', ')}, attr:NAME)`,
        );
      }
      return { column, target: { field } as ColumnTarget };
    });
}

export function importCommand(io: Io): Command {
  return common(new Command('import'))
    .description('import contacts from XLSX, XLS, CSV or TXT; prints what was added, updated, skipped and rejected')
    .argument('<file>', 'the spreadsheet')
    .option('--sheet <name>', 'workbook sheet (default: the first visible one)')
    .option(
      '--map <column=field,...>',
      `change the automatic mapping; fields: ${IMPORT_FIELDS.filter((f) => f !== 'attribute').join(', ')}, attr:NAME`,
    )
    .option('--group <name>', 'put the imported contacts into this group (created if missing)')
    .option('--duplicates <mode>', 'a contact already in the base: skip | fill (empty fields) | overwrite', 'skip')
    .option('--region <code>', 'country for numbers written without a country code', 'RU')
    .option('--dry-run', 'count what would happen, change nothing')
    .action(async (file: string, o: ImportOptions) => {
      if (!(DUPLICATE_MODES as readonly string[]).includes(o.duplicates))
        throw new CliError('--duplicates takes skip, fill or overwrite');
      const region = o.region.toUpperCase();
      if (!getCountries().includes(region as CountryCode)) throw new CliError(`Unknown region ${o.region}`);
      const dbPath = dbPathOf(o);
      openDatabase(dbPath).close(); // create and migrate before the worker opens it
      const job = startImportWorker({
        dbPath,
        file: path.resolve(file),
        sheet: o.sheet,
        overrides: o.map ? parseMap(o.map) : undefined,
        region: region as CountryCode,
        duplicates: o.duplicates as DuplicateMode,
        groupName: o.group,
        dryRun: o.dryRun ?? false,
        source: `import:${path.basename(file)}`,
        now: new Date().toISOString(),
      });
      try {
        const s = await job.result;
        const out = {
          rows: s.rows,
          imported: s.imported,
          updated: s.updated,
          duplicates: s.duplicates,
          rejected: s.rejected,
          dryRun: o.dryRun ?? false,
        };
        if (o.json) printJson(io, out);
        else {
          io.out(
            `${o.dryRun ? 'Dry run: would import' : 'Imported'} ${s.imported}, updated ${s.updated}, duplicates ${s.duplicates}, rejected ${s.rejected.length} of ${s.rows} rows.`,
          );
          for (const r of s.rejected.slice(0, 50)) io.out(`  row ${r.row}: ${r.reason}`);
          if (s.rejected.length > 50) io.out(`  … and ${s.rejected.length - 50} more (use --json for all)`);
        }
      } catch (err) {
        if (err instanceof ImportError) throw new CliError(err.message);
        throw err;
      }
    });
}
