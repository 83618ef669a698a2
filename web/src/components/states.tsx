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
