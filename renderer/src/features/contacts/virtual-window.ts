/**
 * Pure math for the virtualised contact table (fixed row height).
 *
 * Browsers cap the height of an element (Chromium ~33.5M px, Firefox ~17.8M px), so a million rows of 36 px
 * (36M px) cannot be laid out 1:1. When `total * rowHeight` exceeds `maxHeight`, the scrollable spacer is
 * `maxHeight` tall and the scroll position is mapped proportionally onto the full ("virtual") content:
 *
 *   virtualTop = scrollTop * (contentHeight - viewport) / (spacerHeight - viewport)
 *
 * Rows are then placed relative to the real scroll position, so within one scroll step they move exactly as
 * far as the scrollbar did, while the scrollbar as a whole covers every row, including the last one.
 */

export interface VirtualInput {
  /** Scroll offset of the rows area, in spacer pixels (what `element.scrollTop` reports). */
  scrollTop: number;
  /** Visible height of the rows area (without a sticky header). */
  viewportHeight: number;
  rowHeight: number;
  total: number;
  /** Extra rows rendered above and below the viewport, so fast scrolling does not show gaps. */
  overscan: number;
  /** The tallest spacer we let the browser lay out. */
  maxHeight: number;
}

export interface VirtualWindow {
  /** Height to give the scrollable spacer element. */
  spacerHeight: number;
  /** True when the scroll position is scaled (content taller than `maxHeight`). */
  scaled: boolean;
  /** Virtual content pixels per spacer pixel (1 when not scaled). */
  ratio: number;
  /** Top of the viewport in virtual content pixels. */
  virtualTop: number;
  /** First row to render (inclusive, overscan included). */
  start: number;
  /** Last row to render (exclusive, overscan included). */
  end: number;
  /** First and last-exclusive rows that are at least partly visible (no overscan). */
  visibleStart: number;
  visibleEnd: number;
  /** Spacer-pixel top of row `start`; row i sits at `startTop + (i - start) * rowHeight`. */
  startTop: number;
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(Math.max(v, lo), hi);

interface Geometry {
  contentHeight: number;
  spacerHeight: number;
  maxScroll: number;
  ratio: number;
}

function geometry(total: number, rowHeight: number, viewportHeight: number, maxHeight: number): Geometry {
  const contentHeight = Math.max(0, total) * rowHeight;
  const spacerHeight = Math.min(contentHeight, maxHeight);
  const maxScroll = Math.max(0, spacerHeight - viewportHeight);
  const virtualMax = Math.max(0, contentHeight - viewportHeight);
  // When the viewport is taller than the spacer there is nothing to scroll and nothing to scale.
  const ratio = maxScroll > 0 ? virtualMax / maxScroll : 1;
  return { contentHeight, spacerHeight, maxScroll, ratio };
}

export function computeWindow(input: VirtualInput): VirtualWindow {
  const { rowHeight, viewportHeight, overscan } = input;
  const total = Math.max(0, Math.floor(input.total));
  const g = geometry(total, rowHeight, viewportHeight, input.maxHeight);
  // The scroll position can briefly exceed the new maximum after the row count shrinks; clamp it.
  const scrollTop = clamp(input.scrollTop, 0, g.maxScroll);
  const virtualTop = scrollTop * g.ratio;

  const visibleStart = total === 0 ? 0 : clamp(Math.floor(virtualTop / rowHeight), 0, total - 1);
  const visibleEnd = clamp(Math.ceil((virtualTop + viewportHeight) / rowHeight), visibleStart, total);
  const start = Math.max(0, visibleStart - overscan);
  const end = Math.min(total, visibleEnd + overscan);
  return {
    spacerHeight: g.spacerHeight,
    scaled: g.contentHeight > input.maxHeight,
    ratio: g.ratio,
    virtualTop,
    start,
    end,
    visibleStart,
    visibleEnd,
    startTop: start * rowHeight - virtualTop + scrollTop,
  };
}

/**
 * The scroll position that brings row `index` fully into view with the smallest move (keyboard navigation),
 * or `currentScrollTop` when it is visible already.
 */
export function scrollTopForRow(
  index: number,
  currentScrollTop: number,
  params: Omit<VirtualInput, 'scrollTop' | 'overscan'>,
): number {
  const { rowHeight, viewportHeight } = params;
  const g = geometry(params.total, rowHeight, viewportHeight, params.maxHeight);
  const current = clamp(currentScrollTop, 0, g.maxScroll);
  const virtualTop = current * g.ratio;
  const rowTop = index * rowHeight;
  const rowBottom = rowTop + rowHeight;
  if (rowTop < virtualTop) {
    // Align the row's top with the viewport's top; floor so the row is not cut off when scaled.
    return clamp(Math.floor(rowTop / g.ratio), 0, g.maxScroll);
  }
  if (rowBottom > virtualTop + viewportHeight) {
    return clamp(Math.ceil((rowBottom - viewportHeight) / g.ratio), 0, g.maxScroll);
  }
  return current;
}

/** Which page indices (of `pageSize` rows) cover rows [start, end). */
export function pagesForRange(start: number, end: number, pageSize: number): number[] {
  if (end <= start) return [];
  const first = Math.floor(start / pageSize);
  const last = Math.floor((end - 1) / pageSize);
  const pages: number[] = [];
  for (let p = first; p <= last; p++) pages.push(p);
  return pages;
}
