import { describe, expect, it } from 'vitest';
import {
  emptySelection,
  isEmptySelection,
  isSelected,
  selectIds,
  selectionCount,
  selectMatch,
  targetOf,
  toggled,
  withIds,
  withoutIds,
} from '../../../renderer/src/features/contacts/selection';

const match = { query: 'Иванов', groupId: 3, segmentId: null };
const exactly = (total: number) => ({ total, exact: true });

describe('selection: ticked rows', () => {
  it('ticks, unticks and counts ids', () => {
    let s = toggled(emptySelection, 5);
    s = withIds(s, [6, 7], true);
    expect([5, 6, 7, 8].map((id) => isSelected(s, id))).toEqual([true, true, true, false]);
    s = withIds(toggled(s, 5), [7], false);
    expect(selectionCount(s, exactly(100))).toEqual({ count: 1, exact: true });
    expect(targetOf(s)).toEqual({ ids: [6] });
  });

  it('is empty with no ids, and then has no target (the contract wants at least one id)', () => {
    expect(isEmptySelection(emptySelection, exactly(10))).toBe(true);
    expect(targetOf(emptySelection)).toBeNull();
    expect(isEmptySelection(selectIds([1]), exactly(10))).toBe(false);
  });

  it('forgets deleted rows', () => {
    expect(targetOf(withoutIds(selectIds([1, 2, 3]), new Set([2])))).toEqual({ ids: [1, 3] });
  });
});

describe('selection: all matches', () => {
  it('selects every row, loaded or not, until it is unticked', () => {
    const s = toggled(selectMatch(match), 42);
    expect(isSelected(s, 1)).toBe(true);
    expect(isSelected(s, 999_999)).toBe(true);
    expect(isSelected(s, 42)).toBe(false);
    expect(isSelected(toggled(s, 42), 42)).toBe(true);
  });

  it('counts the total minus the unticked rows, and carries a capped total as a lower bound', () => {
    const s = withIds(selectMatch(match), [1, 2, 3], false);
    expect(selectionCount(s, exactly(100_000))).toEqual({ count: 99_997, exact: true });
    expect(selectionCount(s, { total: 10_000, exact: false })).toEqual({ count: 9_997, exact: false });
    expect(selectionCount(s, { total: null, exact: true })).toEqual({ count: 0, exact: true });
  });

  it('targets the filter with its exceptions, never a list of every id', () => {
    const s = withIds(selectMatch(match), [7, 8], false);
    expect(targetOf(s)).toEqual({ match, except: [7, 8] });
    // Ticking an exception again takes it out of the list.
    expect(targetOf(withIds(s, [8], true))).toEqual({ match, except: [7] });
    expect(targetOf(selectMatch(match))).toEqual({ match, except: [] });
  });

  it('is empty once every row of an exact list is unticked, but not while the total is capped or unknown', () => {
    const s = withIds(selectMatch(match), [1, 2], false);
    expect(isEmptySelection(s, exactly(2))).toBe(true);
    expect(isEmptySelection(s, exactly(3))).toBe(false);
    expect(isEmptySelection(s, { total: 2, exact: false })).toBe(false);
    expect(isEmptySelection(s, { total: null, exact: true })).toBe(false);
  });

  it('drops deleted rows from the exceptions, so the count stays right', () => {
    const s = withoutIds(withIds(selectMatch(match), [1, 2], false), new Set([2]));
    expect(targetOf(s)).toEqual({ match, except: [1] });
  });
});
