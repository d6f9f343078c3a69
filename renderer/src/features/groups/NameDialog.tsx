import { useState, type ReactNode } from 'react';
import { LIMITS } from '../../../../shared/domain/contact';
import type { Result } from '../../../../shared/ipc/result';
import { FormButtons, Modal } from '../../components/Modal';
import { TextField } from '../../components/TextField';
import { useSubmit } from '../../components/use-submit';
import { useT } from '../../i18n/use-t';
import { useUi } from '../../stores/ui';

interface NameDialogProps<T> {
  title: string;
  initialName: string;
  placeholder: string;
  saveLabel: string;
  /** Test ids of the dialog, its name field and its save button. */
  testIds: { dialog: string; field: string; save: string };
  /** What the dialog explains above the name field. */
  children?: ReactNode;
  save: (name: string) => Promise<Result<T>>;
  onSaved: (value: T) => void;
}

/**
 * A dialog that asks for one name (a group, a segment): required, trimmed, limited like the core limits it,
 * with the core's refusal ("this name is already taken") shown under the field.
 */
export function NameDialog<T>(p: NameDialogProps<T>) {
  const t = useT();
  const close = useUi((s) => s.closeDialog);
  const [name, setName] = useState(p.initialName);
  const { busy, error, setError, run } = useSubmit();

  const submit = () => {
    const trimmed = name.trim();
    if (trimmed === '') setError(t('group.nameRequired'));
    else run(() => p.save(trimmed), p.onSaved);
  };

  return (
    <Modal
      title={p.title}
      size="sm"
      testId={p.testIds.dialog}
      onClose={close}
      onSubmit={submit}
      footer={<FormButtons submitLabel={p.saveLabel} onCancel={close} busy={busy} testId={p.testIds.save} />}
    >
      {p.children}
      <NameField
        value={name}
        placeholder={p.placeholder}
        error={error}
        testId={p.testIds.field}
        onChange={(value) => {
          setName(value);
          setError(null);
        }}
      />
    </Modal>
  );
}

interface NameFieldProps {
  value: string;
  placeholder: string;
  error: string | null;
  testId: string;
  onChange: (value: string) => void;
  /** Focus the field when it appears (with the dialog, or later when "new group" is picked). Default on. */
  autoFocus?: boolean;
}

export function NameField({ autoFocus = true, ...p }: NameFieldProps) {
  const t = useT();
  return <TextField {...p} label={t('group.name')} maxLength={LIMITS.groupName} autoFocus={autoFocus} />;
}
