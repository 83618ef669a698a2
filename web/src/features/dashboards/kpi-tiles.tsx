/**
 * A row of KPI tiles, the same on every page: each figure shows its unit and its period, "…" while
 * loading, the change against the previous period in words (not colour alone), and says why it is
 * empty instead of showing a bare dash.
 */
import { Link } from 'react-router';
import type { QueryState } from '../../components/figure-card.js';
import { ErrorState } from '../../components/states.js';
import { fmtNumber, formatChange } from './period.js';

export interface Kpi {
  label: string;
  /** The figure; null or undefined when there is no data for it (see `empty`). */
  value: number | string | null | undefined;
  /** Unit after the figure (events, customers, %, …); omit when the formatted value carries it. */
  unit?: string;
  /** Relative change against the previous period; undefined when not compared. */
  change?: number | null;
  /** A second line under the figure (e.g. "120 answered inbound"). */
  note?: string;
  /** Why the figure is missing, shown instead of it (default: nothing in this period). */
  empty?: string;
  testId?: string;
  digits?: number;
  /** Where the figure leads (the events behind it), as an in-app path. */
  href?: string;
}

export function KpiTiles({
  label,
  period,
  tiles,
  query,
}: {
  /** Accessible name of the row, e.g. "Key figures". */
  label: string;
  /** The period every figure covers, e.g. "last 30 days". */
  period: string;
  tiles: Kpi[];
  /** The query the figures come from: "…" while it loads, one error (with retry) instead of the row. */
  query: QueryState;
}) {
  const loading = query.isPending;
  if (query.error && !loading) {
    return (
      <section className="tiles" aria-label={label}>
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      </section>
    );
  }
  return (
    <section className="tiles" aria-label={label} aria-busy={loading || undefined}>
      {tiles.map((t) => (
        <KpiTile key={t.label} kpi={t} period={period} loading={loading} />
      ))}
    </section>
  );
}

function KpiTile({ kpi, period, loading }: { kpi: Kpi; period: string; loading?: boolean }) {
  const missing = kpi.value === null || kpi.value === undefined;
  const shown = typeof kpi.value === 'number' ? fmtNumber(kpi.value, kpi.digits) : kpi.value;
  const c = loading || missing || kpi.change === undefined ? null : formatChange(kpi.change);
  return (
    <div
      className="tile"
      data-testid={kpi.testId}
      data-state={loading ? 'loading' : missing ? 'empty' : 'ok'}
    >
      <span className="tile-label">{kpi.label}</span>
      {loading ? (
        <span className="tile-value">
          <span data-value>…</span>
        </span>
      ) : missing ? (
        <>
          <span className="tile-value">
            <span data-value>—</span>
          </span>
          <span className="muted">{kpi.empty ?? `No data in the ${period}`}</span>
        </>
      ) : (
        <span className="tile-value">
          {kpi.href ? (
            <Link to={kpi.href} data-value>
              {shown}
            </Link>
          ) : (
            <span data-value>{shown}</span>
          )}
          {kpi.unit ? <small className="muted"> {unitFor(kpi.value, kpi.unit)}</small> : null}
        </span>
      )}
      <span className="tile-period muted">{period}</span>
      {c && <span className={c.className}>{c.text}</span>}
      {kpi.note && !loading && !missing ? <span className="muted">{kpi.note}</span> : null}
    </div>
  );
}

const SINGULAR: Record<string, string> = { events: 'event', customers: 'customer', people: 'person' };

/** "1 event", "2 events": the unit agrees with the figure. */
export const unitFor = (value: Kpi['value'], unit: string) => (value === 1 ? (SINGULAR[unit] ?? unit) : unit);
