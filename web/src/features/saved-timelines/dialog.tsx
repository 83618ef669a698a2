/** A modal dialog on the native <dialog>: focus moves in and is trapped, Escape closes, focus returns. */
import { type ReactNode, useEffect, useId, useRef } from 'react';
import './timelines.css';

interface Props {
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** Footer buttons; the dialog adds Cancel. */
  actions?: ReactNode;
  onSubmit?: () => void;
}

export function Dialog({ title, onClose, children, actions, onSubmit }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog ref={ref} className="tl-dialog" aria-labelledby={titleId} onClose={onClose}>
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit?.();
        }}
      >
        <h2 id={titleId}>{title}</h2>
        <div className="tl-dialog-body">{children}</div>
        <div className="tl-dialog-actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          {actions}
        </div>
      </form>
    </dialog>
  );
}

/** The API's problem detail and field errors, for a failed save. */
export function SaveError({ error }: { error: unknown }) {
  if (!error) return null;
  const body = (error as { body?: { errors?: Array<{ path: string; message: string }> } }).body;
  const status = (error as { status?: number }).status;
  return (
    <div className="tl-error" role="alert">
      {status === 412
        ? 'Someone else changed this timeline meanwhile. Close and reopen it to see their change.'
        : (error as Error).message}
      {body?.errors?.length ? (
        <ul>
          {body.errors.map((e) => (
            <li key={e.path}>
              <code>{e.path.replace(/^body\./, '')}</code> {e.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
