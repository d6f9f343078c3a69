import { create } from 'zustand';
import type { Channel } from '../../../shared/domain/channels';
import type { Group, Segment, SegmentFilter, Target } from '../../../shared/domain/contact';
import type { Account, ProviderId } from '../../../shared/domain/providers';
import type { Locale } from '../../../shared/ipc/contract';
import { api } from '../api';
import { emptySelection, toggled, type Selection, type SelectionCount } from '../features/contacts/selection';

/** Whom a bulk dialog acts on, with the count it names (a lower bound when `count.exact` is false). */
export interface Bulk {
  target: Target;
  count: SelectionCount;
}

/** The screen in the main area (the sidebar stays). */
export type Screen = 'base' | 'import' | 'test' | 'campaigns' | 'settings';

/** Which slice of the base the table shows. */
export type View = { kind: 'all' } | { kind: 'group'; id: number } | { kind: 'segment'; id: number };

/** At most one modal dialog is open; the card panel is not modal and can stay open underneath. */
export type Dialog =
  | { kind: 'contact-form'; contactId: number | null }
  | { kind: 'delete-contacts'; bulk: Bulk; name: string | null }
  | { kind: 'add-to-group'; bulk: Bulk }
  | { kind: 'group-form'; group: Group | null }
  | { kind: 'delete-group'; group: Group }
  | { kind: 'save-segment'; filter: SegmentFilter }
  | { kind: 'delete-segment'; segment: Segment }
  | { kind: 'opt-out'; contactId: number; channel: Channel; optedOut: boolean }
  /** A new provider account (accountId null; `provider` skips the choice) or changing one. */
  | { kind: 'account-form'; accountId: number | null; provider?: ProviderId }
  | { kind: 'delete-account'; account: Account }
  /** "Отправить сообщение" on a contact card. */
  | { kind: 'send-message'; contactId: number };

export interface Toast {
  id: number;
  text: string;
  tone: 'info' | 'error';
}

interface UiState {
  locale: Locale;
  screen: Screen;
  view: View;
  /** The search text as applied to the list (already debounced by the toolbar). */
  query: string;
  /** Bumped to empty the search box from outside the toolbar (it keeps its own text while typing). */
  searchEpoch: number;
  selection: Selection;
  /** Row index where the last plain click landed: the start of a shift-click range. */
  anchorIndex: number | null;
  /** Row index of the keyboard cursor. */
  activeIndex: number | null;
  cardId: number | null;
  dialog: Dialog | null;
  toast: Toast | null;

  setLocale: (locale: Locale, persist?: boolean) => void;
  setScreen: (screen: Screen) => void;
  setView: (view: View) => void;
  setQuery: (query: string) => void;
  clearSearch: () => void;
  setSelection: (selection: Selection, anchorIndex?: number | null) => void;
  toggleSelected: (id: number, anchorIndex: number) => void;
  clearSelection: () => void;
  setActiveIndex: (index: number | null) => void;
  openCard: (id: number | null) => void;
  openDialog: (dialog: Dialog) => void;
  closeDialog: () => void;
  showToast: (text: string, tone?: Toast['tone']) => void;
  dismissToast: (id: number) => void;
}

let toastSeq = 0;

const resetSelection = { selection: emptySelection, anchorIndex: null, activeIndex: null };

export const useUi = create<UiState>()((set, get) => ({
  locale: 'ru',
  screen: 'base',
  view: { kind: 'all' },
  query: '',
  searchEpoch: 0,
  selection: emptySelection,
  anchorIndex: null,
  activeIndex: null,
  cardId: null,
  dialog: null,
  toast: null,

  setLocale(locale, persist = true) {
    // A notice written in the old language would look like a glitch after the switch.
    set({ locale, toast: null });
    document.documentElement.lang = locale;
    if (persist) {
      void api.settings.set({ locale }).then((res) => {
        if (!res.ok) get().showToast(res.error.message, 'error');
      });
    }
  },
  setScreen(screen) {
    // A modal never outlives the screen that opened it; the card stays open for the way back.
    if (screen !== get().screen) set({ screen, dialog: null });
  },
  // Changing what is listed drops the selection: acting on rows the user can no longer see would be a trap, and
  // a "select all" selection is the old filter itself. Picking a group or segment in the sidebar shows the base.
  setView(view) {
    set({ view, screen: 'base', ...resetSelection });
  },
  setQuery(query) {
    if (query !== get().query) set({ query, ...resetSelection });
  },
  clearSearch() {
    set((s) => ({ query: '', searchEpoch: s.searchEpoch + 1, ...resetSelection }));
  },
  setSelection(selection, anchorIndex) {
    set((s) => ({ selection, anchorIndex: anchorIndex === undefined ? s.anchorIndex : anchorIndex }));
  },
  toggleSelected(id, anchorIndex) {
    set((s) => ({ selection: toggled(s.selection, id), anchorIndex }));
  },
  clearSelection() {
    set({ selection: emptySelection, anchorIndex: null });
  },
  setActiveIndex(index) {
    set({ activeIndex: index });
  },
  openCard(id) {
    set({ cardId: id });
  },
  openDialog(dialog) {
    set({ dialog });
  },
  closeDialog() {
    set({ dialog: null });
  },
  showToast(text, tone = 'info') {
    set({ toast: { id: ++toastSeq, text, tone } });
  },
  dismissToast(id) {
    if (get().toast?.id === id) set({ toast: null });
  },
}));

/** Loads the saved language once at start-up; on failure the app simply stays in Russian. */
export async function loadSettings(): Promise<void> {
  const res = await api.settings.get({});
  if (res.ok) useUi.getState().setLocale(res.value.locale, false);
  else document.documentElement.lang = useUi.getState().locale;
}
