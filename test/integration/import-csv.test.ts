import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/open';
import { runImportJob } from '../../electron/core/import/run-job';
import type { ImportJobSpec } from '../../electron/core/import/job';
import { startImportWorker } from '../../electron/core/import/start-worker';
import { testCore } from '../helpers/core';
import { tempDir } from '../helpers/temp';
import { writeCsv } from '../fixtures/text-fixtures';

const TITLE_AND_HEADER: (string | number)[][] = [
  ['Выгрузка покупателей из 1С на 01.06.2024'],
  [],
  ['ФИО', 'Моб. телефон', 'E-mail', 'Дата рождения', 'Баланс', 'Город'],
  ['Иванов Иван Иванович', '8 920 746-00-22', 'Ivan@Mail.ru', '21.06.1985', '1 500,50', 'Тула'],
  ['Петрова Анна', '+7 (916) 123-45-67', '', '', '0', 'Москва'],
  ['Без Телефона', '', 'нет почты', '', '', ''],
  ['Сидоров Семён', '9031234567', '', '', '', ''],
  ['Кузнецов', '12-34', '', '', '', ''],
  ['Смирнова Ольга', '79031112233', 'olga@example.org', '31.02.1990', '', ''],
];

function spec(dir: string, file: string, over: Partial<ImportJobSpec> = {}): ImportJobSpec {
  return {
    dbPath: path.join(dir, 'vestnik.db'),
    file,
    region: 'RU',
    duplicates: 'skip',
    dryRun: false,
    source: 'import:test',
    now: '2026-01-15T10:00:00.000Z',
    ...over,
  };
}

describe('import: CSV as Excel and 1C save it', () => {
  for (const encoding of ['cp1251', 'utf8bom', 'utf8', 'utf16le'] as const) {
    it(`imports a ${encoding} file with a title row, reporting bad rows by the row number Excel shows`, async () => {
      const dir = tempDir();
      const file = writeCsv(dir, 'clients.csv', TITLE_AND_HEADER, {
        encoding,
        delimiter: encoding === 'utf16le' ? '\t' : ';',
      });
      const db = openDatabase(path.join(dir, 'vestnik.db'));
      const s = await runImportJob(db, spec(dir, file));
      db.close();
      expect(s.headerRow).toBe(3);
      expect(s).toMatchObject({ rows: 6, imported: 3, updated: 0, duplicates: 0 });
      expect(s.rejected).toEqual([
        { row: 6, reason: 'invalid e-mail: нет почты' },
        { row: 8, reason: 'invalid phone number: 12-34' },
        { row: 9, reason: 'invalid date: 31.02.1990' },
      ]);
      const core = testCore(path.join(dir, 'vestnik.db'));
      const [ivan] = core.handlers['contacts:list']({ query: 'иванов', offset: 0, limit: 5 }).rows;
      expect(ivan).toMatchObject({
        phone: '+79207460022',
        email: 'ivan@mail.ru',
        lastName: 'Иванов',
        firstName: 'Иван',
        middleName: 'Иванович',
        source: 'import:test',
        attributes: { birthday: '1985-06-21', balance: '1500.5', Город: 'Тула' },
      });
      expect(core.handlers['contacts:list']({ query: 'семен', offset: 0, limit: 5 }).rows[0]?.phone).toBe(
        '+79031234567',
      );
    });
  }

  it('a dry run counts exactly what the import then does, and changes nothing', async () => {
    const dir = tempDir();
    const file = writeCsv(dir, 'clients.csv', TITLE_AND_HEADER, { encoding: 'cp1251' });
    const db = openDatabase(path.join(dir, 'vestnik.db'));
    const dry = await runImportJob(db, spec(dir, file, { dryRun: true, groupName: 'Акция' }));
    expect(db.prepare('SELECT count(*) FROM contacts').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM groups').pluck().get()).toBe(0);
    const real = await runImportJob(db, spec(dir, file, { groupName: 'Акция' }));
    db.close();
    expect({ ...dry, groupId: null }).toEqual({ ...real, groupId: null });
  });

  it('finds duplicates within the file and against the base; skip, fill and overwrite; never clears an opt-out', async () => {
    const dir = tempDir();
    const core = testCore(path.join(dir, 'vestnik.db'));
    const old = core.handlers['contacts:create']({ phone: '+79207460022', lastName: 'Иванов', firstName: '' });
    core.handlers['contacts:set-opt-out']({ id: old.id, channel: 'sms', optedOut: true, reason: 'Просьба клиента' });
    const file = writeCsv(dir, 'dups.csv', [
      ['Фамилия', 'Имя', 'Телефон', 'Почта'],
      ['Иванов-Новый', 'Иван', '89207460022', 'ivan@mail.ru'],
      ['Петров', 'Пётр', '89161234567', ''],
      ['Петров второй раз', 'Пётр', '+7 916 123 45 67', ''],
    ]);
    const run = async (duplicates: 'skip' | 'fill' | 'overwrite') => {
      const db = openDatabase(path.join(dir, 'vestnik.db'));
      try {
        return await runImportJob(db, spec(dir, file, { duplicates }));
      } finally {
        db.close();
      }
    };
    expect(await run('skip')).toMatchObject({ imported: 1, updated: 0, duplicates: 2 });
    expect(core.handlers['contacts:get']({ id: old.id }).contact).toMatchObject({
      lastName: 'Иванов',
      firstName: '',
      email: null,
    });
    expect(await run('fill')).toMatchObject({ imported: 0, updated: 1, duplicates: 2 });
    expect(core.handlers['contacts:get']({ id: old.id }).contact).toMatchObject({
      lastName: 'Иванов',
      firstName: 'Иван',
      email: 'ivan@mail.ru',
    });
    expect(await run('overwrite')).toMatchObject({ imported: 0, updated: 1 });
    const after = core.handlers['contacts:get']({ id: old.id }).contact;
    expect(after).toMatchObject({ lastName: 'Иванов-Новый', firstName: 'Иван' });
    expect(after.optOut.sms).toBe(true);
  });

  it('runs in a worker, can be cancelled, and a cancelled import leaves the base exactly as it was', async () => {
    const dir = tempDir();
    const rows: (string | number)[][] = [['ФИО', 'Телефон']];
    for (let i = 0; i < 60_000; i++) rows.push([`Клиент ${i}`, `+7916${String(i).padStart(7, '0')}`]);
    const file = writeCsv(dir, 'big.csv', rows);
    const dbPath = path.join(dir, 'vestnik.db');
    openDatabase(dbPath).close();
    let progressed = 0;
    const job = startImportWorker(spec(dir, file), (p) => {
      progressed = p.rows;
      if (p.rows >= 5000) job.cancel();
    });
    await expect(job.result).rejects.toThrow(/cancelled/);
    expect(progressed).toBeGreaterThanOrEqual(5000);
    const db = new Database(dbPath, { readonly: true });
    expect(db.prepare('SELECT count(*) FROM contacts').pluck().get()).toBe(0);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();

    const done = await startImportWorker(spec(dir, file)).result;
    expect(done).toMatchObject({ rows: 60_000, imported: 60_000, rejected: [] });
  });
});
