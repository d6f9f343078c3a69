// pickStrings answers what JSON.parse and an own-string-property check answer, for any JSON object text: the
// cost preview reads a million contacts' attributes through it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pickStrings as pickInto } from '../../../electron/core/campaigns/attributes-pick';

/** The values, or null when the text is left to the caller; `out` starts dirty, as it does when reused. */
function pickStrings(text: string, keys: readonly string[]): (string | undefined)[] | null {
  const out: (string | undefined)[] = keys.map(() => 'left over from the last contact');
  return pickInto(text, keys, out) ? out : null;
}

/** The reference: the object parsed whole, each key's own value when it is a string. */
function reference(text: string, keys: readonly string[]): (string | undefined)[] {
  const o = JSON.parse(text) as Record<string, unknown>;
  return keys.map((k) => {
    const v = o[k];
    return typeof v === 'string' && Object.hasOwn(o, k) ? v : undefined;
  });
}

const KEYS = ['balance', 'Город', 'birthday', 'a"b', 'back\\slash', 'tab\there', '', 'x.y', '__proto__', 'toString'];

describe('pickStrings', () => {
  it('gives the string values of the keys asked, as JSON.parse does', () => {
    const cases: [string, string[]][] = [
      ['{}', ['balance']],
      ['{"balance":"1500.5","Город":"Москва"}', ['balance', 'Город', 'none']],
      ['{"balance":1500,"Город":null,"b":true,"c":false}', ['balance', 'Город', 'b', 'c']],
      ['{"Город":{"name":"Тверь","x":[1,{"}":"]"}]},"balance":"7"}', ['Город', 'balance', 'name']],
      ['{"Город":["Omsk","}"],"balance":"0.005"}', ['Город', 'balance']],
      ['{"\\u0062alance":"escaped key","a\\"b":"quote","back\\\\slash":"bs"}', ['balance', 'a"b', 'back\\slash']],
      ['{"v":"Санкт\\u002dПетербург","w":"say \\"hi\\"\\n","u":"\\ud83d\\ude00"}', ['v', 'w', 'u']],
      ['{"balance":"1","balance":"2"}', ['balance']],
      ['{"balance":"1","balance":2}', ['balance']],
      ['{"balance":2,"balance":"3"}', ['balance']],
      [' { "balance" : "1 500" , "n" : -1.5e+3 , "Город" : "" } ', ['balance', 'n', 'Город']],
      ['{"__proto__":"proto","toString":"str"}', ['__proto__', 'toString']],
      ['{"":"empty key","x.y":"dot"}', ['', 'x.y']],
    ];
    for (const [text, keys] of cases) expect(pickStrings(text, keys), text).toEqual(reference(text, keys));
  });

  it('leaves what is not an object to the caller', () => {
    for (const text of ['[]', '"text"', '12', 'null', 'true', '[{"balance":"1"}]']) {
      expect(pickStrings(text, ['balance', '0'])).toBeNull();
    }
  });

  it('agrees with JSON.parse on any object, however written', () => {
    const key = fc.oneof(fc.constantFrom(...KEYS), fc.string(), fc.string({ unit: 'grapheme' }));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(key, fc.oneof(fc.string({ unit: 'grapheme' }), fc.jsonValue())), { maxLength: 8 }),
        fc.constantFrom(undefined, 1, '\t', ' \n '),
        fc.array(key, { minLength: 1, maxLength: 4 }),
        (members, indent, asked) => {
          // Members written one by one, so a key may repeat (JSON.parse keeps the last one).
          const body = members.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v, null, indent)}`);
          const text = `{${body.join(indent === undefined ? ',' : ` ,${typeof indent === 'string' ? indent : ' '}`)}}`;
          const keys = [...new Set([...asked, ...members.slice(0, 2).map(([k]) => k)])];
          expect(pickStrings(text, keys)).toEqual(reference(text, keys));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
