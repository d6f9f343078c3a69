import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { discard, NumberSet, StringSet } from '../../../electron/core/import/key-sets';

describe('import duplicate sets (typed-array sets of phones and e-mails)', () => {
  it('StringSet answers exactly like Set for any strings, through growth', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constantFrom('', 'a', 'ё', '😀')), {
          maxLength: 3000,
        }),
        (keys) => {
          const ours = new StringSet();
          const ref = new Set<string>();
          for (const k of keys) {
            expect(ours.has(k)).toBe(ref.has(k));
            expect(ours.add(k)).toBe(!ref.has(k));
            ref.add(k);
          }
          expect(ours.size).toBe(ref.size);
          for (const k of keys) expect(ours.has(k)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('StringSet tells apart strings that share a prefix, a length or bytes in another order', () => {
    const s = new StringSet();
    for (const k of ['ivan@mail.ru', 'ivan@mail.r', 'ivan@mail.rv', 'navi@mail.ru', 'иван@почта.рф']) {
      expect(s.add(k)).toBe(true);
    }
    expect(s.has('ivan@mail.ru')).toBe(true);
    expect(s.has('ivan@mail.ru ')).toBe(false);
    expect(s.has('ivan@mail.rw')).toBe(false);
    expect(s.add('иван@почта.рф')).toBe(false);
    // add() without a has() before it, and after a has() of another key
    expect(s.has('x@y.z')).toBe(false);
    expect(s.add('y@y.z')).toBe(true);
    expect(s.has('y@y.z')).toBe(true);
    expect(s.has('x@y.z')).toBe(false);
    // An ASCII start, then a letter that is not: encoded whole, over the bytes copied so far.
    expect(s.add('ivan@mail.ruё')).toBe(true);
    expect(s.has('ivan@mail.ruе')).toBe(false);
    expect(s.has('ivan@mail.ruё')).toBe(true);
    expect(s.has('ivan@mail.ru')).toBe(true);
  });

  it('StringSet holds a hundred thousand long keys, across the many chunks they fill', () => {
    const s = new StringSet();
    // 350 bytes of UTF-8 each: some 35 MB, in 1 MB chunks.
    const key = (i: number) => `${'префикс-'.repeat(20)}${i}@example.org`;
    for (let i = 0; i < 100_000; i++) expect(s.add(key(i))).toBe(true);
    expect(s.size).toBe(100_000);
    for (let i = 0; i < 100_000; i += 997) {
      expect(s.has(key(i))).toBe(true);
      expect(s.add(key(i))).toBe(false);
      expect(s.has(`${key(i)}.`)).toBe(false);
    }
    expect(s.has(key(99_999))).toBe(true);
    expect(s.has(key(100_000))).toBe(false);
    expect(s.size).toBe(100_000);
  });

  it('StringSet refuses a key too long for a chunk, and keeps working', () => {
    const s = new StringSet();
    s.add('a@b.c');
    expect(() => s.add('x'.repeat(400_000))).toThrow(RangeError);
    expect(s.has('a@b.c')).toBe(true);
    expect(s.add('d@e.f')).toBe(true);
    expect(s.size).toBe(2);
  });

  it('NumberSet answers exactly like Set for E.164 digits, through growth', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 1, max: 99 }), fc.integer({ min: 70_000_000_000, max: 79_999_999_999 })), {
          maxLength: 5000,
        }),
        (keys) => {
          const ours = new NumberSet();
          const ref = new Set<number>();
          for (const k of keys) {
            expect(ours.has(k)).toBe(ref.has(k));
            expect(ours.add(k)).toBe(!ref.has(k));
            ref.add(k);
          }
          expect(ours.size).toBe(ref.size);
        },
      ),
      { numRuns: 60 },
    );
    const big = new NumberSet();
    expect(big.add(999_999_999_999_999)).toBe(true);
    expect(big.has(999_999_999_999_998)).toBe(false);
  });

  it('NumberSet refuses what is not a positive integer', () => {
    const s = new NumberSet();
    for (const bad of [0, -1, 1.5, Number.NaN, 2 ** 53]) expect(() => s.add(bad)).toThrow(RangeError);
  });

  it('release() empties a set and gives its memory back; it works again afterwards', () => {
    const phones = new NumberSet();
    const emails = new StringSet();
    for (let i = 1; i <= 50_000; i++) {
      phones.add(79_000_000_000 + i);
      emails.add(`user${i}@example.org`);
    }
    phones.release();
    emails.release();
    expect([phones.size, emails.size]).toEqual([0, 0]);
    expect(phones.has(79_000_000_001)).toBe(false);
    expect(emails.has('user1@example.org')).toBe(false);
    expect(emails.add('user1@example.org')).toBe(true);
    expect(emails.add('user1@example.org')).toBe(false);
    expect(phones.add(79_000_000_001)).toBe(true);
  });

  it('discard() detaches an array at once (its memory no longer waits for a full collection)', () => {
    const a = new Float64Array(1 << 20);
    discard(a);
    expect(a.length).toBe(0);
    expect(a.buffer.byteLength).toBe(0);
  });
});
