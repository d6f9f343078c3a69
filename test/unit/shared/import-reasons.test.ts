import { describe, expect, it } from 'vitest';
import { rowToContact } from '../../../electron/core/import/rows';
import { reasonInRussian } from '../../../shared/domain/import-reasons';

describe('rejected-row reasons in Russian (the saved report)', () => {
  it('translates every reason the core gives, keeping the cell value', () => {
    const mapping = [
      { field: 'phone' },
      { field: 'email' },
      { field: 'birthday' },
      { field: 'balance' },
      { field: 'telegramChatId' },
    ] as const;
    const reason = (cells: (string | null)[]) => {
      const r = rowToContact(cells, mapping, 'RU');
      return r.kind === 'rejected' ? reasonInRussian(r.reason) : r.kind;
    };
    expect(reason(['12-34', null, null, null, null])).toBe('неверный номер телефона: 12-34');
    expect(reason(['', 'ivan@', null, null, null])).toBe('неверный e-mail: ivan@');
    expect(reason(['89207460022', '', '31.02.1990', null, null])).toBe('неверная дата: 31.02.1990');
    expect(reason(['89207460022', '', '', 'много', null])).toBe('неверное число: много');
    expect(reason(['89207460022', '', '', '', 'abc'])).toBe('неверный Telegram chat id: abc');
    expect(reason(['', '', '', '', ''])).toBe('blank');
    expect(reasonInRussian('no phone, e-mail or Telegram chat id')).toBe('нет ни телефона, ни e-mail, ни Telegram');
    expect(reasonInRussian('the phone belongs to contact #3 and the e-mail to contact #7')).toBe(
      'телефон принадлежит контакту №3, а e-mail — контакту №7',
    );
    expect(reasonInRussian('something new')).toBe('something new');
  });
});
