import { useState } from 'react';
import type { Segment, SegmentFilter } from '../../../../shared/domain/contact';
import { LIMITS } from '../../../../shared/domain/contact';
import { api } from '../../api';
import { ConfirmDialog, Modal } from '../../components/Modal';
import { errorText } from '../../i18n/translate';
import { useT } from '../../i18n/use-t';
import { groupName, useGroups } from '../../stores/groups';
import { useUi } from '../../stores/ui';

/** Saves the current search (and group) as a segment: a named filter whose members follow the base. */
export function SaveSegmentDialog({ filter }: { filter: SegmentFilter }) {
  const t = useT();
  const close = useUi((s) => s.closeDialog);
  const groups = useGroups((s) => s.groups);
  const [name, setName] = useState(filter.query ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (busy) return;
    const trimmed = name.trim();
    if (trimmed === '') {
      setError(t('group.nameRequired'));
      return;
    }
    setBusy(true);
    const res = await api.segments.save({ name: trimmed, filter });
    setBusy(false);
    if (!res.ok) {
      setError(errorText(t, res.error));
      return;
    }
    void useGroups.getState().loadSegments();
    const ui = useUi.getState();
    // The segment already holds the search; keeping it in the box as well would apply it twice.
    ui.clearSearch();
    ui.setView({ kind: 'segment', id: res.value.id });
    ui.showToast(t('toast.segmentSaved', { name: res.value.name }));
    close();
  };

  const groupId = filter.groupIds?.[0];
  return (
    <Modal
      title={t('segment.saveTitle')}
      size="sm"
      testId="segment-dialog"
      onClose={close}
      onSubmit={() => void submit()}
      footer={
        <>
          <button type="button" className="button" onClick={close}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button-primary" aria-disabled={busy} data-testid="segment-save">
            {t('common.save')}
          </button>
        </>
      }
    >
      <p className="dialog-lead">{t('segment.saveBody')}</p>
      <ul className="filter-summary">
        {filter.query && <li>{t('segment.filterQuery', { query: filter.query })}</li>}
        {groupId !== undefined && <li>{t('segment.filterGroup', { name: groupName(groups, groupId) ?? '' })}</li>}
      </ul>
      <label className="field">
        <span className="field-label">{t('group.name')}</span>
        <input
          className={error ? 'input has-error' : 'input'}
          value={name}
          maxLength={LIMITS.groupName}
          placeholder={t('segment.namePlaceholder')}
          data-testid="segment-name"
          data-autofocus
          aria-invalid={error ? true : undefined}
          onChange={(e) => {
            setName(e.target.value);
            setError(null);
          }}
        />
        {error && (
          <span className="field-error" role="alert">
            {error}
          </span>
        )}
      </label>
    </Modal>
  );
}

export function DeleteSegmentDialog({ segment }: { segment: Segment }) {
  const t = useT();
  const close = useUi((s) => s.closeDialog);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const confirm = async () => {
    if (busy) return;
    setBusy(true);
    const res = await api.segments.remove({ id: segment.id });
    setBusy(false);
    if (!res.ok) {
      setError(errorText(t, res.error));
      return;
    }
    const ui = useUi.getState();
    if (ui.view.kind === 'segment' && ui.view.id === segment.id) ui.setView({ kind: 'all' });
    ui.showToast(t('toast.segmentRemoved', { name: segment.name }));
    void useGroups.getState().loadSegments();
    close();
  };

  return (
    <ConfirmDialog
      title={t('segment.deleteTitle', { name: segment.name })}
      body={t('segment.deleteBody')}
      confirmLabel={t('common.delete')}
      cancelLabel={t('common.cancel')}
      danger
      busy={busy}
      error={error}
      onConfirm={() => void confirm()}
      onClose={close}
    />
  );
}
