import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSearch } from '../../../electron/core/repos/search-query';
import { testCore } from '../../helpers/core';

describe('search box → index queries', () => {
  it('makes every word a quoted prefix term', () => {
    expect(parseSearch('Иванов  иван').fts).toBe('"иванов"* AND "иван"*');
    expect(parseSearch('Семён').fts).toBe('"семен"*');
  });
  it('reads one word as the beginning of an e-mail address or domain too; with an "@", as an e-mail only', () => {
    expect(parseSearch('Ivan.Pet')).toEqual({
      fts: '"ivan"* AND "pet"*',
      phonePrefixes: [],
      email: { address: 'ivan.pet', domain: 'ivan.pet' },
    });
    expect(parseSearch('ivan.petrov@mail')).toEqual({
      fts: null,
      phonePrefixes: [],
      email: { address: 'ivan.petrov@mail', domain: null },
    });
    expect(parseSearch('@Example.org')).toEqual({
      fts: null,
      phonePrefixes: [],
      email: { address: null, domain: 'example.org' },
    });
    // Two words are names (and phones), never an e-mail.
    expect(parseSearch('иван mail').email).toBeNull();
    expect(parseSearch('@').email).toBeNull();
  });
  it('reads digits as the E.164 prefixes a Russian number may have', () => {
    expect(parseSearch('+7 (920) 746-00')).toEqual({ fts: null, phonePrefixes: ['+792074600'], email: null });
    expect(parseSearch('8 920')).toEqual({ fts: null, phonePrefixes: ['+8920', '+7920'], email: null });
    expect(parseSearch('920 746')).toEqual({ fts: null, phonePrefixes: ['+920746', '+7920746'], email: null });
    expect(parseSearch('375 29').phonePrefixes).toEqual(['+37529']);
  });
  it('splits a name and a number typed together', () => {
    expect(parseSearch('иванов 920')).toEqual({ fts: '"иванов"*', phonePrefixes: ['+920', '+7920'], email: null });
  });
  it('gives nothing to search for blank, punctuation-only or single-digit input', () => {
    for (const s of ['', '   ', '"', '***', '()', '7', '+'])
      expect(parseSearch(s), s).toEqual({ fts: null, phonePrefixes: [], email: null });
  });
  it('property: the strict form of any input is a query FTS5 accepts, and phone prefixes are well-formed', () => {
    const db = new Database(':memory:');
    db.exec(
      "CREATE VIRTUAL TABLE t USING fts5(a, detail = none, prefix = '1 2 3', tokenize = 'unicode61 remove_diacritics 2')",
    );
    const stmt = db.prepare('SELECT count(*) FROM t WHERE t MATCH ?');
    fc.assert(
      fc.property(fc.string({ maxLength: 60, unit: 'grapheme' }), (s) => {
        const q = parseSearch(s, true);
        if (q.fts !== null) expect(() => stmt.get(q.fts)).not.toThrow();
        for (const p of [...q.phonePrefixes, ...parseSearch(s).phonePrefixes]) expect(p).toMatch(/^\+\d{2,}$/);
      }),
      { numRuns: 500 },
    );
    db.close();
  });

  it('property: searching the base never fails, whatever is typed', () => {
    const h = testCore().handlers;
    h['contacts:create']({ phone: '+79207460022', lastName: 'Иванов' });
    fc.assert(
      fc.property(fc.string({ maxLength: 40, unit: 'grapheme' }), (s) => {
        expect(() => h['contacts:list']({ query: s, offset: 0, limit: 10 })).not.toThrow();
      }),
      { numRuns: 300 },
    );
    expect(h['contacts:list']({ query: 'ကᦰ¼', offset: 0, limit: 10 }).total).toBe(0);
  });
});
