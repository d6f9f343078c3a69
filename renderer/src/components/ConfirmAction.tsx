import type { ReactNode } from 'react';
import type { Result } from '../../../shared/ipc/result';
import { ConfirmDialog } from './Modal';
import { useSubmit } from './use-submit';

interface ConfirmActionProps<T> {
  title: string;
  body: ReactNode;
  confirmLabel: string;
  /** The destructive call; it runs once per confirmation, however often the button is pressed. */
  call: () => Promise<Result<T>>;
  onDone: (value: T) => void;
  onClose: () => void;
}

/** "Delete …?" with the call wired in: a refusal from the core stays in the dialog, a success goes to onDone. */
export function ConfirmAction<T>({ title, body, confirmLabel, call, onDone, onClose }: ConfirmActionProps<T>) {
  const { busy, error, run } = useSubmit();
  return (
    <ConfirmDialog
      title={title}
      body={body}
      confirmLabel={confirmLabel}
      danger
      busy={busy}
      error={error}
      onConfirm={() => run(call, onDone)}
      onClose={onClose}
    />
  );
}
