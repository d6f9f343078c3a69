import { Command } from 'commander';
import path from 'node:path';
import { openDatabase } from '../db/open';
import { parseCampaignSheet } from '../import/campaign-sheet';
import { ImportError } from '../import/errors';
import { openTable } from '../import/table';
import { saveRecipientList } from '../repos/recipient-lists';
import { CliError, common, dbPathOf, printJson, type CommonOptions } from './context';
import type { Io } from './output';

interface SheetOptions extends CommonOptions {
  ignoreDuplicates?: boolean;
  save?: string;
}

/** `vestnik import-sheet`: the campaign sheet (number; send time; variables…) checked, and optionally saved. */
export function importSheetCommand(io: Io): Command {
  return common(new Command('import-sheet'))
    .description(
      'check a campaign sheet "79207460022; 2021-06-21 22:02:00; var1; var2" and optionally save it as a recipient list',
    )
    .argument('<file>', 'CSV (";"-separated) or a workbook')
    .option('--ignore-duplicates', 'keep only the first row of each number')
    .option('--save <name>', 'save the valid rows as a recipient list with this name')
    .action(async (file: string, o: SheetOptions) => {
      let sheet;
      try {
        const table = await openTable(path.resolve(file), { delimiter: ';' });
        sheet = await parseCampaignSheet(table.rows(), { ignoreDuplicates: o.ignoreDuplicates ?? false });
      } catch (err) {
        if (err instanceof ImportError) throw new CliError(err.message);
        throw err;
      }
      let listId: number | null = null;
      if (o.save) {
        const db = openDatabase(dbPathOf(o));
        try {
          listId = saveRecipientList(
            db,
            o.save,
            `sheet:${path.basename(file)}`,
            sheet.recipients,
            new Date().toISOString(),
          );
        } finally {
          db.close();
        }
      }
      if (o.json)
        printJson(io, { rows: sheet.recipients, rejected: sheet.rejected, duplicates: sheet.duplicates, listId });
      else {
        io.out(
          `${sheet.recipients.length} valid rows, ${sheet.rejected.length} rejected, ${sheet.duplicates.length} duplicate numbers ignored.`,
        );
        for (const r of sheet.rejected.slice(0, 50)) io.out(`  row ${r.row}: ${r.reason}`);
        if (listId !== null) io.out(`Saved as recipient list ${listId} "${o.save}".`);
      }
    });
}
