import { Command } from 'commander';
import path from 'node:path';
import { openDatabase } from '../db/open';
import { exportContacts, type ExportFormat } from '../export/contacts-export';
import { getGroupByName } from '../repos/groups';
import { CliError, common, dbPathOf, printJson, type CommonOptions } from './context';
import type { Io } from './output';

interface ExportOptions extends CommonOptions {
  group?: string;
  search?: string;
  format?: string;
  encoding: string;
}

export function exportCommand(io: Io): Command {
  return common(new Command('export'))
    .description('export the base, a group or a search to XLSX or CSV (phones as text, formulas neutralised)')
    .argument('<file>', 'where to write (.xlsx or .csv)')
    .option('--group <name>', 'only this group')
    .option('--search <query>', 'only contacts matching this search')
    .option('--format <format>', 'xlsx | csv (default: from the file extension)')
    .option('--encoding <encoding>', 'CSV encoding: utf8 (with BOM) | cp1251 (old Excel)', 'utf8')
    .action((file: string, o: ExportOptions) => {
      const format = (o.format ?? (path.extname(file).toLowerCase() === '.csv' ? 'csv' : 'xlsx')) as ExportFormat;
      if (format !== 'xlsx' && format !== 'csv') throw new CliError('--format takes xlsx or csv');
      if (o.encoding !== 'utf8' && o.encoding !== 'cp1251') throw new CliError('--encoding takes utf8 or cp1251');
      const db = openDatabase(dbPathOf(o));
      try {
        const group = o.group ? getGroupByName(db, o.group) : null;
        if (o.group && !group) throw new CliError(`No group named "${o.group}"`);
        const rows = exportContacts(db, { query: o.search, groupId: group?.id }, path.resolve(file), {
          format,
          encoding: o.encoding,
        });
        if (o.json) printJson(io, { file: path.resolve(file), rows, format });
        else io.out(`Exported ${rows} contacts to ${file}`);
      } finally {
        db.close();
      }
    });
}
