/**
 * A figure's card: title, units and period, and its loading, empty (with why) and error (retry)
 * states around the figure itself (a chart, a table, a list). Every dashboard section and the
 * timeline's overview strip show their query through it, so each says "loading", "nothing in this
 * period" and "could not load" the same way.
 */
import type { ReactNode } from 'react';
import { EmptyState, ErrorState, Spinner } from './states.js';

/** What a card reads of a query (a TanStack Query result fits): `data` for the sections that pass it on. */
export interface QueryState<T = unknown> {
  data?: T;
  isPending: boolean;
  error: unknown;
  refetch: () => unknown;
}

interface Props {
  title: string;
  /** Units and period, e.g. "events per week · last 90 days". */
  subtitle: string;
  query: QueryState;
  isEmpty?: boolean;
  emptyWhy?: string;
  children: ReactNode;
  className?: string;
  actions?: ReactNode;
}

export function FigureCard({
  title,
  subtitle,
  query,
  isEmpty,
  emptyWhy,
  children,
  className,
  actions,
}: Props) {
  return (
    <section className={`card ${className ?? ''}`} aria-label={title}>
      <header className="card-head">
        <div>
          <h2>{title}</h2>
          <p className="muted">{subtitle}</p>
        </div>
        {actions}
      </header>
      {query.isPending ? (
        <Spinner label={`Loading ${title.toLowerCase()}`} />
      ) : query.error ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : isEmpty ? (
        <EmptyState
          title="Nothing to show"
          why={emptyWhy ?? 'No activity matches this period and these filters.'}
        />
      ) : (
        children
      )}
    </section>
  );
}
