import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';
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
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const panel = panelRef.current;
    const target =
      panel?.querySelector<HTMLElement>('[data-autofocus]') ?? panel?.querySelector<HTMLElement>(FOCUSABLE);
    target?.focus();
    return () => previous?.focus();
  }, []);

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

interface ConfirmProps {
  title: string;
  body: ReactNode;
  confirmLabel: string;
  cancelLabel: string;
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
        <>
          <button type="button" className="button" onClick={p.onClose}>
            {p.cancelLabel}
          </button>
          <button
            type="submit"
            className={p.danger ? 'button button-danger' : 'button button-primary'}
            data-testid="confirm"
            data-autofocus
            aria-disabled={p.busy}
          >
            {p.confirmLabel}
          </button>
        </>
      }
    >
      <div className="confirm-body">{p.body}</div>
      {p.error && (
        <p className="form-error" role="alert">
          {p.error}
        </p>
      )}
    </Modal>
  );
}
