import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { useT } from '../i18n/use-t';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

interface ModalProps {
  title: string;
  children: ReactNode;
  footer?: ReactNode;
  onClose: () => void;
  size?: 'sm' | 'md' | 'lg';
  testId?: string;
  /** Submitting the form (Enter in a field) runs this; the footer's primary button should be type="submit". */
  onSubmit?: () => void;
}

/**
 * An accessible modal: focus moves inside on open (to `[data-autofocus]` or the first field), Tab stays inside,
 * Escape and a click on the backdrop close it, and focus returns to where it was.
 */
export function Modal({ title, children, footer, onClose, size = 'md', testId, onSubmit }: ModalProps) {
  const t = useT();
  const panelRef = useRef<HTMLFormElement>(null);
  const titleId = useId();
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  });
  // Taken while rendering, before any field inside grabs the focus (an autoFocus input does so on commit).
  const [opener] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null));

  // Escape is heard on the window, not only inside the form: focus may have left the dialog (a click on the
  // backdrop's edge, a control that disappeared) and Escape must still close it.
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      e.preventDefault();
      onCloseRef.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    const panel = panelRef.current;
    const target =
      panel?.querySelector<HTMLElement>('[data-autofocus]') ?? panel?.querySelector<HTMLElement>(FOCUSABLE);
    target?.focus();
    return () => opener?.focus();
  }, [opener]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Tab' || !panelRef.current) return;
    const items = [...panelRef.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) return;
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };

  return createPortal(
    <div
      className="modal-backdrop"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <form
        ref={panelRef}
        className={`modal modal-${size}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid={testId}
        onKeyDown={onKeyDown}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit?.();
        }}
      >
        <header className="modal-header">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="icon-button" aria-label={t('common.close')} onClick={onClose}>
            <span aria-hidden="true">×</span>
          </button>
        </header>
        <div className="modal-body">{children}</div>
        {footer && <footer className="modal-footer">{footer}</footer>}
      </form>
    </div>,
    document.body,
  );
}

interface FooterProps {
  submitLabel: string;
  /** Defaults to "Cancel". */
  cancelLabel?: string;
  onCancel: () => void;
  busy?: boolean;
  /** Nothing to submit yet (e.g. still loading); unlike `busy`, the button is really disabled. */
  disabled?: boolean;
  danger?: boolean;
  testId?: string;
  /** The confirm button takes the focus when the dialog opens (confirmations have no field to type in). */
  autoFocus?: boolean;
  /** Compact buttons, for a form inside a panel rather than a dialog's footer. */
  small?: boolean;
}

/** Cancel and the primary button, which submits the form around it (so Enter in a field does the same). */
export function FormButtons(p: FooterProps) {
  const t = useT();
  const size = p.small ? ' button-sm' : '';
  return (
    <>
      <button type="button" className={`button${size}`} onClick={p.onCancel}>
        {p.cancelLabel ?? t('common.cancel')}
      </button>
      <button
        type="submit"
        className={`button${size} ${p.danger ? 'button-danger' : 'button-primary'}`}
        aria-disabled={p.busy}
        disabled={p.disabled}
        data-testid={p.testId}
        data-autofocus={p.autoFocus ? true : undefined}
      >
        {p.submitLabel}
      </button>
    </>
  );
}

/** An error about the whole form (not one field), read out by screen readers when it appears. */
export function FormError({ error, testId }: { error: string | null | undefined; testId?: string }) {
  if (!error) return null;
  return (
    <p className="form-error" role="alert" data-testid={testId}>
      {error}
    </p>
  );
}

interface ConfirmProps {
  title: string;
  body: ReactNode;
  confirmLabel: string;
  /** Defaults to "Cancel". */
  cancelLabel?: string;
  danger?: boolean;
  busy?: boolean;
  error?: string | null;
  onConfirm: () => void;
  onClose: () => void;
}

export function ConfirmDialog(p: ConfirmProps) {
  return (
    <Modal
      title={p.title}
      size="sm"
      testId="confirm-dialog"
      onClose={p.onClose}
      onSubmit={() => {
        if (!p.busy) p.onConfirm();
      }}
      footer={
        <FormButtons
          submitLabel={p.confirmLabel}
          cancelLabel={p.cancelLabel}
          onCancel={p.onClose}
          busy={p.busy}
          danger={p.danger}
          testId="confirm"
          autoFocus
        />
      }
    >
      <div className="confirm-body">{p.body}</div>
      <FormError error={p.error} />
    </Modal>
  );
}
