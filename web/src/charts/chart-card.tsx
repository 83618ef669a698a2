/** A chart's frame: title, units and period, and its loading, empty (with why) and error (retry) states. */
import type { ReactNode } from 'react';
import { EmptyState, ErrorState, Spinner } from '../components/states.js';

interface Props {
  title: string;
  /** Units and period, e.g. "events per week · last 90 days". */
  subtitle: string;
  query: { isPending: boolean; error: unknown; refetch: () => unknown };
  isEmpty?: boolean;
  emptyWhy?: string;
  children: ReactNode;
  className?: string;
  actions?: ReactNode;
}

export function ChartCard({
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
