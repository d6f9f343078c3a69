import type { Segment, SegmentFilter } from '../../../../shared/domain/contact';
import { api } from '../../api';
import { ConfirmAction } from '../../components/ConfirmAction';
import { useT } from '../../i18n/use-t';
import { groupName, useGroups } from '../../stores/groups';
import { useUi } from '../../stores/ui';
import { NameDialog } from './NameDialog';

/** Saves the current search (and group) as a segment: a named filter whose members follow the base. */
export function SaveSegmentDialog({ filter }: { filter: SegmentFilter }) {
  const t = useT();
  const close = useUi((s) => s.closeDialog);
  const groups = useGroups((s) => s.groups);
  const groupId = filter.groupIds?.[0];
  return (
    <NameDialog
      title={t('segment.saveTitle')}
      initialName={filter.query ?? ''}
      placeholder={t('segment.namePlaceholder')}
      saveLabel={t('common.save')}
      testIds={{ dialog: 'segment-dialog', field: 'segment-name', save: 'segment-save' }}
      save={(name) => api.segments.save({ name, filter })}
      onSaved={(segment) => {
        void useGroups.getState().loadSegments();
        const ui = useUi.getState();
        // The segment already holds the search; keeping it in the box as well would apply it twice.
        ui.clearSearch();
        ui.setView({ kind: 'segment', id: segment.id });
        ui.showToast(t('toast.segmentSaved', { name: segment.name }));
        close();
      }}
    >
      <p className="dialog-lead">{t('segment.saveBody')}</p>
      <ul className="filter-summary">
        {filter.query && <li>{t('segment.filterQuery', { query: filter.query })}</li>}
        {groupId !== undefined && <li>{t('segment.filterGroup', { name: groupName(groups, groupId) ?? '' })}</li>}
      </ul>
    </NameDialog>
  );
}

export function DeleteSegmentDialog({ segment }: { segment: Segment }) {
  const t = useT();
  const close = useUi((s) => s.closeDialog);
  return (
    <ConfirmAction
      title={t('segment.deleteTitle', { name: segment.name })}
      body={t('segment.deleteBody')}
      confirmLabel={t('common.delete')}
      call={() => api.segments.remove({ id: segment.id })}
      onDone={() => {
        const ui = useUi.getState();
        if (ui.view.kind === 'segment' && ui.view.id === segment.id) ui.setView({ kind: 'all' });
        ui.showToast(t('toast.segmentRemoved', { name: segment.name }));
        void useGroups.getState().loadSegments();
        close();
      }}
      onClose={close}
    />
  );
}
