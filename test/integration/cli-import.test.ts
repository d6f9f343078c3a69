import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeCsv } from '../fixtures/text-fixtures';
import { tempDir } from '../helpers/temp';

const BIN = path.resolve(__dirname, '..', '..', 'bin', 'vestnik.cjs');
const vestnik = (args: string[]) => {
  const res = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: res.status, out: res.stdout, err: res.stderr };
};

describe('CLI: vestnik import', () => {
  it('imports a Windows-1251 CSV into a group and prints one JSON object; --dry-run changes nothing', () => {
    const dir = tempDir();
    const db = path.join(dir, 'base.db');
    const file = writeCsv(
      dir,
      'Клиенты.csv',
      [
        ['Список клиентов'],
        ['Фамилия', 'Имя', 'Телефон', 'Почта', 'Бонусы'],
        ['Иванов', 'Иван', '8 920 746-00-22', 'ivan@mail.ru', '150'],
        ['Петров', 'Пётр', 'нет', '', ''],
        ['Сидоров', 'Семён', '79161234567', '', '20'],
      ],
      { encoding: 'cp1251' },
    );
    const dry = vestnik(['import', file, '--group', 'Клиенты', '--dry-run', '--db', db, '--json']);
    expect(dry.code, dry.err).toBe(0);
    expect(JSON.parse(dry.out)).toEqual({
      rows: 3,
      imported: 2,
      updated: 0,
      duplicates: 0,
      rejected: [{ row: 4, reason: 'invalid phone number: нет' }],
      dryRun: true,
    });
    expect(JSON.parse(vestnik(['contacts', 'list', '--db', db, '--json']).out)).toEqual([]);

    const real = vestnik(['import', file, '--group', 'Клиенты', '--db', db, '--json']);
    expect(JSON.parse(real.out)).toMatchObject({ rows: 3, imported: 2, rejected: [{ row: 4 }] });
    const list = JSON.parse(vestnik(['contacts', 'list', '--group', 'Клиенты', '--db', db, '--json']).out) as {
      phone: string;
      attributes: Record<string, string>;
    }[];
    expect(list.map((c) => [c.phone, c.attributes.balance])).toEqual([
      ['+79207460022', '150'],
      ['+79161234567', '20'],
    ]);

    const again = JSON.parse(vestnik(['import', file, '--db', db, '--json', '--duplicates', 'skip']).out) as {
      duplicates: number;
    };
    expect(again.duplicates).toBe(2);
  });

  it('takes --map to change the automatic mapping', () => {
    const dir = tempDir();
    const db = path.join(dir, 'base.db');
    const file = writeCsv(
      dir,
      'x.csv',
      [
        ['Контакт', 'Комментарий'],
        ['8 920 746-00-22', 'VIP'],
      ],
      { delimiter: ',' },
    );
    const res = vestnik(['import', file, '--map', 'Контакт=phone,B=attr:Заметка', '--db', db, '--json']);
    expect(JSON.parse(res.out)).toMatchObject({ imported: 1 });
    expect((JSON.parse(vestnik(['contacts', 'list', '--db', db, '--json']).out) as unknown[])[0]).toMatchObject({
      phone: '+79207460022',
      attributes: { Заметка: 'VIP' },
    });
    expect(vestnik(['import', file, '--map', 'Контакт=nonsense', '--db', db]).err).toContain(
      'Unknown field "nonsense"',
    );
  });

  it('exits non-zero only when the file cannot be read at all', () => {
    const dir = tempDir();
    const db = path.join(dir, 'base.db');
    const missing = vestnik(['import', path.join(dir, 'nope.csv'), '--db', db]);
    expect(missing.code).not.toBe(0);
    expect(missing.err).toContain('Cannot read the file');
    const fake = writeCsv(dir, 'fake.xlsx', [['ФИО', 'Телефон']]);
    const wrong = vestnik(['import', fake, '--db', db]);
    expect(wrong.code).not.toBe(0);
    expect(wrong.err).toContain('named .xlsx but its content is a text table');
    const allBad = writeCsv(dir, 'bad.csv', [['Телефон'], ['abc'], ['123']]);
    expect(vestnik(['import', allBad, '--db', db, '--json']).code).toBe(0);
  });
});

describe('CLI: vestnik import-sheet', () => {
  it('checks the campaign sheet of the mass-mailing module, reports bad rows and ignores duplicate numbers', () => {
    const dir = tempDir();
    const db = path.join(dir, 'base.db');
    const file = writeCsv(dir, 'sheet.csv', [
      ['79207460022', ' 2021-06-21 22:02:00', ' покупатель', ' праздник'],
      ['79256760044', '2021-06-20 21:02:00', 'покупатель', 'предложение'],
      ['89256760044', '2021-06-20 21:02:00', 'покупатель'],
      ['79456760044', '2021-06-19 25:02:00', 'покупатель', 'подарок'],
      ['79207460022', '2021-06-22 10:00:00', 'повтор'],
    ]);
    const res = vestnik(['import-sheet', file, '--ignore-duplicates', '--save', 'Праздник', '--db', db, '--json']);
    expect(res.code, res.err).toBe(0);
    const out = JSON.parse(res.out) as {
      rows: { row: number; phone: string; sendAtLocal: string; vars: string[] }[];
      rejected: { row: number; reason: string }[];
      duplicates: unknown[];
      listId: number;
    };
    expect(out.rows.map((r) => [r.row, r.phone, r.sendAtLocal, r.vars])).toEqual([
      [1, '+79207460022', '2021-06-21 22:02:00', ['покупатель', 'праздник']],
      [2, '+79256760044', '2021-06-20 21:02:00', ['покупатель', 'предложение']],
    ]);
    expect(out.rejected.map((r) => r.row)).toEqual([3, 4]);
    expect(out.rejected[0]!.reason).toContain('11 digits starting with 7');
    expect(out.rejected[1]!.reason).toContain('yyyy-mm-dd hh:mm:ss');
    expect(out.duplicates).toEqual([{ row: 5, phone: '+79207460022', firstRow: 1 }]);
    expect(out.listId).toBe(1);
  });
});

describe('CLI: vestnik export', () => {
  it('exports a group to XLSX and the base to cp1251 CSV', () => {
    const dir = tempDir();
    const db = path.join(dir, 'base.db');
    vestnik(['contacts', 'add', '--phone', '+79207460022', '--last-name', '=Иванов', '--group', 'VIP', '--db', db]);
    vestnik(['contacts', 'add', '--phone', '+79161234567', '--last-name', 'Петров', '--db', db]);
    const x = vestnik(['export', path.join(dir, 'vip.xlsx'), '--group', 'VIP', '--db', db, '--json']);
    expect(JSON.parse(x.out)).toMatchObject({ rows: 1, format: 'xlsx' });
    const c = vestnik(['export', path.join(dir, 'all.csv'), '--encoding', 'cp1251', '--db', db]);
    expect(c.out).toContain('Exported 2 contacts');
    const back = vestnik(['import', path.join(dir, 'all.csv'), '--db', path.join(dir, 'copy.db'), '--json']);
    expect(JSON.parse(back.out)).toMatchObject({ imported: 2, rejected: [] });
    expect(vestnik(['export', path.join(dir, 'x.xlsx'), '--group', 'Нет', '--db', db]).err).toContain(
      'No group named "Нет"',
    );
  });
});
