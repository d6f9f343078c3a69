import type { Match, Target } from '../../../../shared/domain/contact';

/**
 * What the user has ticked in the contact table, as plain data (unit-tested, no React).
 *
 * - `ids`: rows ticked one by one (or a screenful at a time); only loaded rows can be in it.
 * - `match`: "select all N", as a mail client does it. We never hold N ids: the selection is the table's filter
 *   plus the rows unticked since, and the core resolves it when an action runs, so rows that were never loaded
 *   count as selected too.
 */
export type Selection =
  { mode: 'ids'; ids: ReadonlySet<number> } | { mode: 'match'; match: Match; except: ReadonlySet<number> };

/** The table's size as the list reports it; `exact` false means `total` is a lower bound. */
export interface TotalInfo {
  total: number | null;
  exact: boolean;
}

/** How many rows a selection holds: `exact` false when it is "all matches" of a capped search. */
export interface SelectionCount {
  count: number;
  exact: boolean;
}

export const emptySelection: Selection = { mode: 'ids', ids: new Set() };

export const selectIds = (ids: Iterable<number>): Selection => ({ mode: 'ids', ids: new Set(ids) });

export const selectMatch = (match: Match): Selection => ({ mode: 'match', match, except: new Set() });

export function isSelected(s: Selection, id: number): boolean {
  return s.mode === 'ids' ? s.ids.has(id) : !s.except.has(id);
}

/** Ticks (`on`) or unticks every id given; in match mode that edits the exceptions instead. */
export function withIds(s: Selection, ids: Iterable<number>, on: boolean): Selection {
  // In match mode "selected" means "not excepted", so ticking removes from the set and unticking adds to it.
  const add = s.mode === 'ids' ? on : !on;
  const next = new Set(s.mode === 'ids' ? s.ids : s.except);
  for (const id of ids) {
    if (add) next.add(id);
    else next.delete(id);
  }
  return s.mode === 'ids' ? { mode: 'ids', ids: next } : { ...s, except: next };
}

export function toggled(s: Selection, id: number): Selection {
  return withIds(s, [id], !isSelected(s, id));
}

/** Forgets rows that no longer exist, so they neither stay ticked nor skew the "all but N" count. */
export function withoutIds(s: Selection, gone: ReadonlySet<number>): Selection {
  const keep = (set: ReadonlySet<number>) => new Set([...set].filter((id) => !gone.has(id)));
  return s.mode === 'ids' ? { mode: 'ids', ids: keep(s.ids) } : { ...s, except: keep(s.except) };
}

export function selectionCount(s: Selection, info: TotalInfo): SelectionCount {
  if (s.mode === 'ids') return { count: s.ids.size, exact: true };
  return { count: Math.max(0, (info.total ?? 0) - s.except.size), exact: info.exact };
}

/**
 * True when nothing is ticked. A match selection whose every row was unticked again is empty too, but only
 * when the total is exact (an inexact one still holds the rows past the cap) and known.
 */
export function isEmptySelection(s: Selection, info: TotalInfo): boolean {
  if (s.mode === 'ids') return s.ids.size === 0;
  return info.total !== null && info.exact && s.except.size >= info.total;
}

/** The contract's bulk-action target; null when there is nothing to act on. */
export function targetOf(s: Selection): Target | null {
  if (s.mode === 'ids') return s.ids.size === 0 ? null : { ids: [...s.ids] };
  return { match: s.match, except: [...s.except] };
}
