import { create } from 'zustand';
import type { CampaignStatusView } from '../../../shared/domain/campaigns';
import type { ResultError } from '../../../shared/ipc/result';
import { api } from '../api';
import { noticeFor } from '../features/campaigns/campaign-view';
import { makeTranslate } from '../i18n/translate';
import { useUi } from './ui';

/** What the "Рассылки" screen shows: the list, the compose form, or one campaign (draft or running). */
export type CampaignsView = { kind: 'list' } | { kind: 'compose' } | { kind: 'campaign'; id: number };

interface CampaignsState {
  items: CampaignStatusView[];
  loaded: boolean;
  error: ResultError | null;
  view: CampaignsView;

  load: () => Promise<void>;
  setView: (view: CampaignsView) => void;
  /** A campaign the UI just created or acted on, shown at once (the list refetch follows with db:changed). */
  upsert: (c: CampaignStatusView) => void;
}

let seq = 0;

/** A toast when a campaign finished, stopped by itself or missed its time while the app was open. */
function announce(before: readonly CampaignStatusView[], after: readonly CampaignStatusView[]): void {
  const old = new Map(before.map((c) => [c.id, c]));
  const ui = useUi.getState();
  const t = makeTranslate(ui.locale);
  for (const c of after) {
    const notice = noticeFor(old.get(c.id), c);
    if (!notice) continue;
    const key =
      notice === 'finished'
        ? 'campaigns.notice.finished'
        : notice === 'paused'
          ? 'campaigns.notice.paused'
          : 'campaigns.notice.missed';
    ui.showToast(t(key, { name: c.name }), notice === 'finished' ? 'info' : 'error');
  }
}

export const useCampaigns = create<CampaignsState>()((set, get) => ({
  items: [],
  loaded: false,
  error: null,
  view: { kind: 'list' },

  async load() {
    const mine = ++seq;
    const res = await api.campaigns.list({});
    if (mine !== seq) return;
    if (!res.ok) {
      set({ loaded: true, error: res.error });
      return;
    }
    const before = get().items;
    const wasLoaded = get().loaded;
    set({ items: res.value, loaded: true, error: null });
    if (wasLoaded) announce(before, res.value);
  },
  setView(view) {
    set({ view });
  },
  upsert(c) {
    set((s) => {
      const i = s.items.findIndex((x) => x.id === c.id);
      if (i < 0) return { items: [c, ...s.items] };
      const items = [...s.items];
      items[i] = c;
      return { items };
    });
  },
}));
