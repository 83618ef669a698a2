/** My, shared and public reports, each opening in the builder (?id=). */
import { Link } from 'react-router';
import { useReportsQuery } from '../../api/useReportsQuery.js';
import { ErrorState, Spinner } from '../../components/states.js';

const GROUPS = [
  { relation: 'mine', label: 'My reports' },
  { relation: 'shared', label: 'Shared with me' },
  { relation: 'public', label: 'Public' },
  { relation: 'other', label: 'Others (admin)' },
] as const;

export function ReportList({ current }: { current: string | null }) {
  const q = useReportsQuery();
  if (q.isPending) return <Spinner label="Loading reports" />;
  if (q.error) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  return (
    <nav className="report-list" aria-label="Saved reports">
      <Link to="/reports" className="btn">
        New report
      </Link>
      {GROUPS.map((g) => {
        const items = q.data.items.filter((r) => r.relation === g.relation);
        if (items.length === 0 && g.relation === 'other') return null;
        return (
          <section key={g.relation}>
            <h2>{g.label}</h2>
            {items.length === 0 ? <p className="muted">None yet.</p> : null}
            <ul>
              {items.map((r) => (
                <li key={r.id}>
                  <Link to={`/reports?id=${r.id}`} aria-current={r.id === current ? 'page' : undefined}>
                    {r.report_name}
                  </Link>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </nav>
  );
}
