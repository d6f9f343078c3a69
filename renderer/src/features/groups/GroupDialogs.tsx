import { useState } from 'react';
import type { Group } from '../../../../shared/domain/contact';
import type { Result } from '../../../../shared/ipc/result';
import { api } from '../../api';
import { ConfirmAction } from '../../components/ConfirmAction';
import { FormError, Modal, FormButtons } from '../../components/Modal';
import { useSubmit } from '../../components/use-submit';
import { formatCount, formatNumber } from '../../i18n/translate';
import { useT } from '../../i18n/use-t';
import { useGroups } from '../../stores/groups';
import { useUi, type Bulk } from '../../stores/ui';
import { NameDialog, NameField } from './NameDialog';

export function GroupFormDialog({ group }: { group: Group | null }) {
  const t = useT();
  const close = useUi((s) => s.closeDialog);
  const toast = useUi((s) => s.showToast);
  return (
    <NameDialog
      title={group ? t('group.renameTitle') : t('group.createTitle')}
      initialName={group?.name ?? ''}
      placeholder={t('group.namePlaceholder')}
      saveLabel={group ? t('common.save') : t('common.create')}
      testIds={{ dialog: 'group-dialog', field: 'group-name', save: 'group-save' }}
      save={(name) => (group ? api.groups.rename({ id: group.id, name }) : api.groups.create({ name }))}
      onSaved={(saved) => {
        if (!group) toast(t('toast.groupCreated', { name: saved.name }));
        void useGroups.getState().loadGroups();
        close();
      }}
    />
  );
}

export function DeleteGroupDialog({ group }: { group: Group }) {
  const t = useT();
  const close = useUi((s) => s.closeDialog);
  return (
    <ConfirmAction
      title={t('group.deleteTitle', { name: group.name })}
      body={t('group.deleteBody')}
      confirmLabel={t('common.delete')}
      call={() => api.groups.remove({ id: group.id })}
      onDone={() => {
        const ui = useUi.getState();
        if (ui.view.kind === 'group' && ui.view.id === group.id) ui.setView({ kind: 'all' });
        ui.showToast(t('toast.groupRemoved', { name: group.name }));
        void useGroups.getState().loadGroups();
        close();
      }}
      onClose={close}
    />
  );
}

/** Where the contacts go: an existing group, or a new one named in the dialog. */
type Destination = number | 'new';

/** Adds the selected contacts (ticked rows or "all N") to a group, which may be created on the spot. */
export function AddToGroupDialog({ bulk }: { bulk: Bulk }) {
  const t = useT();
  const locale = useUi((s) => s.locale);
  const close = useUi((s) => s.closeDialog);
  const groups = useGroups((s) => s.groups);
  const view = useUi((s) => s.view);
  const choices = groups.filter((g) => !(view.kind === 'group' && view.id === g.id));
  const [dest, setDest] = useState<Destination>(choices[0]?.id ?? 'new');
  const [newName, setNewName] = useState('');
  const { busy, error, setError, run } = useSubmit();
  const count = formatCount(locale, bulk.count.count, bulk.count.exact);

  const addTo = async (group: Group): Promise<Result<{ group: Group; added: number }>> => {
    const res = await api.groups.addContacts({ groupId: group.id, target: bulk.target });
    return res.ok ? { ok: true, value: { group, added: res.value.added } } : res;
  };

  const done = ({ group, added }: { group: Group; added: number }) => {
    useUi.getState().showToast(t('toast.addedToGroup', { name: group.name, count: formatNumber(locale, added) }));
    void useGroups.getState().loadGroups();
    close();
  };

  const submit = () => {
    if (dest !== 'new') {
      const group = choices.find((g) => g.id === dest);
      if (group) run(() => addTo(group), done);
      return;
    }
    const name = newName.trim();
    if (name === '') {
      setError(t('group.nameRequired'));
      return;
    }
    run(async () => {
      const created = await api.groups.create({ name });
      if (!created.ok) return created;
      // Should adding fail now, a retry goes to the group just made instead of trying to create it again.
      setDest(created.value.id);
      return addTo(created.value);
    }, done);
  };

  const nameField = (
    <NameField
      value={newName}
      placeholder={t('group.namePlaceholder')}
      error={dest === 'new' ? error : null}
      testId="new-group-name"
      autoFocus={choices.length === 0 || dest === 'new'}
      onChange={(value) => {
        setNewName(value);
        setError(null);
      }}
    />
  );

  return (
    <Modal
      title={t('addToGroup.title')}
      size="sm"
      testId="add-to-group-dialog"
      onClose={close}
      onSubmit={submit}
      footer={<FormButtons submitLabel={t('addToGroup.confirm')} onCancel={close} busy={busy} testId="confirm" />}
    >
      {choices.length === 0 ? (
        <>
          <p className="dialog-lead">{t('addToGroup.bodyNew', { count })}</p>
          {nameField}
        </>
      ) : (
        <>
          <p className="dialog-lead">{t('addToGroup.body', { count })}</p>
          <div role="radiogroup" aria-label={t('addToGroup.title')}>
            <div className="choice-list">
              {choices.map((g) => (
                <label key={g.id} className={g.id === dest ? 'choice is-checked' : 'choice'}>
                  <input
                    type="radio"
                    name="group"
                    checked={g.id === dest}
                    data-testid="group-choice"
                    onChange={() => setDest(g.id)}
                  />
                  <span className="choice-name">{g.name}</span>
                  <span className="side-count">{formatNumber(locale, g.size)}</span>
                </label>
              ))}
            </div>
            <label className={dest === 'new' ? 'choice choice-new is-checked' : 'choice choice-new'}>
              <input
                type="radio"
                name="group"
                checked={dest === 'new'}
                data-testid="group-choice-new"
                onChange={() => {
                  setDest('new');
                  setError(null);
                }}
              />
              <span className="choice-name">{t('addToGroup.new')}</span>
            </label>
          </div>
          {dest === 'new' && <div className="choice-new-name">{nameField}</div>}
        </>
      )}
      {dest !== 'new' && <FormError error={error} />}
    </Modal>
  );
}
