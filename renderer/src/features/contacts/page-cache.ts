/**
 * A bounded cache of table pages, kept immutable so a zustand store can hold it and React sees new references.
 * A Map keeps insertion order; re-inserting a page on every put makes that order "least recently stored first",
 * which is what we evict. Pages the user is looking at right now (`keep`) are never evicted, even over the bound.
 */
export type PageMap<T> = ReadonlyMap<number, T>;

export function putPage<T>(
  cache: PageMap<T>,
  index: number,
  page: T,
  maxPages: number,
  keep: ReadonlySet<number> = new Set(),
): PageMap<T> {
  const next = new Map(cache);
  next.delete(index);
  next.set(index, page);
  if (next.size > maxPages) {
    for (const key of next.keys()) {
      if (next.size <= maxPages) break;
      if (key === index || keep.has(key)) continue;
      next.delete(key);
    }
  }
  return next;
}

/** Drops every page except those listed (after the data changed: only the pages on screen are worth refetching). */
export function retainPages<T>(cache: PageMap<T>, keep: ReadonlySet<number>): PageMap<T> {
  const next = new Map<number, T>();
  for (const [key, value] of cache) if (keep.has(key)) next.set(key, value);
  return next;
}
