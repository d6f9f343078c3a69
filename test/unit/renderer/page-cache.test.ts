import { describe, expect, it } from 'vitest';
import { putPage, retainPages } from '../../../renderer/src/features/contacts/page-cache';

describe('page cache', () => {
  it('keeps at most maxPages, evicting the least recently stored', () => {
    let cache: ReadonlyMap<number, string> = new Map();
    for (let p = 0; p < 5; p++) cache = putPage(cache, p, `p${p}`, 3);
    expect([...cache.keys()]).toEqual([2, 3, 4]);
  });

  it('refreshes a page that is stored again', () => {
    let cache: ReadonlyMap<number, string> = new Map();
    for (const p of [0, 1, 2, 0, 3]) cache = putPage(cache, p, `p${p}`, 3);
    expect([...cache.keys()]).toEqual([2, 0, 3]);
  });

  it('never evicts pages on screen, even over the bound', () => {
    let cache: ReadonlyMap<number, string> = new Map();
    for (const p of [0, 1, 2, 3]) cache = putPage(cache, p, `p${p}`, 2, new Set([0, 1, 2, 3]));
    expect(cache.size).toBe(4);
  });

  it('does not mutate the previous map (the store relies on new references)', () => {
    const before = new Map([[1, 'a']]);
    const after = putPage(before, 2, 'b', 10);
    expect(before.size).toBe(1);
    expect(after.size).toBe(2);
  });

  it('retains only the listed pages', () => {
    const cache = new Map([
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
    ]);
    expect([...retainPages(cache, new Set([2, 9])).keys()]).toEqual([2]);
  });
});
