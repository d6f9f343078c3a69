import { create } from 'zustand';
import type { Contact, Match } from '../../../shared/domain/contact';
import type { ResultError } from '../../../shared/ipc/result';
import { api } from '../api';
import { putPage, retainPages, type PageMap } from '../features/contacts/page-cache';

/** Rows per request. Small enough to answer in a few ms, large enough that a screenful is one or two pages. */
export const PAGE_SIZE = 100;
/** Pages kept in memory (5,000 rows); scrolling back within that range shows rows without a refetch. */
export const MAX_PAGES = 50;
/** Requests in flight at once; a fast scrollbar drag otherwise queues dozens of pages nobody will see. */
const MAX_IN_FLIGHT = 3;

export interface ListFilter {
  query: string;
  groupId: number | null;
  segmentId: number | null;
}

interface PageEntry {
  rows: Contact[];
  /** The data generation the page was fetched in; older pages are shown while their refetch runs. */
  generation: number;
}

interface ContactsState {
  filter: ListFilter;
  /** Bumped on every filter change and every `db:changed`; answers to older requests are ignored. */
  generation: number;
  /** Bumped on every `db:changed` that touches contacts (the card refetches on it). */
  revision: number;
  total: number | null;
  exact: boolean;
  totalGeneration: number;
  pages: PageMap<PageEntry>;
  inFlight: ReadonlySet<number>;
  /** Pages the table needs right now (visible plus overscan), most important first. */
  wanted: readonly number[];
  error: ResultError | null;

  setFilter: (filter: ListFilter) => void;
  want: (pages: readonly number[]) => void;
  invalidate: () => void;
  retry: () => void;
}

/** The filter as the contract takes it: what `contacts:list` lists and what "select all" acts on. */
export function matchOf(filter: ListFilter): Match {
  const query = filter.query.trim();
  return { query: query === '' ? undefined : query, groupId: filter.groupId, segmentId: filter.segmentId };
}

const sameFilter = (a: ListFilter, b: ListFilter): boolean =>
  a.query === b.query && a.groupId === b.groupId && a.segmentId === b.segmentId;

export const useContacts = create<ContactsState>()((set, get) => {
  const fetchPage = async (page: number, generation: number): Promise<void> => {
    const res = await api.contacts.list({
      ...matchOf(get().filter),
      offset: page * PAGE_SIZE,
      limit: PAGE_SIZE,
    });
    const s = get();
    if (s.generation !== generation) return; // The filter or the data changed meanwhile; a newer request runs.
    const inFlight = new Set(s.inFlight);
    inFlight.delete(page);
    if (!res.ok) {
      set({ inFlight, error: res.error });
      return;
    }
    set({
      inFlight,
      error: null,
      total: res.value.total,
      exact: res.value.exact,
      totalGeneration: generation,
      pages: putPage(s.pages, page, { rows: res.value.rows, generation }, MAX_PAGES, new Set(s.wanted)),
    });
    pump();
  };

  /** Starts requests for wanted pages that are missing or stale, up to the concurrency limit. */
  const pump = (): void => {
    const s = get();
    if (s.error) return; // Wait for an explicit retry instead of hammering a failing core.
    const inFlight = new Set(s.inFlight);
    const started: number[] = [];
    for (const page of s.wanted) {
      if (inFlight.size >= MAX_IN_FLIGHT) break;
      if (inFlight.has(page)) continue;
      if (s.pages.get(page)?.generation === s.generation) continue;
      inFlight.add(page);
      started.push(page);
    }
    if (started.length === 0) return;
    set({ inFlight });
    for (const page of started) void fetchPage(page, s.generation);
  };

  return {
    filter: { query: '', groupId: null, segmentId: null },
    generation: 0,
    revision: 0,
    total: null,
    exact: true,
    totalGeneration: -1,
    pages: new Map(),
    inFlight: new Set(),
    wanted: [0],
    error: null,

    setFilter(filter) {
      if (sameFilter(filter, get().filter)) return;
      set((s) => ({
        filter,
        generation: s.generation + 1,
        total: null,
        exact: true,
        pages: new Map(),
        inFlight: new Set(),
        wanted: [0],
        error: null,
      }));
      pump();
    },
    want(pages) {
      const prev = get().wanted;
      if (pages.length === prev.length && pages.every((p, i) => p === prev[i])) {
        pump();
        return;
      }
      set({ wanted: pages });
      pump();
    },
    // Keep the pages on screen (shown until their fresh copy arrives, so nothing flickers) and forget the rest:
    // after an insert or delete every row further down may have shifted.
    invalidate() {
      set((s) => ({
        generation: s.generation + 1,
        revision: s.revision + 1,
        pages: retainPages(s.pages, new Set(s.wanted)),
        inFlight: new Set(),
        error: null,
      }));
      pump();
    },
    retry() {
      set((s) => ({ error: null, generation: s.generation + 1, inFlight: new Set() }));
      pump();
    },
  };
});

/** The contact at a row index, when its page is loaded (stale pages included). */
export function rowAt(pages: PageMap<PageEntry>, index: number): Contact | undefined {
  const page = pages.get(Math.floor(index / PAGE_SIZE));
  return page?.rows[index % PAGE_SIZE];
}

/** Ids of the loaded rows between two indices, both included (for shift-click ranges). */
export function idsBetween(pages: PageMap<PageEntry>, a: number, b: number): number[] {
  const ids: number[] = [];
  for (let i = Math.min(a, b); i <= Math.max(a, b); i++) {
    const row = rowAt(pages, i);
    if (row) ids.push(row.id);
  }
  return ids;
}

/** True when every page in `pages` holds data of the current generation and the total is current. */
export function pagesReady(
  s: Pick<ContactsState, 'pages' | 'generation' | 'totalGeneration'>,
  pages: readonly number[],
): boolean {
  if (s.totalGeneration !== s.generation) return false;
  return pages.every((p) => s.pages.get(p)?.generation === s.generation);
}
