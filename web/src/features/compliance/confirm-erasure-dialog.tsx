/**
 * The typed confirmation before an erasure (it cannot be undone): "Erase for good" stays disabled
 * until `word` is typed exactly, spaces at the ends ignored. The customer panel asks for the
 * customer's name, the person panel for ERASE.
 */
import { type ReactNode, useState } from 'react';
import { FormDialog } from '../../components/dialog.js';

interface ConfirmErasureDialogProps {
  title: string;
  /** What must be typed to unlock the button. */
  word: string;
  /** The input's label, e.g. "Type ERASE to confirm". */
  prompt: string;
  /** What the erasure will remove, in the officer's terms. */
  children: ReactNode;
  onClose: () => void;
  onConfirm: () => void;
}

export function ConfirmErasureDialog({
  title,
  word,
  prompt,
  children,
  onClose,
  onConfirm,
}: ConfirmErasureDialogProps) {
  const [typed, setTyped] = useState('');
  const matches = typed.trim() === word.trim();
  return (
    <FormDialog
      title={title}
      onClose={onClose}
      onSubmit={() => matches && onConfirm()}
      actions={
        <button type="submit" className="btn btn-danger" disabled={!matches}>
          Erase for good
        </button>
      }
    >
      <p>{children}</p>
      <label className="field">
        {prompt}
        <input
          className="input"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          autoComplete="off"
        />
      </label>
    </FormDialog>
  );
}
