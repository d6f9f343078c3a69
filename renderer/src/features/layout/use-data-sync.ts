import { useEffect } from 'react';
import { api } from '../../api';
import { useCampaigns } from '../../stores/campaigns';
import { useChannels } from '../../stores/channels';
import { useContacts } from '../../stores/contacts';
import { useGroups } from '../../stores/groups';
import { useUi } from '../../stores/ui';

/** Tables whose change can alter a row of the contact table (names, addresses, group chips, opt-out badges). */
const CONTACT_TABLES = new Set(['contacts', 'groups', 'contact_groups', 'opt_outs', 'consents']);
/** Tables whose change can alter group sizes in the sidebar. */
const GROUP_TABLES = new Set(['groups', 'contact_groups', 'contacts']);
/**
 * A bulk write (an import) emits many events in a row; they are coalesced so the screen refetches once per
 * burst instead of once per event.
 */
const COALESCE_MS = 50;

/** Keeps what is on screen in step with the list filter and with `db:changed` events from the core. */
export function useDataSync(): void {
  const view = useUi((s) => s.view);
  const query = useUi((s) => s.query);
  const setFilter = useContacts((s) => s.setFilter);

  useEffect(() => {
    setFilter({
      query,
      groupId: view.kind === 'group' ? view.id : null,
      segmentId: view.kind === 'segment' ? view.id : null,
    });
  }, [view, query, setFilter]);

  useEffect(() => {
    const groups = useGroups.getState();
    void groups.loadGroups();
    void groups.loadSegments();
    void groups.loadAllCount();
    const channels = useChannels.getState();
    void channels.loadAccounts();
    void channels.loadSecrets();
    void channels.loadMessages();
    // Campaigns are followed on every screen: one that finishes or stops while another screen is shown says so.
    void useCampaigns.getState().load();

    const pending = new Set<string>();
    let timer: number | null = null;
    const flush = () => {
      timer = null;
      const tables = [...pending];
      pending.clear();
      const g = useGroups.getState();
      if (tables.some((tb) => CONTACT_TABLES.has(tb))) useContacts.getState().invalidate();
      if (tables.some((tb) => GROUP_TABLES.has(tb))) void g.loadGroups();
      if (tables.includes('contacts')) void g.loadAllCount();
      if (tables.includes('segments')) void g.loadSegments();
      // Provider accounts (settings, checks) and single messages (test sends, statuses).
      if (tables.includes('accounts')) void useChannels.getState().loadAccounts();
      if (tables.includes('messages')) void useChannels.getState().loadMessages();
      // Campaign states and outbox counts (the dispatcher reports every round it sends).
      if (tables.includes('campaigns') || tables.includes('outbox')) void useCampaigns.getState().load();
    };
    const off = api.on('db:changed', ({ tables }) => {
      for (const tb of tables) pending.add(tb);
      timer ??= window.setTimeout(flush, COALESCE_MS);
    });
    return () => {
      off();
      if (timer !== null) window.clearTimeout(timer);
    };
  }, []);
}
