import { api } from '../../api';
import { Icon } from '../../components/Icon';
import { errorText, formatNumber } from '../../i18n/translate';
import { useT } from '../../i18n/use-t';
import { groupName, useGroups } from '../../stores/groups';
import { useUi } from '../../stores/ui';

/**
 * Actions on the selected rows. It takes the place of the column titles in the sticky table header while
 * anything is selected, so it is always in view and appearing does not shift the table.
 */
export function SelectionBar() {
  const t = useT();
  const locale = useUi((s) => s.locale);
  const selection = useUi((s) => s.selection);
  const view = useUi((s) => s.view);
  const openDialog = useUi((s) => s.openDialog);
  const clearSelection = useUi((s) => s.clearSelection);
  const groups = useGroups((s) => s.groups);

  const ids = [...selection];
  const count = formatNumber(locale, ids.length);
  const currentGroup = view.kind === 'group' ? { id: view.id, name: groupName(groups, view.id) ?? '' } : null;

  const removeFromGroup = async () => {
    if (!currentGroup) return;
    const res = await api.groups.removeContacts({ groupId: currentGroup.id, target: { ids } });
    const ui = useUi.getState();
    if (!res.ok) {
      ui.showToast(errorText(t, res.error), 'error');
      return;
    }
    ui.clearSelection();
    ui.showToast(
      t('toast.removedFromGroup', { name: currentGroup.name, count: formatNumber(locale, res.value.removed) }),
    );
  };

  return (
    <div
      className="selection-bar"
      role="toolbar"
      aria-label={t('toolbar.selected', { count })}
      data-testid="selection-bar"
    >
      <span className="selection-count">{t('toolbar.selected', { count })}</span>
      <button
        type="button"
        className="button button-sm"
        data-testid="add-to-group"
        onClick={() => openDialog({ kind: 'add-to-group', ids })}
      >
        <Icon name="folder" size={15} />
        {t('toolbar.addToGroup')}
      </button>
      {currentGroup && (
        <button
          type="button"
          className="button button-sm"
          data-testid="remove-from-group"
          onClick={() => void removeFromGroup()}
        >
          <Icon name="minus" size={15} />
          {t('toolbar.removeFromGroup')}
        </button>
      )}
      <button
        type="button"
        className="button button-sm button-danger-outline"
        data-testid="delete-selected"
        onClick={() => openDialog({ kind: 'delete-contacts', ids, name: null })}
      >
        <Icon name="trash" size={15} />
        {t('toolbar.delete', { count })}
      </button>
      <button
        type="button"
        className="button button-sm button-ghost selection-clear"
        data-testid="clear-selection"
        onClick={clearSelection}
      >
        <Icon name="close" size={15} />
        {t('toolbar.clearSelection')}
      </button>
    </div>
  );
}
