import type { Migration } from './types';

/**
 * Recipient lists from campaign sheets: per row a phone, its own send time and message variables, kept as
 * the file had them so a campaign can use them later (and the report can cite the row number).
 */
export const recipientLists: Migration = {
  version: 20,
  name: 'recipient-lists',
  up: (db) => {
    db.exec(`
      CREATE TABLE recipient_lists (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        source TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE recipient_list_rows (
        list_id INTEGER NOT NULL REFERENCES recipient_lists(id) ON DELETE CASCADE,
        row INTEGER NOT NULL,
        phone TEXT NOT NULL,
        send_at TEXT,
        send_at_local TEXT,
        vars TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(vars)),
        PRIMARY KEY (list_id, row)
      ) WITHOUT ROWID;
    `);
  },
};
