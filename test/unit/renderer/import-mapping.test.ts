import { describe, expect, it } from 'vitest';
import type { ColumnTarget, ImportPreview } from '../../../shared/domain/import';
import {
  columnCount,
  columnLetter,
  headerCells,
  initialMapping,
  mappingForStart,
  mappingProblems,
  withAttributeName,
  withEdit,
  withEdits,
  withHeaderRow,
  withTarget,
} from '../../../renderer/src/features/import/mapping';

const preview: Pick<ImportPreview, 'rows' | 'mapping'> = {
  rows: [
    { row: 1, cells: ['Выгрузка покупателей'] },
    { row: 2, cells: [''] },
    { row: 3, cells: ['ФИО', 'Моб. телефон', 'E-mail', ' Город '] },
    { row: 4, cells: ['Иванов Иван', '8 920 746-00-22', 'ivan@mail.ru', 'Тула', 'лишнее'] },
  ],
  mapping: [{ field: 'fullName' }, { field: 'phone' }, { field: 'email' }, { field: 'attribute', name: 'Город' }],
};

describe('import mapping', () => {
  it('names columns as Excel does', () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(columnLetter)).toEqual([
      'A',
      'B',
      'Z',
      'AA',
      'AB',
      'AZ',
      'BA',
      'ZZ',
      'AAA',
    ]);
  });

  it('covers every column of the preview; columns the core did not map are not loaded', () => {
    expect(columnCount(preview)).toBe(5);
    expect(initialMapping(preview)).toEqual([...preview.mapping, { field: 'skip' }]);
    expect(headerCells(preview, 3)).toEqual(['ФИО', 'Моб. телефон', 'E-mail', 'Город', '']);
    expect(headerCells(preview, 0)).toEqual(['', '', '', '', '']);
  });

  it('takes a field away from the column that had it', () => {
    const header = headerCells(preview, 3);
    const m = withTarget(initialMapping(preview), 2, 'phone', 'Столбец C', header);
    expect(m.map((t) => t.field)).toEqual(['fullName', 'skip', 'phone', 'attribute', 'skip']);
    // Skip and custom fields can be on many columns.
    const skipped = withTarget(m, 0, 'skip', 'Столбец A', header);
    expect(skipped.filter((t) => t.field === 'skip')).toHaveLength(3);
  });

  it('names a new custom field after its header, or the column when there is none', () => {
    const m = initialMapping(preview);
    expect(withTarget(m, 1, 'attribute', 'Столбец B', headerCells(preview, 3))[1]).toEqual({
      field: 'attribute',
      name: 'Моб. телефон',
    });
    expect(withTarget(m, 4, 'attribute', 'Столбец E', headerCells(preview, 3))[4]).toEqual({
      field: 'attribute',
      name: 'Столбец E',
    });
    // Picking "custom field" again keeps the name the user typed.
    const renamed = withAttributeName(m, 3, 'Город клиента');
    expect(withTarget(renamed, 3, 'attribute', 'x', headerCells(preview, 3))[3]).toEqual({
      field: 'attribute',
      name: 'Город клиента',
    });
  });

  it('renames custom fields after a new header row; fields stay as chosen', () => {
    const m = withHeaderRow(initialMapping(preview), headerCells(preview, 4));
    expect(m[3]).toEqual({ field: 'attribute', name: 'Тула' });
    expect(m[0]).toEqual({ field: 'fullName' });
    // No header: names are kept (an empty header cell names nothing).
    expect(withHeaderRow(m, headerCells(preview, 0))[3]).toEqual({ field: 'attribute', name: 'Тула' });
  });

  it('finds what stops the import: no address column, bad or repeated field names', () => {
    expect(mappingProblems(initialMapping(preview))).toEqual({ noAddress: false, attributes: new Map() });
    const noAddress: ColumnTarget[] = [{ field: 'fullName' }, { field: 'skip' }];
    expect(mappingProblems(noAddress).noAddress).toBe(true);
    expect(mappingProblems([{ field: 'telegramChatId' }]).noAddress).toBe(false);

    const m: ColumnTarget[] = [
      { field: 'phone' },
      { field: 'attribute', name: 'Город' },
      { field: 'attribute', name: ' город ' },
      { field: 'attribute', name: '  ' },
      { field: 'attribute', name: '__proto__' },
      { field: 'birthday' },
      { field: 'attribute', name: 'birthday' },
    ];
    expect([...mappingProblems(m).attributes]).toEqual([
      [2, 'duplicate'],
      [3, 'required'],
      [4, 'forbidden'],
      [6, 'duplicate'],
    ]);
  });

  it('trims custom field names for the contract', () => {
    expect(mappingForStart([{ field: 'attribute', name: ' Город ' }, { field: 'phone' }])).toEqual([
      { field: 'attribute', name: 'Город' },
      { field: 'phone' },
    ]);
  });

  it('records the columns the user set by hand; a field chosen again voids its earlier column', () => {
    let edits = withEdit(new Map(), 3, { field: 'phone' }, false);
    edits = withEdit(edits, 0, { field: 'attribute', name: 'Клиент' }, true);
    edits = withEdit(edits, 1, { field: 'phone' }, false);
    expect([...edits.keys()]).toEqual([0, 1]);
    // Choosing "custom field" again from the list keeps a name the user typed.
    edits = withEdit(edits, 0, { field: 'attribute', name: 'Клиент' }, false);
    expect(edits.get(0)).toEqual({ target: { field: 'attribute', name: 'Клиент' }, named: true });
  });

  it("lays the user's choices over the core's proposal for a new header row", () => {
    const proposal: ColumnTarget[] = [
      { field: 'attribute', name: 'Иванов Иван' },
      { field: 'phone' },
      { field: 'email' },
      { field: 'attribute', name: 'Тула' },
    ];
    const header = ['Иванов Иван', '8 920 746-00-22', 'ivan@mail.ru', 'Тула'];
    let edits = withEdit(new Map(), 0, { field: 'fullName' }, false);
    edits = withEdit(edits, 2, { field: 'phone' }, false);
    edits = withEdit(edits, 3, { field: 'attribute', name: 'Город' }, false);
    // Column C is the phone (so B, which the core proposed, is not loaded); D was not named by hand, so it
    // takes its name from the new header.
    expect(withEdits(proposal, edits, header)).toEqual([
      { field: 'fullName' },
      { field: 'skip' },
      { field: 'phone' },
      { field: 'attribute', name: 'Тула' },
    ]);
    // A name typed by hand stays; an edit beyond the new table's width is dropped.
    edits = withEdit(edits, 3, { field: 'attribute', name: 'Город клиента' }, true);
    edits = withEdit(edits, 9, { field: 'email' }, false);
    expect(withEdits(proposal, edits, header)[3]).toEqual({ field: 'attribute', name: 'Город клиента' });
    expect(withEdits(proposal, edits, header)).toHaveLength(4);
    expect(withEdits(proposal, new Map(), header)).toEqual(proposal);
  });
});
