import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type MouseEvent,
} from 'react';
import type { Contact } from '../../../../shared/domain/contact';
import { errorText, type MessageKey } from '../../i18n/translate';
import { useT } from '../../i18n/use-t';
import { idsBetween, PAGE_SIZE, pagesReady, rowAt, useContacts } from '../../stores/contacts';
import { useUi } from '../../stores/ui';
import { ContactRow, ROW_HEIGHT } from './ContactRow';
import { SelectionBar, selectAllMatches } from './SelectionBar';
import { emptySelection, isEmptySelection, isSelected, selectionCount, withIds } from './selection';
import { computeWindow, pagesForRange, scrollTopForRow } from './virtual-window';

const HEADER_HEIGHT = 40;
const OVERSCAN = 10;
/** Tallest spacer we ask the browser to lay out; beyond it the scroll position is scaled (see virtual-window). */
const MAX_SPACER_HEIGHT = 8_000_000;
const COLUMNS: readonly MessageKey[] = ['table.name', 'table.phone', 'table.email', 'table.groups', 'table.optOut'];

export function ContactTable() {
  const t = useT();
  const scrollRef = useRef<HTMLDivElement>(null);
  const headerCheckRef = useRef<HTMLInputElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [clientHeight, setClientHeight] = useState(0);

  const total = useContacts((s) => s.total);
  const exact = useContacts((s) => s.exact);
  const pages = useContacts((s) => s.pages);
  const generation = useContacts((s) => s.generation);
  const totalGeneration = useContacts((s) => s.totalGeneration);
  const error = useContacts((s) => s.error);
  const filter = useContacts((s) => s.filter);
  const want = useContacts((s) => s.want);
  const retry = useContacts((s) => s.retry);

  const selection = useUi((s) => s.selection);
  const activeIndex = useUi((s) => s.activeIndex);
  const cardId = useUi((s) => s.cardId);

  // ResizeObserver reports the initial size right after observe(), then every change.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setClientHeight(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // A new filter lists different rows: start from the top (state now, the element right after render).
  const [shownFilter, setShownFilter] = useState(filter);
  if (shownFilter !== filter) {
    setShownFilter(filter);
    setScrollTop(0);
  }
  useLayoutEffect(() => {
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
  }, [filter]);

  const rowCount = total ?? 0;
  const viewportHeight = Math.max(0, clientHeight - HEADER_HEIGHT);
  const geometry = { viewportHeight, rowHeight: ROW_HEIGHT, total: rowCount, maxHeight: MAX_SPACER_HEIGHT };
  const win = computeWindow({ ...geometry, scrollTop, overscan: OVERSCAN });

  const visiblePages = pagesForRange(win.visibleStart, win.visibleEnd, PAGE_SIZE);
  // Visible pages first (they decide readiness), then the overscan ones; always at least the page at the top,
  // so an empty list still asks the core for its (new) total after a change.
  const wanted = [...new Set([...visiblePages, ...pagesForRange(win.start, win.end, PAGE_SIZE)])];
  if (wanted.length === 0) wanted.push(Math.floor(win.visibleStart / PAGE_SIZE));
  const wantedKey = wanted.join(',');
  useEffect(() => {
    want(wantedKey.split(',').map(Number));
  }, [wantedKey, want]);

  const ready = total !== null && pagesReady({ pages, generation, totalGeneration }, visiblePages);

  const visibleIds = useMemo(() => {
    const ids: number[] = [];
    for (let i = win.visibleStart; i < win.visibleEnd; i++) {
      const row = rowAt(pages, i);
      if (row) ids.push(row.id);
    }
    return ids;
  }, [pages, win.visibleStart, win.visibleEnd]);
  const totalInfo = { total, exact };
  const nothingSelected = isEmptySelection(selection, totalInfo);
  const selectedVisible = visibleIds.filter((id) => isSelected(selection, id)).length;
  const allVisibleSelected = visibleIds.length > 0 && selectedVisible === visibleIds.length;
  // "All N" with a few rows unticked again is a partial selection as well, even when every visible row is ticked.
  const partial =
    !nothingSelected &&
    (selection.mode === 'match' ? selection.except.size > 0 : !allVisibleSelected || selectedVisible === 0);
  const headerChecked = selection.mode === 'match' ? !nothingSelected && !partial : allVisibleSelected;
  useEffect(() => {
    if (headerCheckRef.current) headerCheckRef.current.indeterminate = partial;
  }, [partial]);
  // Offered once a whole screenful is ticked by hand and the list holds more than that.
  const offerAll =
    selection.mode === 'ids' && allVisibleSelected && total !== null && (!exact || total > selection.ids.size);

  // The header box ticks or unticks the visible rows; with "all N" selected it unticks everything, as in a mail
  // client, since nobody means "all but the rows on screen".
  const toggleVisible = () => {
    const ui = useUi.getState();
    if (selection.mode === 'match') ui.setSelection(emptySelection);
    else ui.setSelection(withIds(selection, visibleIds, !allVisibleSelected));
  };

  /** Shift-click: select (or, starting from a selected row, unselect) every loaded row from the anchor. */
  const selectRange = useCallback((index: number, contact: Contact) => {
    const ui = useUi.getState();
    const anchor = ui.anchorIndex ?? index;
    const ids = idsBetween(useContacts.getState().pages, anchor, index);
    ui.setSelection(withIds(ui.selection, ids, !isSelected(ui.selection, contact.id)));
  }, []);

  const onCheckClick = useCallback(
    (e: MouseEvent, index: number, contact: Contact) => {
      e.stopPropagation();
      const ui = useUi.getState();
      if (e.shiftKey && ui.anchorIndex !== null) selectRange(index, contact);
      else ui.toggleSelected(contact.id, index);
      ui.setActiveIndex(index);
    },
    [selectRange],
  );

  const onRowClick = useCallback(
    (e: MouseEvent, index: number, contact: Contact) => {
      const ui = useUi.getState();
      ui.setActiveIndex(index);
      if (e.shiftKey && ui.anchorIndex !== null) selectRange(index, contact);
      else if (e.ctrlKey || e.metaKey) ui.toggleSelected(contact.id, index);
      else {
        ui.setSelection(ui.selection, index);
        ui.openCard(contact.id);
      }
      scrollRef.current?.focus({ preventScroll: true });
    },
    [selectRange],
  );

  const moveActive = (index: number) => {
    const el = scrollRef.current;
    if (!el || rowCount === 0) return;
    const next = Math.min(Math.max(index, 0), rowCount - 1);
    useUi.getState().setActiveIndex(next);
    const top = scrollTopForRow(next, el.scrollTop, geometry);
    if (top !== el.scrollTop) el.scrollTop = top;
  };

  const onKeyDown = (e: KeyboardEvent) => {
    // Keys pressed on a control inside the grid (header checkbox, selection actions) belong to that control.
    if (e.target !== e.currentTarget) return;
    const current = activeIndex ?? win.visibleStart - 1;
    const pageRows = Math.max(1, Math.floor(viewportHeight / ROW_HEIGHT) - 1);
    const contact = activeIndex === null ? undefined : rowAt(pages, activeIndex);
    // Ctrl+A / Cmd+A selects the whole list, rows never scrolled to included, as in a mail client.
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'a') {
      if (rowCount > 0) selectAllMatches();
      e.preventDefault();
      return;
    }
    switch (e.key) {
      case 'ArrowDown':
        moveActive(current + 1);
        break;
      case 'ArrowUp':
        moveActive(activeIndex === null ? win.visibleStart : current - 1);
        break;
      case 'PageDown':
        moveActive(current + pageRows);
        break;
      case 'PageUp':
        moveActive(current - pageRows);
        break;
      case 'Home':
        moveActive(0);
        break;
      case 'End':
        moveActive(rowCount - 1);
        break;
      case 'Enter':
        if (contact) useUi.getState().openCard(contact.id);
        break;
      case ' ':
        if (contact && activeIndex !== null) {
          if (e.shiftKey && useUi.getState().anchorIndex !== null) selectRange(activeIndex, contact);
          else useUi.getState().toggleSelected(contact.id, activeIndex);
        }
        break;
      case 'Escape':
        // First Escape drops the selection, the next one closes the card.
        if (!nothingSelected) useUi.getState().clearSelection();
        else if (cardId !== null) useUi.getState().openCard(null);
        else return;
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  // Rows sit at fixed offsets from an anchor that only moves every PAGE_SIZE rows; scrolling moves the one
  // wrapper instead, so memoised rows do not re-render on every scroll event (in scaled mode every row's
  // absolute position changes with each pixel).
  const anchor = Math.floor(win.start / PAGE_SIZE) * PAGE_SIZE;
  const wrapperTop = win.startTop + (anchor - win.start) * ROW_HEIGHT;
  const rows = [];
  for (let i = win.start; i < win.end; i++) {
    const contact = rowAt(pages, i);
    rows.push(
      <ContactRow
        key={i}
        index={i}
        top={(i - anchor) * ROW_HEIGHT}
        contact={contact}
        // A row not loaded yet is still selected under "all N": the core will act on it.
        selected={contact ? isSelected(selection, contact.id) : selection.mode === 'match'}
        active={i === activeIndex || (contact !== undefined && contact.id === cardId)}
        t={t}
        onRowClick={onRowClick}
        onCheckClick={onCheckClick}
      />,
    );
  }

  const empty = ready && rowCount === 0;
  const searching = filter.query.trim() !== '' || filter.groupId !== null || filter.segmentId !== null;

  return (
    <div
      ref={scrollRef}
      className="table-scroll"
      role="grid"
      aria-rowcount={rowCount + 1}
      aria-multiselectable="true"
      aria-busy={!ready}
      aria-activedescendant={activeIndex !== null && rowAt(pages, activeIndex) ? `row-${activeIndex}` : undefined}
      tabIndex={0}
      data-testid="contact-table"
      data-ready={ready ? 'true' : 'false'}
      data-total={total ?? ''}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      onKeyDown={onKeyDown}
    >
      <div
        className={nothingSelected ? 'grid-row table-header' : 'grid-row table-header has-selection'}
        role="row"
        aria-rowindex={1}
      >
        <span className="cell cell-check" role="columnheader">
          <input
            ref={headerCheckRef}
            type="checkbox"
            checked={headerChecked}
            disabled={visibleIds.length === 0}
            aria-label={t('table.selectVisible')}
            title={t('table.selectVisible')}
            data-testid="select-visible"
            onChange={toggleVisible}
          />
        </span>
        {nothingSelected ? (
          COLUMNS.map((key) => (
            <span key={key} className="cell" role="columnheader">
              {t(key)}
            </span>
          ))
        ) : (
          <SelectionBar count={selectionCount(selection, totalInfo)} offerAll={offerAll} />
        )}
      </div>
      <div className="table-spacer" style={{ height: win.spacerHeight }} role="rowgroup">
        <div className="table-rows" style={{ transform: `translateY(${wrapperTop}px)` }}>
          {rows}
        </div>
      </div>
      {empty && !error && (
        <div className="table-empty" data-testid="table-empty">
          <p className="table-empty-title">{searching ? t('table.noMatches') : t('table.empty')}</p>
          <p className="muted">{searching ? t('table.noMatchesHint') : t('table.emptyHint')}</p>
          {!searching && (
            <button
              type="button"
              className="button table-empty-action"
              data-testid="empty-import"
              onClick={() => useUi.getState().setScreen('import')}
            >
              {t('table.emptyImport')}
            </button>
          )}
        </div>
      )}
      {error && (
        <div className="table-empty" role="alert" data-testid="table-error">
          <p className="table-empty-title">{t('table.loadError', { message: errorText(t, error) })}</p>
          <button type="button" className="button" onClick={retry}>
            {t('table.retry')}
          </button>
        </div>
      )}
    </div>
  );
}
