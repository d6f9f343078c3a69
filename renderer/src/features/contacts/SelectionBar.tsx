import { api } from '../../api';
import { Button } from '../../components/Button';
import { errorText, formatCount, formatNumber, pluralForm } from '../../i18n/translate';
import { useT } from '../../i18n/use-t';
import { matchOf, useContacts } from '../../stores/contacts';
import { groupName, useGroups } from '../../stores/groups';
import { useUi } from '../../stores/ui';
import { selectMatch, targetOf, type SelectionCount } from './selection';

/** "Select all N": the filter the rows on screen were listed with, so exactly what the user sees. */
export function selectAllMatches(): void {
  useUi.getState().setSelection(selectMatch(matchOf(useContacts.getState().filter)));
}

interface SelectionBarProps {
  /** How many rows are selected (for "all matches" of a capped search, a lower bound). */
  count: SelectionCount;
  /** Every visible row is ticked and the list holds more: offer to select all of it, as a mail client does. */
  offerAll: boolean;
}

/**
 * Actions on the selected rows. It takes the place of the column titles in the sticky table header while
 * anything is selected, so it is always in view and appearing does not shift the table.
 */
export function SelectionBar({ count, offerAll }: SelectionBarProps) {
  const t = useT();
  const locale = useUi((s) => s.locale);
  const selection = useUi((s) => s.selection);
  const view = useUi((s) => s.view);
  const openDialog = useUi((s) => s.openDialog);
  const clearSelection = useUi((s) => s.clearSelection);
  const groups = useGroups((s) => s.groups);
  const total = useContacts((s) => s.total);
  const exact = useContacts((s) => s.exact);

  const target = targetOf(selection);
  if (!target) return null;
  const bulk = { target, count };
  const countText = formatCount(locale, count.count, count.exact);
  const label =
    selection.mode === 'match' && !count.exact
      ? t('selection.allMatchesSelected', { count: countText })
      : t('toolbar.selected', { count: countText });
  const currentGroup = view.kind === 'group' ? { id: view.id, name: groupName(groups, view.id) ?? '' } : null;

  const removeFromGroup = async () => {
    if (!currentGroup) return;
    const res = await api.groups.removeContacts({ groupId: currentGroup.id, target });
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
    <div className="selection-bar" role="toolbar" aria-label={label} data-testid="selection-bar">
      <span className="selection-count" data-testid="selection-count">
        {label}
      </span>
      {offerAll && total !== null && (
        <button type="button" className="button-link" data-testid="select-all-matches" onClick={selectAllMatches}>
          {exact
            ? t(`selection.selectAll.${pluralForm(locale, total)}`, { count: formatNumber(locale, total) })
            : t('selection.selectAllMatches', { count: formatCount(locale, total, false) })}
        </button>
      )}
      <Button icon="folder" small testId="add-to-group" onClick={() => openDialog({ kind: 'add-to-group', bulk })}>
        {t('toolbar.addToGroup')}
      </Button>
      {currentGroup && (
        <Button icon="minus" small testId="remove-from-group" onClick={() => void removeFromGroup()}>
          {t('toolbar.removeFromGroup')}
        </Button>
      )}
      <Button
        icon="trash"
        tone="danger"
        small
        testId="delete-selected"
        onClick={() => openDialog({ kind: 'delete-contacts', bulk, name: null })}
      >
        {t('toolbar.delete', { count: countText })}
      </Button>
      <Button
        icon="close"
        tone="ghost"
        small
        className="selection-clear"
        testId="clear-selection"
        onClick={clearSelection}
      >
        {t('toolbar.clearSelection')}
      </Button>
    </div>
  );
}
