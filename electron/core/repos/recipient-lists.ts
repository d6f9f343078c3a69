import type { Db } from '../db/open';
import type { SheetRecipient } from '../import/campaign-sheet';

/** Saves a parsed campaign sheet as a recipient list in one transaction; returns its id. */
export function saveRecipientList(
  db: Db,
  name: string,
  source: string,
  rows: readonly SheetRecipient[],
  now: string,
): number {
  return db.transaction(() => {
    const id = Number(
      db.prepare('INSERT INTO recipient_lists (name, source, created_at) VALUES (?, ?, ?)').run(name, source, now)
        .lastInsertRowid,
    );
    const insert = db.prepare(
      'INSERT INTO recipient_list_rows (list_id, row, phone, send_at, send_at_local, vars) VALUES (?, ?, ?, ?, ?, ?)',
    );
    for (const r of rows) insert.run(id, r.row, r.phone, r.sendAt, r.sendAtLocal, JSON.stringify(r.vars));
    return id;
  })();
}

export function recipientListRows(db: Db, listId: number): SheetRecipient[] {
  const rows = db
    .prepare('SELECT row, phone, send_at, send_at_local, vars FROM recipient_list_rows WHERE list_id = ? ORDER BY row')
    .all(listId) as {
    row: number;
    phone: string;
    send_at: string;
    send_at_local: string;
    vars: string;
  }[];
  return rows.map((r) => ({
    row: r.row,
    phone: r.phone,
    sendAt: r.send_at,
    sendAtLocal: r.send_at_local,
    vars: JSON.parse(r.vars) as string[],
  }));
}
