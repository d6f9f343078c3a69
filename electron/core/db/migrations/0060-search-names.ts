import type { Migration } from './types';

/**
 * The search index holds names only; e-mails are searched on B-tree indexes, like phones.
 *
 * Why: with prefix indexes for 1–16 characters (search-as-you-type reads one doclist lazily, see 0010), every
 * token costs up to 17 index entries, and an e-mail splits into four or five tokens ("ivan.petrov@mail.ru").
 * Measured at 1,000,000 contacts, indexing names and e-mails took 8.8–11 s of CPU; names alone, without the
 * per-row size table, 3.7 s — the difference decided whether a first import of a million rows fits in 10 s.
 * E-mails keep their search: the address by its beginning on the unique e-mail index, the domain by its
 * beginning on `contacts_email_domain` (both range scans, see repos/search-query.ts).
 *
 * The index is contentless without `contentless_delete`: the triggers delete a row by giving FTS5 the text it
 * was indexed with (the same expression of the old row), which needs no per-row size table (columnsize = 0).
 * Existing contacts are indexed again here.
 */
const NAMES = (row: string) =>
  `replace(replace(${row}.last_name || ' ' || ${row}.first_name || ' ' || ${row}.middle_name, 'ё', 'е'), 'Ё', 'Е')`;

export const searchNames: Migration = {
  version: 60,
  name: 'search-names',
  up: (db) => {
    db.exec(`
      DROP TRIGGER contacts_fts_ai;
      DROP TRIGGER contacts_fts_ad;
      DROP TRIGGER contacts_fts_au;
      DROP TABLE contacts_fts;

      CREATE VIRTUAL TABLE contacts_fts USING fts5(
        names,
        content = '', columnsize = 0, detail = none,
        prefix = '1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16',
        tokenize = "unicode61 remove_diacritics 2"
      );
      CREATE TRIGGER contacts_fts_ai AFTER INSERT ON contacts BEGIN
        INSERT INTO contacts_fts (rowid, names) VALUES (new.id, ${NAMES('new')});
      END;
      CREATE TRIGGER contacts_fts_ad AFTER DELETE ON contacts BEGIN
        INSERT INTO contacts_fts (contacts_fts, rowid, names) VALUES ('delete', old.id, ${NAMES('old')});
      END;
      CREATE TRIGGER contacts_fts_au AFTER UPDATE OF last_name, first_name, middle_name ON contacts BEGIN
        INSERT INTO contacts_fts (contacts_fts, rowid, names) VALUES ('delete', old.id, ${NAMES('old')});
        INSERT INTO contacts_fts (rowid, names) VALUES (new.id, ${NAMES('new')});
      END;

      INSERT INTO contacts_fts (rowid, names) SELECT id, ${NAMES('contacts')} FROM contacts;
      INSERT INTO contacts_fts (contacts_fts) VALUES ('optimize');

      CREATE INDEX contacts_email_domain ON contacts(substr(email, instr(email, '@') + 1)) WHERE email IS NOT NULL;
    `);
  },
};
