/**
 * A modal dialog on the native <dialog> opened with showModal: the page behind is inert, focus
 * moves in and stays inside, Escape closes it, and focus returns to what had it before.
 */
import { type ReactNode, type RefObject, useEffect, useId, useRef } from 'react';
import './dialog.css';

interface DialogProps {
  title: string;
  /** Called on Escape, a backdrop click (with `closeOnBackdrop`) or a close button; unmount to close. */
  onClose: () => void;
  children: ReactNode;
  className?: string;
  id?: string;
  /** Beside the title (e.g. a Done button). */
  headEnd?: ReactNode;
  /** A click outside the dialog's box (on its backdrop) closes it too. */
  closeOnBackdrop?: boolean;
  /** Gets focus back when the dialog closes; by default whatever had focus when it opened. */
  opener?: RefObject<HTMLElement | null>;
}

export function Dialog({
  title,
  onClose,
  children,
  className,
  id,
  headEnd,
  closeOnBackdrop,
  opener,
}: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    const back = opener?.current ?? (document.activeElement as HTMLElement | null);
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      dialog?.close();
      back?.focus();
    };
  }, [opener]);
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: a click on the backdrop (the dialog itself) closes; Escape is the key
    <dialog
      ref={ref}
      id={id}
      className={className ? `dialog ${className}` : 'dialog'}
      aria-labelledby={titleId}
      // The parent closes the dialog by unmounting it: the native close would leave its state open.
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onClick={closeOnBackdrop ? (e) => e.target === ref.current && onClose() : undefined}
    >
      <div className="dialog-head">
        <h2 id={titleId}>{title}</h2>
        {headEnd}
      </div>
      {children}
    </dialog>
  );
}

interface FormDialogProps {
  title: string;
  onClose: () => void;
  onSubmit: () => void;
  children: ReactNode;
  /** Footer buttons (the submit button among them); the dialog adds Cancel before them. */
  actions: ReactNode;
}

/** A dialog holding one form: its fields scroll, the Cancel and submit buttons stay in view. */
export function FormDialog({ title, onClose, onSubmit, children, actions }: FormDialogProps) {
  return (
    <Dialog title={title} onClose={onClose} className="form-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit();
        }}
      >
        <div className="form-dialog-body">{children}</div>
        <div className="form-dialog-actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          {actions}
        </div>
      </form>
    </Dialog>
  );
}
