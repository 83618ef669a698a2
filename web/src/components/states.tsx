/** Loading, empty and error states shared by pages and charts. */
import { ApiError } from '../api/client.js';

export function Spinner({ label }: { label: string }) {
  return (
    <div className="state" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label}…</span>
    </div>
  );
}

export function EmptyState({ title, why }: { title: string; why: string }) {
  return (
    <div className="state state-empty">
      <strong>{title}</strong>
      <span>{why}</span>
    </div>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const message =
    error instanceof ApiError
      ? error.status === 403
        ? `You do not have access to this (${error.message})`
        : error.message
      : 'The server could not be reached.';
  return (
    <div className="state state-error" role="alert">
      <strong>Could not load this</strong>
      <span>{message}</span>
      {onRetry && (
        <button type="button" className="btn" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}

/** A whole page's "this does not exist" state: one message instead of a box per section. */
export function NotFoundState({
  what,
  why,
  back,
}: {
  what: string;
  why: string;
  back: { to: string; label: string };
}) {
  return (
    <section className="not-found" role="alert" data-testid="not-found">
      <h2>{what} not found</h2>
      <p className="muted">{why}</p>
      <a className="btn" href={back.to}>
        {back.label}
      </a>
    </section>
  );
}
