import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CampaignPreviewer, previewCampaign } from '../../../shared/domain/cost-preview';
import { countSms } from '../../../shared/domain/sms';
import { mustCompile, render, type RecipientFields } from '../../../shared/domain/template';

const TODAY = '2025-03-08';
const sms = { channel: 'sms' as const, today: TODAY };

const people: RecipientFields[] = [
  { id: 1, firstName: 'Ann', attributes: { balance: '1500.5' } },
  { id: 2, firstName: 'Анна', attributes: { balance: '20' } },
  { id: 3, firstName: '', attributes: {} },
  { id: 4, firstName: 'Olga', attributes: { balance: '7', City: 'Nizhny\u00a0Novgorod' } },
  { id: 5, firstName: 'Oleg', attributes: { balance: '100', City: 'St\u00a0Petersburg' } },
];

describe('cost preview of a campaign', () => {
  it('counts messages, parts, the histogram and the cost at the tariff', () => {
    const t = mustCompile('Hello {first_name|client}, your balance is {balance|0} RUB. {City|}');
    const p = previewCampaign(t, people, { ...sms, tariffPerPart: 2.35 });
    expect(p.messages).toBe(5);
    expect(p.emptyMessages).toBe(0);
    // Each message alone: 1 part each (the Cyrillic and NBSP ones are UCS-2 but short).
    expect(p.byParts).toEqual({ 1: 5 });
    expect(p.parts).toBe(5);
    expect(p.cost).toBe(11.75);
    expect(p.ucs2Messages).toBe(3);
    expect(p.templateUcs2).toBe(false);
  });

  it('reports a Cyrillic name in a Latin text as switching the message to UCS-2, by that variable', () => {
    const t = mustCompile('Hello {first_name|client}, your balance is {balance|0} RUB.');
    const p = previewCampaign(t, people, sms);
    expect(p.ucs2Messages).toBe(1);
    expect(p.switchedToUcs2ByValues.messages).toBe(1);
    expect(p.switchedToUcs2ByValues.byVariable).toEqual({
      first_name: { messages: 1, characters: ['А', 'н', 'а'] },
    });
    expect(p.switchedToUcs2ByValues.characters).toEqual(['А', 'н', 'а']);
    expect(p.switchedToUcs2ByValues.examples).toEqual([
      {
        index: 1,
        id: 2,
        variable: 'first_name',
        value: 'Анна',
        fromFallback: false,
        characters: ['А', 'н', 'а'],
        text: 'Hello Анна, your balance is 20 RUB.',
      },
    ]);
  });

  it('catches the no-break space a value brought in (Excel, Intl.NumberFormat), but not in {balance}', () => {
    const t = mustCompile('{first_name|client}: {balance} RUB, {City|}');
    const p = previewCampaign(t, [people[0]!, people[3]!, people[4]!], sms);
    expect(p.switchedToUcs2ByValues.messages).toBe(2);
    expect(p.switchedToUcs2ByValues.byVariable).toEqual({ City: { messages: 2, characters: ['\u00a0'] } });
    expect(p.switchedToUcs2ByValues.examples.map((e) => [e.id, e.variable, e.characters])).toEqual([
      [4, 'City', ['\u00a0']],
      [5, 'City', ['\u00a0']],
    ]);
    // The balance of 1 500,50 has a plain space: recipient 1 stays GSM-7.
    expect(p.ucs2Messages).toBe(2);
    // Asked for no-break spaces in numbers, the balance would switch it too.
    const nbsp = previewCampaign(t, [people[0]!], { ...sms, numberGrouping: 'nbsp' });
    expect(nbsp.switchedToUcs2ByValues.byVariable).toEqual({ balance: { messages: 1, characters: ['\u00a0'] } });
  });

  it('says when a Cyrillic fallback is what switched the message', () => {
    const p = previewCampaign(mustCompile('Hello {first_name|клиент}!'), [people[2]!], sms);
    expect(p.switchedToUcs2ByValues.examples).toMatchObject([
      { id: 3, variable: 'first_name', value: 'клиент', fromFallback: true, text: 'Hello клиент!' },
    ]);
  });

  it('does not call a Russian template "switched": it is UCS-2 by its own text', () => {
    const p = previewCampaign(mustCompile('Здравствуйте, {first_name|клиент}!'), people, sms);
    expect(p.ucs2Messages).toBe(5);
    expect(p.templateUcs2).toBe(true);
    expect(p.templateNonGsm).toEqual(['З', 'д', 'р', 'а', 'в', 'с', 'т', 'у', 'й', 'е']);
    expect(p.switchedToUcs2ByValues.messages).toBe(0);
    expect(p.switchedToUcs2ByValues.examples).toEqual([]);
  });

  it('counts, per variable, the messages that used its fallback or got nothing', () => {
    const t = mustCompile('{first_name|friend} {first_name} {balance} {City} {today}');
    const p = previewCampaign(t, people, sms);
    // Used twice in the template, counted once per message.
    expect(p.emptyFallbacksUsed).toEqual({ first_name: 1 });
    expect(p.emptyWithoutFallback).toEqual({ first_name: 1, balance: 1, City: 3 });
    expect(previewCampaign(mustCompile('{City|a} {City|b}'), people, sms).emptyFallbacksUsed).toEqual({ City: 3 });
    // An explicitly empty fallback ({first_name|}) is a fallback.
    expect(previewCampaign(mustCompile('Hi{first_name|}'), [people[2]!], sms).emptyFallbacksUsed).toEqual({
      first_name: 1,
    });
  });

  it('finds the longest message, and the parts a long personalised text takes', () => {
    const t = mustCompile(`${'x'.repeat(150)} {City|}`);
    const p = previewCampaign(t, people, sms);
    // 151 + "Nizhny Novgorod" (15, with a no-break space: UCS-2) = 166 units → 3 parts of 67; "St Petersburg"
    // makes 164, also 3 parts, but shorter.
    expect(p.longest).toEqual({
      index: 3,
      id: 4,
      text: `${'x'.repeat(150)} Nizhny\u00a0Novgorod`,
      parts: 3,
      ucs2: true,
    });
    expect(p.byParts).toEqual({ 1: 3, 3: 2 });
    // Of equally long messages, the first.
    expect(previewCampaign(mustCompile('{first_name|none}'), people, sms).longest).toMatchObject({ id: 2 });
    expect(p.parts).toBe(3 + 3 + 3);
  });

  it('counts an emoji or an extension character at a part boundary as the reference does', () => {
    // 152 "a" + "€" from a value + 152 "a": "€" cannot straddle, so 3 parts, not 306 / 153 = 2.
    const t = mustCompile(`${'a'.repeat(152)}{sign}${'a'.repeat(152)}`);
    expect(previewCampaign(t, [{ attributes: { sign: '€' } }], sms).byParts).toEqual({ 3: 1 });
    const u = mustCompile(`${'Я'.repeat(66)}{smile}${'Я'.repeat(66)}`);
    expect(previewCampaign(u, [{ attributes: { smile: '😀' } }], sms).byParts).toEqual({ 3: 1 });
  });

  it('leaves out messages that come out empty: no parts, counted apart', () => {
    const p = previewCampaign(mustCompile('{first_name}'), people, { ...sms, tariffPerPart: 1 });
    expect(p.messages).toBe(5);
    expect(p.emptyMessages).toBe(1);
    expect(p.parts).toBe(4);
    expect(p.cost).toBe(4);
  });

  it('on other channels: one part per message, no encoding', () => {
    const t = mustCompile(`Здравствуйте, {first_name|клиент}! ${'Текст '.repeat(100)}`);
    const p = previewCampaign(t, people, { channel: 'email', today: TODAY, tariffPerPart: 0.1 });
    expect(p.parts).toBe(5);
    expect(p.byParts).toEqual({ 1: 5 });
    expect(p.ucs2Messages).toBe(0);
    expect(p.cost).toBe(0.5);
    expect(previewCampaign(t, people, { channel: 'telegram', today: TODAY }).cost).toBeNull();
  });

  it('reads recipients from any iterable once (a generator over pages of the base)', () => {
    function* pages() {
      for (let i = 0; i < 2500; i++) yield { id: i, firstName: i % 2 ? 'Ann' : 'Аня', attributes: {} };
    }
    const p = previewCampaign(mustCompile('Hi {first_name}'), pages(), sms);
    expect(p.messages).toBe(2500);
    expect(p.switchedToUcs2ByValues.messages).toBe(1250);
    expect(p.switchedToUcs2ByValues.examples.map((e) => e.index)).toEqual([0, 2, 4, 6, 8]);
  });

  it('can be fed in batches and read at any time', () => {
    const previewer = new CampaignPreviewer(mustCompile('Hi {first_name|there}'), sms);
    previewer.add(people[0]!);
    expect(previewer.result().messages).toBe(1);
    for (const r of people.slice(1)) previewer.add(r);
    expect(previewer.result()).toEqual(previewCampaign(mustCompile('Hi {first_name|there}'), people, sms));
  });

  it('refuses a bad date or tariff before looking at anyone', () => {
    expect(() => previewCampaign(mustCompile('{today}'), people, { ...sms, today: '08.03.2025' })).toThrow(RangeError);
    expect(() => previewCampaign(mustCompile('x'), people, { ...sms, tariffPerPart: -1 })).toThrow(RangeError);
  });

  it('agrees with rendering each message and counting it with countSms', () => {
    const value = fc.string({
      unit: fc.constantFrom('a', ' ', 'Я', '€', '{', '😀', '\u00a0', '1', '.'),
      maxLength: 90,
    });
    const recipient = fc.record({
      firstName: fc.option(value, { nil: undefined }),
      attributes: fc.record({ balance: fc.constantFrom('1500.5', '20', '', 'нет'), note: value }),
    });
    const template = fc.constantFrom(
      'Hi {first_name|client}! {note}',
      '{note}{note}{note}',
      `${'a'.repeat(140)}{first_name}{note|€€}`,
      `Привет, {first_name|клиент}! Баланс {balance|0}. {note}`,
      '{balance} {note|} {today}',
    );
    fc.assert(
      fc.property(template, fc.array(recipient, { maxLength: 20 }), (text, rs) => {
        const t = mustCompile(text);
        const p = previewCampaign(t, rs, sms);
        const texts = rs.map((r) => render(t, r, { today: TODAY }));
        const counts = texts.filter((s) => s !== '').map(countSms);
        const byParts: Record<number, number> = {};
        for (const c of counts) byParts[c.parts] = (byParts[c.parts] ?? 0) + 1;
        expect(p.messages).toBe(rs.length);
        expect(p.emptyMessages).toBe(texts.length - counts.length);
        expect(p.parts).toBe(counts.reduce((a, c) => a + c.parts, 0));
        expect(p.byParts).toEqual(byParts);
        expect(p.ucs2Messages).toBe(counts.filter((c) => c.encoding === 'ucs2').length);
        const literalGsm = countSms(t.literalText).encoding === 'gsm7';
        expect(p.switchedToUcs2ByValues.messages).toBe(literalGsm ? p.ucs2Messages : 0);
        if (p.longest) expect(texts[p.longest.index]).toBe(p.longest.text);
      }),
      { numRuns: 500 },
    );
  });
});
