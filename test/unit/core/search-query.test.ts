import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toFtsQuery } from '../../../electron/core/repos/search-query';

describe('search box → FTS5 query', () => {
  it('makes every word a quoted prefix term', () => {
    expect(toFtsQuery('Иванов  иван')).toBe('"иванов"* AND "иван"*');
    expect(toFtsQuery('Семён')).toBe('"семен"*');
    expect(toFtsQuery('ivan.petrov@mail')).toBe('"ivan"* AND "petrov"* AND "mail"*');
  });
  it('collapses phone-like input to its digits', () => {
    expect(toFtsQuery('+7 (920) 746-00')).toBe('"792074600"*');
    expect(toFtsQuery('8 920')).toBe('"8920"*');
  });
  it('gives nothing to search for blank or punctuation-only input', () => {
    for (const s of ['', '   ', '"', '***', '()']) expect(toFtsQuery(s), s).toBeNull();
  });
  it('property: any input yields a query FTS5 accepts (never a syntax error)', () => {
    const db = new Database(':memory:');
    db.exec("CREATE VIRTUAL TABLE t USING fts5(a, tokenize = 'unicode61 remove_diacritics 2')");
    const stmt = db.prepare('SELECT count(*) FROM t WHERE t MATCH ?');
    fc.assert(
      fc.property(fc.string({ maxLength: 60, unit: 'grapheme' }), (s) => {
        const q = toFtsQuery(s);
        if (q !== null) expect(() => stmt.get(q)).not.toThrow();
      }),
      { numRuns: 500 },
    );
    db.close();
  });
});
