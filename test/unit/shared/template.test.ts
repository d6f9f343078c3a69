import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Contact } from '../../../shared/domain/contact';
import { countSms } from '../../../shared/domain/sms';
import {
  bindTemplate,
  compileTemplate,
  formatRussianAmount,
  isoToRussianDate,
  localDate,
  missingAttributes,
  mustCompile,
  render,
  renderPreview,
  type RecipientFields,
} from '../../../shared/domain/template';

const TODAY = '2025-03-08';

const ivanova: RecipientFields = {
  id: 7,
  lastName: 'Иванова',
  firstName: 'Анна',
  middleName: 'Петровна',
  phone: '+79161234567',
  email: 'anna@example.ru',
  attributes: { balance: '1500.5', Город: 'Тверь', birthday: '1985-06-21' },
};
const nameless: RecipientFields = { phone: '+79160000000', attributes: {} };

const errorsOf = (text: string) => {
  const r = compileTemplate(text);
  if (r.ok) throw new Error(`compiled: ${text}`);
  return r.errors.map((e) => ({ code: e.code, start: e.start, end: e.end, line: e.line, column: e.column }));
};
const out = (text: string, r: RecipientFields = ivanova) => render(mustCompile(text), r, { today: TODAY });

describe('message templates: variables', () => {
  it('fills the name fields, ФИО and the fallback for a contact without a first name', () => {
    expect(out('Здравствуйте, {first_name|клиент}!')).toBe('Здравствуйте, Анна!');
    expect(out('Здравствуйте, {first_name|клиент}!', nameless)).toBe('Здравствуйте, клиент!');
    expect(out('{last_name} {first_name} {middle_name}')).toBe('Иванова Анна Петровна');
    expect(out('{full_name}')).toBe('Иванова Анна Петровна');
    // Trimmed, the empty ones left out, single spaces — never "Иванова  Петровна" or a trailing space.
    expect(out('[{full_name}]', { lastName: ' Иванова ', firstName: '', middleName: 'Петровна ' })).toBe(
      '[Иванова Петровна]',
    );
    expect(out('[{full_name|клиент}]', { firstName: '  ' })).toBe('[клиент]');
    expect(out('{phone}, {email}')).toBe('+79161234567, anna@example.ru');
  });

  it('takes the fallback when the value is empty or only spaces, and gives nothing without one', () => {
    expect(out('Hi {first_name|friend}', { firstName: '   ' })).toBe('Hi friend');
    expect(out('Hi {first_name|friend}', { firstName: null })).toBe('Hi friend');
    expect(out('Hi {first_name}!', nameless)).toBe('Hi !');
    expect(out('Hi {first_name|}!', nameless)).toBe('Hi !');
    // Name and fallback are trimmed: "{ first_name | клиент }" is what people type too.
    expect(out('Hi { first_name | дорогой клиент }!', nameless)).toBe('Hi дорогой клиент!');
  });

  it('formats the balance the Russian way with a plain space, so an SMS stays GSM-7', () => {
    const balance = (b: string) => out('{balance}', { attributes: { balance: b } });
    expect(balance('1500.5')).toBe('1 500,50');
    expect(balance('1500.5')).not.toContain('\u00a0');
    expect(balance('1500')).toBe('1 500');
    expect(balance('150')).toBe('150');
    expect(balance('-1234567.891')).toBe('-1 234 567,89');
    expect(balance('0.005')).toBe('0,01');
    expect(balance('999.995')).toBe('1 000');
    expect(balance('1 500,50')).toBe('1 500,50'); // typed by hand into the contact card
    expect(balance('нет')).toBe('нет'); // not a number: as it is
    expect(out('{balance|0}', nameless)).toBe('0');
    // Intl.NumberFormat('ru-RU') would have switched this message to UCS-2 (70 characters a part).
    const text = out('Balance: {balance} RUB');
    expect(text).toBe('Balance: 1 500,50 RUB');
    expect(countSms(text).encoding).toBe('gsm7');
    expect(countSms(`Balance: ${new Intl.NumberFormat('ru-RU').format(1500.5)} RUB`).encoding).toBe('ucs2');
    // A no-break space only when asked (e-mail).
    expect(render(mustCompile('{balance}'), ivanova, { numberGrouping: 'nbsp' })).toBe('1\u00a0500,50');
  });

  it('gives {today} from the date it is passed as dd.mm.yyyy, and never reads the clock', () => {
    expect(out('Акция до {today}')).toBe('Акция до 08.03.2025');
    expect(render(mustCompile('{today}'), ivanova, { today: '2024-02-29' })).toBe('29.02.2024');
    expect(() => render(mustCompile('{today}'), ivanova)).toThrow(/today/);
    expect(() => render(mustCompile('{today}'), ivanova, { today: '2025-02-29' })).toThrow(RangeError);
    expect(() => render(mustCompile('{today}'), ivanova, { today: '08.03.2025' })).toThrow(RangeError);
    // A template without {today} needs no date.
    expect(render(mustCompile('Hi {first_name}'), ivanova)).toBe('Hi Анна');
    // The campaign's date in its time zone: 23:30 UTC on 7 March is already 8 March in Moscow.
    expect(localDate(new Date('2025-03-07T23:30:00Z'), 'Europe/Moscow')).toBe('2025-03-08');
    expect(localDate(new Date('2025-03-07T23:30:00Z'), 'America/New_York')).toBe('2025-03-07');
  });

  it('reads custom attributes by their exact name, Cyrillic included, and birthdays as dd.mm.yyyy', () => {
    expect(out('Ждём вас в г. {Город}')).toBe('Ждём вас в г. Тверь');
    expect(out('{город|?}')).toBe('?'); // exact name: "город" is another attribute
    expect(out('{Дата визита|скоро}')).toBe('скоро');
    expect(out('{Дата визита}', { attributes: { 'Дата визита': '12 мая' } })).toBe('12 мая');
    expect(out('С днём рождения, {birthday}!')).toBe('С днём рождения, 21.06.1985!');
    expect(out('{birthday}', { attributes: { birthday: 'весной' } })).toBe('весной');
  });

  it('never reads what an attributes object inherits', () => {
    expect(out('[{toString|x}] [{hasOwnProperty}] [{valueOf|v}]')).toBe('[x] [] [v]');
    const inherited = Object.create({ Город: 'Тверь' }) as Record<string, string>;
    expect(out('{Город|нет}', { attributes: inherited })).toBe('нет');
  });

  it('renders a Contact as it comes from the base', () => {
    const contact: Contact = {
      id: 1,
      phone: '+79161234567',
      email: null,
      lastName: 'Петров',
      firstName: 'Олег',
      middleName: '',
      telegramChatId: null,
      attributes: { balance: '20' },
      source: 'import',
      createdAt: '',
      updatedAt: '',
      groups: [],
      optOut: { sms: false, email: false, telegram: false, whatsapp: false },
    };
    expect(out('{full_name}: {balance} баллов, {email|без почты}', contact)).toBe('Петров Олег: 20 баллов, без почты');
  });
});

describe('message templates: syntax', () => {
  it('writes a literal brace twice', () => {
    expect(out('{{акция}} {{{first_name}}} }}')).toBe('{акция} {Анна} }');
  });

  it('warns that {{first_name}} is literal text (WhatsApp writes variables that way)', () => {
    const r = compileTemplate('Hi {{first_name}}');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.template.variables).toEqual([]);
    expect(r.template.warnings).toMatchObject([{ code: 'escaped_variable', start: 3, end: 17, name: 'first_name' }]);
    expect(render(r.template, ivanova)).toBe('Hi {first_name}');
  });

  it('reports an unclosed brace, a lone closing brace and an empty name, with positions', () => {
    expect(errorsOf('Hi {first_name, welcome')).toEqual([
      { code: 'unclosed_brace', start: 3, end: 23, line: 1, column: 4 },
    ]);
    // Not closed on its line: the error points at the right line, not at a "}" far below.
    expect(errorsOf('Line one\nHi {first_name\nbye')).toMatchObject([{ code: 'unclosed_brace', line: 2, column: 4 }]);
    expect(errorsOf('Hi {first_name\n}')).toMatchObject([
      { code: 'unclosed_brace', start: 3, end: 14 },
      { code: 'unmatched_closing_brace', line: 2, column: 1 },
    ]);
    expect(errorsOf('50% off }')).toEqual([{ code: 'unmatched_closing_brace', start: 8, end: 9, line: 1, column: 9 }]);
    expect(errorsOf('Hi {}')).toEqual([{ code: 'empty_variable_name', start: 3, end: 5, line: 1, column: 4 }]);
    expect(errorsOf('Hi { |клиент}')).toMatchObject([{ code: 'empty_variable_name', start: 3 }]);
    expect(errorsOf('{first_name|a|b}')).toMatchObject([{ code: 'unknown_syntax', start: 13 }]);
    expect(errorsOf('{__proto__} {constructor}')).toMatchObject([
      { code: 'impossible_variable_name', start: 0 },
      { code: 'impossible_variable_name', start: 12 },
    ]);
    expect(errorsOf(`{${'x'.repeat(65)}}`)).toMatchObject([{ code: 'impossible_variable_name' }]);
    // Every error at once, each with a message to show.
    const all = compileTemplate('{a {} } {b|c|d}');
    expect(all.ok).toBe(false);
    if (!all.ok) {
      expect(all.errors.map((e) => e.code)).toEqual([
        'unclosed_brace',
        'empty_variable_name',
        'unmatched_closing_brace',
        'unknown_syntax',
      ]);
      for (const e of all.errors) expect(e.message.length).toBeGreaterThan(10);
    }
  });

  it('does not reject names no contact has, but lists what the template reads', () => {
    const r = compileTemplate('{first_name|клиент}, {Город}: {balance} — {Город} {bonus_level|} {today}');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.template.variables).toEqual(['first_name', 'Город', 'balance', 'bonus_level', 'today']);
    expect(r.template.attributeKeys).toEqual(['Город', 'balance', 'bonus_level']);
    expect(missingAttributes(r.template, ['balance', 'Город', 'birthday'])).toEqual(['bonus_level']);
    expect(r.template.literalText).toBe(', :  —   ');
    expect(r.template.parts.filter((p) => p.kind === 'variable')).toHaveLength(6);
  });

  it('renders a compiled template that travelled (a structured clone over IPC) from its source', () => {
    const copy = structuredClone(mustCompile('Hi {first_name|клиент}'));
    expect(render(copy, nameless)).toBe('Hi клиент');
    expect(() => render({ ...copy, source: 'Hi {' }, nameless)).toThrow(/not a valid template/);
  });

  it('leaves a text without braces exactly as it is', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const text = s.replace(/[{}]/g, '');
        expect(out(text)).toBe(text);
      }),
    );
  });
});

describe('message templates: render agrees with a plain reference implementation', () => {
  // An independent reference: a regular expression over the text, Intl.NumberFormat for the balance.
  const cents = new Intl.NumberFormat('ru-RU', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const refBalance = (raw: string) => {
    if (!/^-?\d+(\.\d+)?$/.test(raw)) return raw;
    const s = cents
      .format(raw as unknown as number)
      .replace(/[\u00a0\u202f]/g, ' ')
      .replace(/,00$/, '');
    return s === '-0' ? '0' : s;
  };
  const refValue = (name: string, r: RecipientFields): string => {
    const t = (v: string | null | undefined) => (v ?? '').trim();
    const attr = r.attributes && Object.hasOwn(r.attributes, name) ? (r.attributes[name] ?? '').trim() : '';
    switch (name) {
      case 'first_name':
        return t(r.firstName);
      case 'last_name':
        return t(r.lastName);
      case 'middle_name':
        return t(r.middleName);
      case 'full_name':
        return [r.lastName, r.firstName, r.middleName].map(t).filter(Boolean).join(' ');
      case 'phone':
        return t(r.phone);
      case 'email':
        return t(r.email);
      case 'today':
        return '08.03.2025';
      case 'balance':
        return attr === '' ? '' : refBalance(attr);
      default:
        return attr;
    }
  };
  const refRender = (text: string, r: RecipientFields) =>
    text.replace(/\{\{|\}\}|\{([^{}|]*)(?:\|([^{}]*))?\}/g, (m, name?: string, fb?: string) => {
      if (m === '{{') return '{';
      if (m === '}}') return '}';
      const v = refValue(name!.trim(), r);
      return v !== '' ? v : (fb?.trim() ?? '');
    });

  const NAMES = ['first_name', 'last_name', 'middle_name', 'full_name', 'balance', 'phone', 'email', 'today', 'Город'];
  const token = fc.oneof(
    fc.string({ unit: fc.constantFrom('a', 'Я', ' ', ',', '!', '😀', '\n', '€', '|'), maxLength: 8 }),
    fc.constantFrom('{{', '}}'),
    fc
      .tuple(fc.constantFrom(...NAMES, 'нет_такого'), fc.option(fc.constantFrom('клиент', '', ' друг ', 'Client')))
      .map(([n, fb]) => (fb === null ? `{${n}}` : `{${n}|${fb}}`)),
  );
  const field = fc.option(fc.constantFrom('', ' ', 'Анна', ' Олег ', 'Ann', 'Мария Луиза'), { nil: undefined });
  const amount = fc.oneof(
    fc.integer({ min: -10_000_000, max: 10_000_000 }).map(String),
    fc.double({ min: -1e7, max: 1e7, noNaN: true }).map((x) => String(Math.round(x * 1000) / 1000)),
    fc.constantFrom('0.005', '999.995', '-0.001', 'нет', ''),
  );
  const recipient = fc.record({
    firstName: field,
    lastName: field,
    middleName: field,
    phone: fc.option(fc.constantFrom('+79161234567', ''), { nil: undefined }),
    email: fc.option(fc.constantFrom('a@b.ru', ' '), { nil: undefined }),
    attributes: fc.record({ balance: amount, Город: fc.constantFrom('Тверь', '', ' Омск ') }, { requiredKeys: [] }),
  });

  it('for random valid templates and recipients', () => {
    fc.assert(
      fc.property(fc.array(token, { maxLength: 12 }), recipient, (tokens, r) => {
        const text = tokens.join('');
        const compiled = compileTemplate(text);
        // Tokens can join into a longer brace run ("{{" + "{x}"), which the reference reads differently; such
        // texts are compared only when both agree they are templates.
        if (!compiled.ok) return;
        if (/\{\{\{|\}\}\}/.test(text)) return;
        expect(render(compiled.template, r, { today: TODAY })).toBe(refRender(text, r));
        expect(bindTemplate(compiled.template, { today: TODAY })(r)).toBe(refRender(text, r));
        expect(renderPreview(compiled.template, r, { today: TODAY }).text).toBe(refRender(text, r));
      }),
      { numRuns: 2000 },
    );
  });

  it('formats any decimal as Intl.NumberFormat("ru-RU") would, with a plain space', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.nat({ max: 99999 }), (int, frac) => {
        const raw = `${int}.${String(frac).padStart(5, '0')}`;
        expect(formatRussianAmount(raw), raw).toBe(refBalance(raw));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the preview of one message, for highlighting', () => {
  it('marks what came from the template, a value, a fallback, or nothing', () => {
    const p = renderPreview(mustCompile('Hi {first_name|клиент}, {Город}{x}!'), nameless);
    expect(p.text).toBe('Hi клиент, !');
    expect(p.spans).toEqual([
      { start: 0, end: 3, variable: null, source: 'text' },
      { start: 3, end: 9, variable: 'first_name', source: 'fallback' },
      { start: 9, end: 11, variable: null, source: 'text' },
      { start: 11, end: 11, variable: 'Город', source: 'empty' },
      { start: 11, end: 11, variable: 'x', source: 'empty' },
      { start: 11, end: 12, variable: null, source: 'text' },
    ]);
    const q = renderPreview(mustCompile('{first_name}'), ivanova);
    expect(q.spans).toEqual([{ start: 0, end: 4, variable: 'first_name', source: 'value' }]);
  });
});

describe('dates', () => {
  it('turns real ISO dates into dd.mm.yyyy and refuses the rest', () => {
    expect(isoToRussianDate('2025-12-31')).toBe('31.12.2025');
    expect(isoToRussianDate('2000-02-29')).toBe('29.02.2000');
    expect(isoToRussianDate('1900-02-29')).toBeNull();
    expect(isoToRussianDate('2025-13-01')).toBeNull();
    expect(isoToRussianDate('2025-04-31')).toBeNull();
    expect(isoToRussianDate('2025-4-01')).toBeNull();
    expect(isoToRussianDate('2025-0a-01')).toBeNull();
  });
});
