import { useState } from 'react';
import type { Group } from '../../../../shared/domain/contact';
import { LIMITS } from '../../../../shared/domain/contact';
import { api } from '../../api';
import { ConfirmDialog, Modal } from '../../components/Modal';
import { errorText, formatNumber } from '../../i18n/translate';
import { useT } from '../../i18n/use-t';
import { useGroups } from '../../stores/groups';
import { useUi } from '../../stores/ui';

export function GroupFormDialog({ group }: { group: Group | null }) {
  const t = useT();
  const close = useUi((s) => s.closeDialog);
  const toast = useUi((s) => s.showToast);
  const [name, setName] = useState(group?.name ?? '');
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
    const res = group
      ? await api.groups.rename({ id: group.id, name: trimmed })
      : await api.groups.create({ name: trimmed });
    setBusy(false);
    if (!res.ok) {
      setError(errorText(t, res.error));
      return;
    }
    if (!group) toast(t('toast.groupCreated', { name: res.value.name }));
    void useGroups.getState().loadGroups();
    close();
  };

  return (
    <Modal
      title={group ? t('group.renameTitle') : t('group.createTitle')}
      size="sm"
      testId="group-dialog"
      onClose={close}
      onSubmit={() => void submit()}
      footer={
        <>
          <button type="button" className="button" onClick={close}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button-primary" aria-disabled={busy} data-testid="group-save">
            {group ? t('common.save') : t('common.create')}
          </button>
        </>
      }
    >
      <label className="field">
        <span className="field-label">{t('group.name')}</span>
        <input
          className={error ? 'input has-error' : 'input'}
          value={name}
          maxLength={LIMITS.groupName}
          placeholder={t('group.namePlaceholder')}
          data-testid="group-name"
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

export function DeleteGroupDialog({ group }: { group: Group }) {
  const t = useT();
  const close = useUi((s) => s.closeDialog);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const confirm = async () => {
    if (busy) return;
    setBusy(true);
    const res = await api.groups.remove({ id: group.id });
    setBusy(false);
    if (!res.ok) {
      setError(errorText(t, res.error));
      return;
    }
    const ui = useUi.getState();
    if (ui.view.kind === 'group' && ui.view.id === group.id) ui.setView({ kind: 'all' });
    ui.showToast(t('toast.groupRemoved', { name: group.name }));
    void useGroups.getState().loadGroups();
    close();
  };

  return (
    <ConfirmDialog
      title={t('group.deleteTitle', { name: group.name })}
      body={t('group.deleteBody')}
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

export function AddToGroupDialog({ ids }: { ids: number[] }) {
  const t = useT();
  const locale = useUi((s) => s.locale);
  const close = useUi((s) => s.closeDialog);
  const groups = useGroups((s) => s.groups);
  const view = useUi((s) => s.view);
  const choices = groups.filter((g) => !(view.kind === 'group' && view.id === g.id));
  const [groupId, setGroupId] = useState<number | null>(choices[0]?.id ?? null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    if (busy) return;
    const group = choices.find((g) => g.id === groupId);
    if (!group) return;
    setBusy(true);
    const res = await api.groups.addContacts({ groupId: group.id, target: { ids } });
    setBusy(false);
    if (!res.ok) {
      setError(errorText(t, res.error));
      return;
    }
    useUi
      .getState()
      .showToast(t('toast.addedToGroup', { name: group.name, count: formatNumber(locale, res.value.added) }));
    close();
  };

  return (
    <Modal
      title={t('addToGroup.title')}
      size="sm"
      testId="add-to-group-dialog"
      onClose={close}
      onSubmit={() => void submit()}
      footer={
        <>
          <button type="button" className="button" onClick={close}>
            {t('common.cancel')}
          </button>
          <button
            type="submit"
            className="button button-primary"
            aria-disabled={busy}
            disabled={groupId === null}
            data-testid="confirm"
          >
            {t('addToGroup.confirm')}
          </button>
        </>
      }
    >
      {choices.length === 0 ? (
        <p className="muted">{t('addToGroup.none')}</p>
      ) : (
        <>
          <p className="dialog-lead">{t('addToGroup.body', { count: formatNumber(locale, ids.length) })}</p>
          <div className="choice-list" role="radiogroup">
            {choices.map((g) => (
              <label key={g.id} className={g.id === groupId ? 'choice is-checked' : 'choice'}>
                <input
                  type="radio"
                  name="group"
                  checked={g.id === groupId}
                  data-testid="group-choice"
                  onChange={() => setGroupId(g.id)}
                />
                <span className="choice-name">{g.name}</span>
                <span className="side-count">{formatNumber(locale, g.size)}</span>
              </label>
            ))}
          </div>
        </>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </Modal>
  );
}
