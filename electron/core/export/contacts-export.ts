import iconv from 'iconv-lite';
import fs from 'node:fs';
import type { Db } from '../db/open';
import { ContactListing, type ListFilter } from '../repos/contact-list';
import { CONTACT_COLUMNS, selectContacts } from '../repos/contacts';
import { csvField } from './cells';
import { XlsxWriter } from './xlsx-writer';

export type ExportFormat = 'xlsx' | 'csv';
export type ExportEncoding = 'utf8' | 'cp1251';

/** Built-in attributes get the headers the import recognises, so an export re-imports as it was. */
const ATTRIBUTE_HEADERS: Record<string, string> = { birthday: 'Дата рождения', balance: 'Баланс' };
const BASE_HEADERS = ['Фамилия', 'Имя', 'Отчество', 'Телефон', 'E-mail', 'Telegram'];
const PAGE = 5000;

/**
 * Writes the contacts a filter matches (the whole base, a group, a segment or a search) to XLSX or CSV:
 * one row per contact, custom attributes as extra columns, phones as text, formula-looking cells inert.
 * CSV is ";"-separated with CRLF, in UTF-8 with BOM or in Windows-1251 for old Excel. Returns the row count.
 */
export function exportContacts(
  db: Db,
  filter: ListFilter,
  file: string,
  opts: { format: ExportFormat; encoding?: ExportEncoding },
): number {
  const ids = new ContactListing(db).allIds(filter).sort((a, b) => a - b);
  const keys = attributeKeys(db, ids);
  const header = [...BASE_HEADERS, ...keys.map((k) => ATTRIBUTE_HEADERS[k] ?? k)];
  const out = opts.format === 'xlsx' ? xlsxSink(file, header) : csvSink(file, opts.encoding ?? 'utf8');
  try {
    out.row(header);
    for (let i = 0; i < ids.length; i += PAGE) {
      const page = selectContacts(
        db,
        `SELECT ${CONTACT_COLUMNS} FROM json_each(?) j JOIN contacts c ON c.id = j.value ORDER BY j.key`,
        [JSON.stringify(ids.slice(i, i + PAGE))],
      );
      for (const c of page) {
        out.row([
          c.lastName,
          c.firstName,
          c.middleName,
          c.phone ?? '',
          c.email ?? '',
          c.telegramChatId ?? '',
          ...keys.map((k) => c.attributes[k] ?? ''),
        ]);
      }
    }
  } finally {
    out.close();
  }
  return ids.length;
}

function attributeKeys(db: Db, ids: readonly number[]): string[] {
  const found = new Set<string>();
  const stmt = db
    .prepare(`SELECT DISTINCT j2.key FROM json_each(?) j JOIN contacts c ON c.id = j.value, json_each(c.attributes) j2`)
    .pluck();
  for (let i = 0; i < ids.length; i += 50_000) {
    for (const k of stmt.all(JSON.stringify(ids.slice(i, i + 50_000))) as string[]) found.add(k);
  }
  const builtIn = Object.keys(ATTRIBUTE_HEADERS).filter((k) => found.has(k));
  return [...builtIn, ...[...found].filter((k) => !(k in ATTRIBUTE_HEADERS)).sort((a, b) => a.localeCompare(b, 'ru'))];
}

interface Sink {
  row(cells: readonly string[]): void;
  close(): void;
}

function xlsxSink(file: string, header: readonly string[]): Sink {
  const phone = header.indexOf('Телефон');
  const w = new XlsxWriter(
    file,
    'Контакты',
    new Set([phone]),
    header.map((h) => Math.max(12, Math.min(40, h.length + 4))),
  );
  return { row: (cells) => w.addRow(cells), close: () => w.close() };
}

function csvSink(file: string, encoding: ExportEncoding): Sink {
  const fd = fs.openSync(file, 'w');
  const lines: string[] = [];
  const write = (text: string) =>
    fs.writeSync(fd, encoding === 'cp1251' ? iconv.encode(text, 'win1251') : Buffer.from(text, 'utf8'));
  if (encoding === 'utf8') fs.writeSync(fd, Buffer.from([0xef, 0xbb, 0xbf]));
  const flush = () => {
    if (lines.length > 0) write(lines.join(''));
    lines.length = 0;
  };
  return {
    row: (cells) => {
      lines.push(`${cells.map((c) => csvField(c, ';')).join(';')}\r\n`);
      if (lines.length >= 2000) flush();
    },
    close: () => {
      try {
        flush();
      } finally {
        fs.closeSync(fd);
      }
    },
  };
}
