import type { RecipientList, SheetCheck } from '../../../shared/domain/sheets';
import { VestnikError } from '../../../shared/ipc/result';
import type { Clock } from '../clock';
import type { Db } from '../db/open';
import { parseCampaignSheet, type CampaignSheet } from '../import/campaign-sheet';
import { ImportError } from '../import/errors';
import type { FileRegistry } from '../import/files';
import { openTable } from '../import/table';
import { saveRecipientList } from '../repos/recipient-lists';

/**
 * Campaign sheets from the compose form: the file the user chose or uploaded (by handle, never a path) is
 * checked — every bad row by its number and why, repeated numbers — and saved as a recipient list, the
 * campaign's audience. The same parser as `vestnik import-sheet` (../import/campaign-sheet.ts); a repeated
 * number keeps its first row, as the outbox would (one message per address).
 */

const SAMPLE = 20;
const MAX_REJECTED = 500;
const MAX_DUPLICATES = 100;

export class SheetService {
  constructor(
    private readonly db: Db,
    private readonly files: FileRegistry,
    private readonly clock: Clock,
  ) {}

  async check(handle: string): Promise<SheetCheck> {
    const { name, sheet } = await this.read(handle);
    return summary(name, sheet);
  }

  async save(handle: string, listName: string): Promise<{ list: RecipientList; check: SheetCheck }> {
    const { name, sheet } = await this.read(handle);
    if (sheet.recipients.length === 0) {
      throw new VestnikError('empty', 'The sheet has no valid rows', 'sheet');
    }
    const id = saveRecipientList(this.db, listName, `sheet:${name}`, sheet.recipients, this.clock.now().toISOString());
    return { list: this.one(id), check: summary(name, sheet) };
  }

  list(): RecipientList[] {
    return (
      this.db
        .prepare(
          `SELECT l.id, l.name, l.source, l.created_at AS createdAt,
             (SELECT count(*) FROM recipient_list_rows r WHERE r.list_id = l.id) AS rows,
             coalesce((SELECT max(json_array_length(r.vars)) FROM recipient_list_rows r WHERE r.list_id = l.id), 0)
               AS variables
           FROM recipient_lists l ORDER BY l.id DESC`,
        )
        .all() as RecipientList[]
    ).map((l) => ({ ...l }));
  }

  /** A list's rows in sheet order, each with the contact that has its number. */
  rows(listId: number, offset: number, limit: number) {
    this.one(listId);
    const total = this.db.prepare('SELECT count(*) FROM recipient_list_rows WHERE list_id = ?').pluck().get(listId);
    const rows = this.db
      .prepare(
        `SELECT r.row, r.phone, r.send_at, r.send_at_local, r.vars, c.id AS contact_id,
           trim(coalesce(c.last_name, '') || ' ' || coalesce(c.first_name, '') || ' ' || coalesce(c.middle_name, '')) AS name
         FROM recipient_list_rows r LEFT JOIN contacts c ON c.phone = r.phone
         WHERE r.list_id = ? ORDER BY r.row LIMIT ? OFFSET ?`,
      )
      .all(listId, limit, offset) as {
      row: number;
      phone: string;
      send_at: string | null;
      send_at_local: string | null;
      vars: string;
      contact_id: number | null;
      name: string;
    }[];
    return {
      total: total as number,
      rows: rows.map((r) => ({
        row: r.row,
        phone: r.phone,
        sendAt: r.send_at,
        sendAtLocal: r.send_at_local,
        vars: JSON.parse(r.vars) as string[],
        contactId: r.contact_id,
        name: r.name.replace(/\s+/g, ' '),
      })),
    };
  }

  private one(id: number): RecipientList {
    const l = this.list().find((x) => x.id === id);
    if (!l) throw new VestnikError('not_found', `Recipient list ${id} not found`, 'listId');
    return l;
  }

  private async read(handle: string): Promise<{ name: string; sheet: CampaignSheet }> {
    const file = this.files.resolve(handle);
    try {
      const table = await openTable(file.path, { delimiter: ';' });
      return { name: file.name, sheet: await parseCampaignSheet(table.rows(), { ignoreDuplicates: true }) };
    } catch (err) {
      if (err instanceof ImportError) throw new VestnikError(err.code, err.message, 'sheet');
      throw err;
    }
  }
}

function summary(fileName: string, sheet: CampaignSheet): SheetCheck {
  return {
    fileName,
    valid: sheet.recipients.length,
    sample: sheet.recipients.slice(0, SAMPLE).map((r) => ({
      row: r.row,
      phone: r.phone,
      sendAtLocal: r.sendAtLocal,
      sendAt: r.sendAt,
      vars: r.vars,
    })),
    rejectedTotal: sheet.rejected.length,
    rejected: sheet.rejected.slice(0, MAX_REJECTED),
    duplicatesTotal: sheet.duplicates.length,
    duplicates: sheet.duplicates.slice(0, MAX_DUPLICATES),
    variables: sheet.recipients.reduce((n, r) => Math.max(n, r.vars.length), 0),
  };
}
