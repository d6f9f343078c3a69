import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fieldForHeader, findHeaderRow, proposeMapping } from '../../../electron/core/import/mapping';
import { parseAmount, parseDate, rowToContact, splitFullName, splitWords } from '../../../electron/core/import/rows';

describe('column mapping', () => {
  it('recognises Russian and English headers as 1C, CRMs and shops write them', () => {
    const cases: [string, string | null][] = [
      ['Телефон', 'phone'],
      ['Моб. телефон', 'phone'],
      ['Мобильный', 'phone'],
      ['Phone', 'phone'],
      ['Тел.', 'phone'],
      ['E-mail', 'email'],
      ['Почта', 'email'],
      ['Эл. почта', 'email'],
      ['Email', 'email'],
      ['ФИО', 'fullName'],
      ['Ф.И.О.', 'fullName'],
      ['Клиент', 'fullName'],
      ['Фамилия', 'lastName'],
      ['Имя', 'firstName'],
      ['Отчество', 'middleName'],
      ['Telegram', 'telegramChatId'],
      ['Дата рождения', 'birthday'],
      ['Баланс', 'balance'],
      ['Бонусный баланс', 'balance'],
      ['Город', null],
      ['Комментарий', null],
    ];
    for (const [header, field] of cases) expect(fieldForHeader(header), header).toBe(field);
  });

  it('finds the header under a title and blank rows', () => {
    const rows = [
      ['Выгрузка клиентов на 01.06.2024', null],
      [],
      [null, null],
      ['ФИО', 'Телефон', 'Город'],
      ['Иванов Иван', 79207460022, 'Тула'],
    ];
    expect(findHeaderRow(rows)).toBe(3);
    expect(findHeaderRow([['Номер'], ['8 920 746-00-22']])).toBe(0);
    expect(
      findHeaderRow([
        ['Иванов', '8 920 746-00-22'],
        ['Петров', '8 916 123-45-67'],
      ]),
    ).toBe(-1);
  });

  it('proposes targets; unknown columns become attributes named by the header; no header → guesses by content', () => {
    expect(proposeMapping(['ФИО', 'Телефон', 'Город', 'Телефон 2'], [['Иванов', '8920', 'Тула', '']])).toEqual([
      { field: 'fullName' },
      { field: 'phone' },
      { field: 'attribute', name: 'Город' },
      { field: 'attribute', name: 'Телефон 2' },
    ]);
    expect(
      proposeMapping(null, [
        ['Иванов', '8 920 746-00-22', 'a@b.ru'],
        ['Петров', 79161234567, 'c@d.ru'],
      ]),
    ).toEqual([{ field: 'skip' }, { field: 'phone' }, { field: 'email' }]);
  });
});

describe('row normalisation', () => {
  const mapping = [
    { field: 'fullName' },
    { field: 'phone' },
    { field: 'email' },
    { field: 'birthday' },
    { field: 'balance' },
    { field: 'attribute', name: 'Город' },
  ] as const;

  it('turns a row into a normalised contact', () => {
    expect(
      rowToContact(
        ['  Иванов  Иван Иванович ', 79207460022, 'Ivan@Mail.RU', '21.06.1985', '1 500,50', 'Тула'],
        mapping,
        'RU',
      ),
    ).toEqual({
      kind: 'contact',
      contact: {
        phone: '+79207460022',
        email: 'ivan@mail.ru',
        lastName: 'Иванов',
        firstName: 'Иван',
        middleName: 'Иванович',
        telegramChatId: null,
        attributes: { birthday: '1985-06-21', balance: '1500.5', Город: 'Тула' },
      },
    });
  });

  it('gives a reason for each kind of bad row, and tells blank rows apart', () => {
    const reason = (cells: unknown[]) => {
      const r = rowToContact(cells as never, mapping, 'RU');
      return r.kind === 'rejected' ? r.reason : r.kind;
    };
    expect(reason(['Иванов', '12345', '', '', '', ''])).toBe('invalid phone number: 12345');
    expect(reason(['Иванов', '', 'ivan@', '', '', ''])).toBe('invalid e-mail: ivan@');
    expect(reason(['Иванов', '', '', '', '', 'Тула'])).toBe('no phone, e-mail or Telegram chat id');
    expect(reason(['Иванов', '89207460022', '', '31.02.1990', '', ''])).toBe('invalid date: 31.02.1990');
    expect(reason(['Иванов', '89207460022', '', '', 'много', ''])).toBe('invalid number: много');
    expect(reason(['', null, ' ', null])).toBe('blank');
  });

  it('takes the first valid number from a cell holding several', () => {
    const r = rowToContact(
      ['', 'нет, 8 920 746-00-22; 8 916 123-45-67'],
      [{ field: 'skip' }, { field: 'phone' }],
      'RU',
    );
    expect(r).toMatchObject({ kind: 'contact', contact: { phone: '+79207460022' } });
  });

  it('parses dates, amounts and full names', () => {
    expect(parseDate(new Date(Date.UTC(1985, 5, 21)))).toBe('1985-06-21');
    expect(parseDate('1985-06-21')).toBe('1985-06-21');
    expect(parseDate('21/06/1985')).toBe('1985-06-21');
    expect(parseDate('вчера')).toBeNull();
    expect(parseAmount(1500)).toBe('1500');
    expect(parseAmount('-12,5')).toBe('-12.5');
    expect(splitFullName('Мария')).toEqual({ lastName: '', firstName: 'Мария', middleName: '' });
    expect(splitFullName('Оглы Ахмед Мамед оглы')).toEqual({
      lastName: 'Оглы',
      firstName: 'Ахмед',
      middleName: 'Мамед оглы',
    });
  });

  it('splits a full name into the same parts whatever its spacing, by the quick cut or the general one', () => {
    const word = fc.constantFrom('', 'Иванов', 'Иван', 'И.', 'оглы', 'x');
    const gap = fc.constantFrom(' ', '  ', '   ');
    const name = fc
      .tuple(fc.boolean(), fc.array(fc.tuple(word, gap), { maxLength: 6 }), word, fc.boolean())
      .map(
        ([lead, pairs, last, trail]) =>
          `${lead ? ' ' : ''}${pairs.map(([w, g]) => w + g).join('')}${last}${trail ? ' ' : ''}`,
      );
    fc.assert(
      fc.property(fc.oneof(name, fc.string()), (full) => {
        expect(splitFullName(full)).toEqual(splitWords(full));
      }),
    );
    expect(splitFullName('Иванов Иван')).toEqual({ lastName: 'Иванов', firstName: 'Иван', middleName: '' });
    expect(splitFullName(' Иванов  Иван ')).toEqual({ lastName: 'Иванов', firstName: 'Иван', middleName: '' });
  });
});
