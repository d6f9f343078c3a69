// The workbook XML scanner (electron/core/import/xlsx/scanner.ts) against saxes, a full XML parser: the same
// events for any well-formed document however it is cut into chunks, and an error for malformed ones.
import fc from 'fast-check';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { XmlScanner } from '../../../electron/core/import/xlsx/scanner';

type Event = ['open', string, Record<string, string>] | ['close', string] | ['text', string];

/** Events with adjacent text merged (both parsers may split text differently). */
function merged(events: Event[]): Event[] {
  const out: Event[] = [];
  for (const e of events) {
    const last = out[out.length - 1];
    if (e[0] === 'text' && last?.[0] === 'text') last[1] += e[1];
    else if (!(e[0] === 'text' && e[1] === '')) out.push(e[0] === 'open' ? ['open', e[1], { ...e[2] }] : e);
  }
  return out;
}

function scan(xml: string, cuts: number[] = []): Event[] {
  const events: Event[] = [];
  const s = new XmlScanner('part.xml', {
    open: (name, attrs) => events.push(['open', name, attrs]),
    close: (name) => events.push(['close', name]),
    text: (text) => events.push(['text', text]),
  });
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    s.write(xml.slice(at, cut));
    at = cut;
  }
  s.write(xml.slice(at));
  s.close();
  return merged(events);
}

function reference(xml: string): Event[] {
  const events: Event[] = [];
  const p = new SaxesParser({ xmlns: false, position: false });
  p.on('opentag', (t) => events.push(['open', t.name, t.attributes as Record<string, string>]));
  p.on('closetag', (t) => events.push(['close', t.name]));
  p.on('text', (t) => events.push(['text', t]));
  p.on('cdata', (t) => events.push(['text', t]));
  p.on('error', (e) => {
    throw e;
  });
  p.write(xml).close();
  // saxes reports whitespace outside the root element as text; the scanner drops it.
  return merged(events).filter((e, i, all) => !(e[0] === 'text' && (i === 0 || i === all.length - 1) && !e[1].trim()));
}

const name = fc.constantFrom('c', 'row', 'x:row', 'is', 't', 'v', 'sheetData', 'Ячейка');
const textChars = fc.constantFrom(
  'a',
  'Я',
  ' ',
  '\n',
  '\r\n',
  '\t',
  '&amp;',
  '&lt;',
  '&gt;',
  '&#1071;',
  '&#x44F;',
  '>',
  '"',
  "'",
  '😀',
);
const text = fc.array(textChars, { maxLength: 8 }).map((a) => a.join(''));
const attrValue = fc
  .array(fc.constantFrom('1', 'A1', ' ', '&quot;', '&amp;', '>', '\t', 'ё', "'"), { maxLength: 5 })
  .map((a) => a.join(''));
const attrs = fc.uniqueArray(fc.tuple(fc.constantFrom('r', 's', 't', 'xml:space', 'ht'), attrValue), {
  maxLength: 3,
  selector: (a) => a[0],
});

const element: fc.Memo<string> = fc.memo((depth) =>
  fc
    .tuple(
      name,
      attrs,
      depth > 1
        ? fc.array(
            fc.oneof(text, element(depth - 1), fc.constant('<!-- note -->'), fc.constant('<![CDATA[<b>&</b>]]>')),
            {
              maxLength: 4,
            },
          )
        : fc.array(text, { maxLength: 1 }),
      fc.boolean(),
    )
    .map(([n, as, children, spaced]) => {
      const a = as.map(([k, v]) => ` ${k}${spaced ? ' = ' : '='}"${v.replaceAll('"', '&quot;')}"`).join('');
      return children.length === 0 && spaced
        ? `<${n}${a}/>`
        : `<${n}${a}${spaced ? ' ' : ''}>${children.join('')}</${n} >`;
    }),
);

const document = element(4).map((root) => `<?xml version="1.0" encoding="UTF-8"?>\n<!-- a -->${root}\n`);

describe('workbook XML scanner', () => {
  it('gives the same events as a full XML parser, however the document is cut into chunks', () => {
    fc.assert(
      fc.property(document, fc.array(fc.nat(), { maxLength: 6 }), (xml, cuts) => {
        const expected = reference(xml);
        expect(scan(xml)).toEqual(expected);
        expect(
          scan(
            xml,
            cuts.map((c) => c % (xml.length + 1)),
          ),
        ).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('fed one character at a time, reads a worksheet the same as whole', () => {
    const xml =
      '<?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t xml:space="preserve"> Иванов &amp; сын </t></is></c>' +
      '<c r="B1" s="2"><v>79207460022</v></c><c r="C1" t="s"><v>0</v></c><c r="D1"/></row></sheetData></worksheet>';
    const cuts = Array.from({ length: xml.length }, (_, i) => i);
    expect(scan(xml, cuts)).toEqual(scan(xml));
    expect(scan(xml)).toContainEqual(['text', ' Иванов & сын ']);
  });

  it('normalises line ends in text and whitespace in attribute values, as XML requires', () => {
    expect(scan('<a k="x\r\ny\tz&#10;">1\r\n2\r3&#13;</a>')).toEqual([
      ['open', 'a', { k: 'x y z\n' }],
      ['text', '1\n2\n3\r'],
      ['close', 'a'],
    ]);
  });

  it('keeps a ">" inside an attribute value, even across chunks', () => {
    const xml = '<a f="x>y" g=\'1\'>t</a>';
    expect(scan(xml, [5, 6])).toEqual([
      ['open', 'a', { f: 'x>y', g: '1' }],
      ['text', 't'],
      ['close', 'a'],
    ]);
  });

  const malformed: [string, string, RegExp][] = [
    ['an element never closed', '<a><b></b>', /<a> is never closed/],
    ['tags closed out of order', '<a><b></a></b>', /<\/a> where <\/b> was expected/],
    ['a bare ampersand', '<a>fish & chips</a>', /bare "&"/],
    ['an undefined entity', '<a>&nbsp;</a>', /undefined entity/],
    ['a reference to no character', '<a>&#0;</a>', /undefined entity/],
    ['a surrogate reference', '<a>&#xD800;</a>', /undefined entity/],
    ['a repeated attribute', '<a r="1" r="2"/>', /attribute r refused/],
    ['a __proto__ attribute', '<a __proto__="x"/>', /attribute __proto__ refused/],
    ['an unquoted attribute', '<a r=1/>', /unexpected markup/],
    ['"<" in an attribute value', '<a r="<"/>', /unexpected markup/],
    ['text outside the root', 'hello<a/>', /text outside the root/],
    ['two roots', '<a/><b/>', /second root/],
    ['no root at all', '<?xml version="1.0"?>', /no root element/],
    ['a stray "<"', '<a>1 < 2</a>', /unexpected markup/],
    ['an unfinished comment', '<a><!-- x', /unfinished comment/],
  ];
  for (const [what, xml, message] of malformed) {
    it(`refuses ${what}`, () => {
      expect(() => scan(xml)).toThrow(message);
      expect(() => scan(xml)).toThrow(expect.objectContaining({ code: 'bad_xml' }));
    });
  }

  it('refuses any DOCTYPE, whatever the case and however it is cut', () => {
    const xml = '<?xml version="1.0"?><!doctype x [<!ENTITY a "b">]><x>&a;</x>';
    for (const cut of [0, 20, 23, 25, 30]) {
      expect(() => scan(xml, [cut])).toThrow(expect.objectContaining({ code: 'dtd_refused' }));
    }
  });

  it('a tag that never ends, five million spaces long, is refused in one linear pass', () => {
    const xml = `<worksheet><c${' '.repeat(5_000_000)}`;
    expect(() => scan(xml, [1_000_000, 2_000_000])).toThrow(/unexpected markup/);
  });
});
