import { describe, expect, it } from 'vitest';
import { computeWindow, pagesForRange, scrollTopForRow } from '../../../renderer/src/features/contacts/virtual-window';

const base = { rowHeight: 40, viewportHeight: 400, overscan: 5, maxHeight: 8_000_000 };

describe('computeWindow without scaling', () => {
  it('lays out rows 1:1 when the content fits under the cap', () => {
    const w = computeWindow({ ...base, total: 1000, scrollTop: 0 });
    expect(w.scaled).toBe(false);
    expect(w.ratio).toBe(1);
    expect(w.spacerHeight).toBe(40_000);
    expect([w.visibleStart, w.visibleEnd]).toEqual([0, 10]);
    expect([w.start, w.end]).toEqual([0, 15]);
    expect(w.startTop).toBe(0);
  });

  it('positions rows at index * rowHeight in the middle of the list', () => {
    const w = computeWindow({ ...base, total: 1000, scrollTop: 4020 });
    expect(w.visibleStart).toBe(100); // row 100 starts at 4000 and is partly visible
    expect(w.visibleEnd).toBe(111);
    expect(w.start).toBe(95);
    expect(w.startTop).toBe(95 * 40);
  });

  it('handles an empty list and a list shorter than the viewport', () => {
    const empty = computeWindow({ ...base, total: 0, scrollTop: 0 });
    expect([empty.start, empty.end, empty.visibleStart, empty.visibleEnd, empty.spacerHeight]).toEqual([0, 0, 0, 0, 0]);
    const short = computeWindow({ ...base, total: 3, scrollTop: 500 });
    expect([short.start, short.end]).toEqual([0, 3]);
    expect(short.startTop).toBe(0);
  });

  it('clamps a scroll position left over from a longer list', () => {
    const w = computeWindow({ ...base, total: 20, scrollTop: 100_000 });
    expect(w.visibleEnd).toBe(20);
    expect(w.visibleStart).toBe(10); // max scroll = 800 - 400
    expect(w.startTop).toBe(w.start * 40);
  });
});

describe('computeWindow with scaling (1,000,000 rows)', () => {
  const total = 1_000_000;
  const contentHeight = total * 40;
  const maxScroll = base.maxHeight - base.viewportHeight;

  it('caps the spacer and reports the ratio', () => {
    const w = computeWindow({ ...base, total, scrollTop: 0 });
    expect(w.scaled).toBe(true);
    expect(w.spacerHeight).toBe(base.maxHeight);
    expect(w.ratio).toBeCloseTo((contentHeight - base.viewportHeight) / maxScroll, 10);
    expect(w.visibleStart).toBe(0);
    expect(w.startTop).toBe(0);
  });

  it('reaches the very last row at the bottom of the scrollbar', () => {
    const w = computeWindow({ ...base, total, scrollTop: maxScroll });
    expect(w.visibleEnd).toBe(total);
    expect(w.visibleStart).toBe(total - 10);
    // The last row's bottom sits exactly at the bottom of the viewport.
    const lastTop = w.startTop + (total - 1 - w.start) * 40;
    expect(lastTop + 40).toBeCloseTo(maxScroll + base.viewportHeight, 6);
  });

  it('maps the middle of the scrollbar to the middle of the list', () => {
    const w = computeWindow({ ...base, total, scrollTop: maxScroll / 2 });
    expect(Math.abs(w.visibleStart - (total - 10) / 2)).toBeLessThanOrEqual(1);
  });

  it('keeps rendered rows within the spacer near the viewport', () => {
    for (const scrollTop of [0, 1, 12_345, 3_999_999.5, maxScroll - 1, maxScroll]) {
      const w = computeWindow({ ...base, total, scrollTop });
      const visibleTop = w.startTop + (w.visibleStart - w.start) * 40;
      // The first visible row starts at most one row above the viewport top, never below it.
      expect(visibleTop).toBeLessThanOrEqual(scrollTop + 1e-6);
      expect(visibleTop).toBeGreaterThan(scrollTop - 40);
      expect(w.end - w.start).toBeLessThanOrEqual(10 + 1 + 2 * base.overscan);
    }
  });

  it('moves rows by exactly the scrolled distance within a row', () => {
    const a = computeWindow({ ...base, total, scrollTop: 1000 });
    const b = computeWindow({ ...base, total, scrollTop: 1001 });
    // Same row drawn at most `ratio` pixels apart: smooth, monotonic scrolling.
    const rowTopA = a.startTop + (a.visibleStart + 3 - a.start) * 40;
    const rowTopB = b.startTop + (a.visibleStart + 3 - b.start) * 40;
    expect(rowTopB).toBeLessThan(rowTopA);
    expect(rowTopA - rowTopB).toBeCloseTo(a.ratio - 1, 6);
  });

  it('handles the contract maximum of 100,000,000 rows', () => {
    const w = computeWindow({ ...base, total: 100_000_000, scrollTop: maxScroll });
    expect(w.visibleEnd).toBe(100_000_000);
    expect(w.spacerHeight).toBe(base.maxHeight);
  });
});

describe('scrollTopForRow', () => {
  const geometry = { rowHeight: 40, viewportHeight: 400, maxHeight: 8_000_000 };

  it('does not move when the row is visible', () => {
    expect(scrollTopForRow(5, 0, { ...geometry, total: 100 })).toBe(0);
  });

  it('scrolls down just enough to show a row below the viewport', () => {
    expect(scrollTopForRow(10, 0, { ...geometry, total: 100 })).toBe(40);
  });

  it('scrolls up to align a row above the viewport with the top', () => {
    expect(scrollTopForRow(3, 2000, { ...geometry, total: 100 })).toBe(120);
  });

  it('brings any row fully into view when the position is scaled', () => {
    const total = 1_000_000;
    for (const index of [0, 1, 777_777, 500_000, total - 1]) {
      for (const from of [0, 4_000_000]) {
        const top = scrollTopForRow(index, from, { ...geometry, total });
        const w = computeWindow({ ...geometry, total, overscan: 0, scrollTop: top });
        const rowTop = w.startTop + (index - w.start) * 40;
        expect(index).toBeGreaterThanOrEqual(w.start);
        expect(index).toBeLessThan(w.end);
        expect(rowTop).toBeGreaterThanOrEqual(top - 1e-6);
        expect(rowTop + 40).toBeLessThanOrEqual(top + geometry.viewportHeight + 1e-6);
      }
    }
  });
});

describe('pagesForRange', () => {
  it('lists the pages covering a row range', () => {
    expect(pagesForRange(0, 0, 100)).toEqual([]);
    expect(pagesForRange(0, 1, 100)).toEqual([0]);
    expect(pagesForRange(95, 115, 100)).toEqual([0, 1]);
    expect(pagesForRange(100, 200, 100)).toEqual([1]);
    expect(pagesForRange(999_990, 1_000_000, 100)).toEqual([9_999]);
  });
});
