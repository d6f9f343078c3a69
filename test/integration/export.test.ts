import * as XLSX from '@e965/xlsx';
import iconv from 'iconv-lite';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/open';
import { exportContacts } from '../../electron/core/export/contacts-export';
import { runImportJob } from '../../electron/core/import/run-job';
import { testCore } from '../helpers/core';
import { tempDir } from '../helpers/temp';

const NASTY = ['=HYPERLINK("http://evil.example","Нажми")', '+7 и всё', '-1+1', '@SUM(A1)', '\tTab', '\rCR'];

function seed(dbPath: string) {
  const h = testCore(dbPath).handlers;
  const g = h['groups:create']({ name: 'VIP' });
  h['contacts:create']({
    phone: '+79207460022',
    email: 'ivan@mail.ru',
    lastName: 'Иванов',
    firstName: 'Иван',
    middleName: 'Иванович',
    attributes: {
      birthday: '1985-06-21',
      balance: '1500.5',
      Город: 'Тула; центр',
      Комментарий: 'строка 1\nстрока 2 "в кавычках"',
    },
    groupIds: [g.id],
  });
  h['contacts:create']({
    phone: '+375291234567',
    lastName: NASTY[0]!,
    firstName: NASTY[1]!,
    attributes: { Комментарий: NASTY[2]!, Город: NASTY[3]! },
  });
  h['contacts:create']({
    email: 'only@mail.ru',
    telegramChatId: '123456789',
    lastName: NASTY[4]!,
    firstName: NASTY[5]!,
  });
  return { h, groupId: g.id };
}

const snapshot = (dbPath: string) =>
  testCore(dbPath)
    .handlers['contacts:list']({ offset: 0, limit: 100 })
    .rows.map((c) => ({
      phone: c.phone,
      email: c.email,
      lastName: c.lastName,
      firstName: c.firstName,
      middleName: c.middleName,
      telegramChatId: c.telegramChatId,
      attributes: c.attributes,
    }));

describe('export', () => {
  for (const [format, encoding] of [
    ['xlsx', 'utf8'],
    ['csv', 'utf8'],
    ['csv', 'cp1251'],
  ] as const) {
    it(`${format} ${encoding}: export → re-import into an empty base keeps every value`, async () => {
      const dir = tempDir();
      const source = path.join(dir, 'a.db');
      seed(source);
      const file = path.join(dir, `out.${format}`);
      const db = openDatabase(source);
      expect(exportContacts(db, {}, file, { format, encoding })).toBe(3);
      db.close();
      const target = path.join(dir, 'b.db');
      const dbB = openDatabase(target);
      const s = await runImportJob(dbB, {
        dbPath: target,
        file,
        region: 'RU',
        duplicates: 'skip',
        dryRun: false,
        source: 'roundtrip',
        now: '2026-01-01T00:00:00.000Z',
      });
      dbB.close();
      expect(s).toMatchObject({ rows: 3, imported: 3, rejected: [] });
      const want = snapshot(source).map((c) => ({
        ...c,
        lastName: c.lastName.replace(/^\r/, '').trim(),
        firstName: c.firstName.replace(/^[\r\t]/, '').trim(),
      }));
      expect(snapshot(target)).toEqual(want);
    });
  }

  it('formula-looking cells are inert: inline strings (quotePrefix) in XLSX, an apostrophe in CSV; phones are text', () => {
    const dir = tempDir();
    const dbPath = path.join(dir, 'a.db');
    seed(dbPath);
    const db = openDatabase(dbPath);
    exportContacts(db, {}, path.join(dir, 'out.xlsx'), { format: 'xlsx' });
    exportContacts(db, {}, path.join(dir, 'out.csv'), { format: 'csv', encoding: 'utf8' });
    db.close();

    const wb = XLSX.read(fs.readFileSync(path.join(dir, 'out.xlsx')), { type: 'buffer', cellFormula: true });
    const ws = wb.Sheets['Контакты']!;
    const cells = Object.entries(ws)
      .filter(([k]) => !k.startsWith('!'))
      .map(([, v]) => v as XLSX.CellObject);
    expect(cells.some((c) => c.f !== undefined)).toBe(false);
    expect(cells.every((c) => c.t === 's')).toBe(true);
    expect((ws.A3 as XLSX.CellObject | undefined)?.v).toBe(NASTY[0]);
    expect((ws.D2 as XLSX.CellObject | undefined)?.v).toBe('+79207460022');

    const csv = fs.readFileSync(path.join(dir, 'out.csv'), 'utf8');
    expect(
      csv.startsWith('\ufeffФамилия;Имя;Отчество;Телефон;E-mail;Telegram;Дата рождения;Баланс;Город;Комментарий\r\n'),
    ).toBe(true);
    for (const line of csv.split('\r\n').slice(1)) {
      for (const field of line.split(';')) expect(field.replace(/^"/, '')).not.toMatch(/^[=+\-@\t\r]/);
    }
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""Нажми"")"`);
    expect(csv).toContain(`;'+79207460022;`);
  });

  it('exports one group only, and Windows-1251 for old Excel', () => {
    const dir = tempDir();
    const dbPath = path.join(dir, 'a.db');
    const { groupId } = seed(dbPath);
    const db = openDatabase(dbPath);
    expect(exportContacts(db, { groupId }, path.join(dir, 'vip.csv'), { format: 'csv', encoding: 'cp1251' })).toBe(1);
    db.close();
    const text = iconv.decode(fs.readFileSync(path.join(dir, 'vip.csv')), 'win1251');
    expect(text.split('\r\n')[1]).toMatch(
      /^Иванов;Иван;Иванович;'\+79207460022;ivan@mail\.ru;;1985-06-21;1500\.5;"Тула; центр";/,
    );
  });
});
