import { create } from 'zustand';
import type { ExportRequest } from '../../../shared/domain/import';
import { api } from '../api';
import { receiveDelivery } from '../files';
import { errorText, formatNumber, makeTranslate } from '../i18n/translate';
import { matchOf, useContacts } from './contacts';
import { useUi } from './ui';

export type ExportFormat = Pick<ExportRequest, 'format' | 'encoding'>;

interface ExportState {
  /** An export is being written; the toolbar button says so and takes no second one meanwhile. */
  exporting: boolean;
  /** Exports what the table shows right now (the whole base, a group or a segment, with the search). */
  exportShown: (format: ExportFormat) => Promise<void>;
}

/**
 * The contact export. It lives in a store, not in the toolbar, so that leaving the base screen (or the toolbar
 * remounting when the search is cleared) does not lose the result: the toast comes when the file is ready.
 */
export const useExport = create<ExportState>()((set, get) => ({
  exporting: false,

  async exportShown(format) {
    if (get().exporting) return;
    set({ exporting: true });
    const match = matchOf(useContacts.getState().filter);
    const res = await api.contacts.export({ match, ...format });
    set({ exporting: false });
    const ui = useUi.getState();
    const t = makeTranslate(ui.locale);
    if (!res.ok) {
      ui.showToast(t('export.failed', { message: errorText(t, res.error) }), 'error');
      return;
    }
    // `false` when the user cancelled the save dialog: they know, nothing to say.
    if (receiveDelivery(res.value)) {
      ui.showToast(t('export.done', { name: res.value.name, count: formatNumber(ui.locale, res.value.rows) }));
    }
  },
}));
