/**
 * The frame every company-settings card shares (response target, retention): a titled card with
 * its explanation, the loading and error states of the settings it edits, then the form (keyed by
 * the stored values by the caller, so a save restarts it), a status line announcing the save and
 * the save's error. `SaveButton` is the form's submit.
 */
import type { ReactNode } from 'react';
import { ErrorState, Spinner } from '../../components/states.js';
import { SaveError } from '../saved-timelines/save-error.js';

interface SettingsCardProps {
  /** The heading's id (the card is labelled by it). */
  id: string;
  title: string;
  intro: ReactNode;
  /** The settings' query: a spinner while pending, the error with a retry when it failed. */
  query: { isPending: boolean; isError: boolean; error: unknown; refetch: () => unknown };
  loadingLabel: string;
  /** The status line's text after a save; undefined leaves the status line out (read-only viewers). */
  status: ReactNode | undefined;
  saveError: unknown;
  className?: string;
  /** The form (or the read-only view) and anything shown after the status. */
  children: ReactNode;
  after?: ReactNode;
}

export function SettingsCard(p: SettingsCardProps) {
  return (
    <section className={p.className ? `card ${p.className}` : 'card'} aria-labelledby={p.id}>
      <h2 id={p.id}>{p.title}</h2>
      <p className="muted">{p.intro}</p>
      {p.query.isPending && <Spinner label={p.loadingLabel} />}
      {p.query.isError && <ErrorState error={p.query.error} onRetry={() => p.query.refetch()} />}
      {p.children}
      {p.status !== undefined && (
        <p role="status" className="muted">
          {p.status}
        </p>
      )}
      <SaveError error={p.saveError} />
      {p.after}
    </section>
  );
}

/** The settings form's submit: "Saving…" and disabled while the save runs. */
export function SaveButton({ pending, label }: { pending: boolean; label: string }) {
  return (
    <div className="toolbar">
      <button type="submit" className="btn btn-primary" disabled={pending}>
        {pending ? 'Saving…' : label}
      </button>
    </div>
  );
}
