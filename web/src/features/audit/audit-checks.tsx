/** The chain check (on demand) and completeness by day, for the page's time range. */
import { useCompletenessQuery, useVerifyMutation } from '../../api/useAuditQuery.js';
import { ErrorState, Spinner } from '../../components/states.js';

type Range = { from?: string; to?: string };

export function VerifyPanel({ range }: { range: Range }) {
  const verify = useVerifyMutation();
  const r = verify.data;
  return (
    <section className="card" aria-labelledby="verify-title">
      <div className="card-head">
        <h2 id="verify-title">Tamper check</h2>
        <button
          type="button"
          className="btn"
          onClick={() => verify.mutate(range)}
          disabled={verify.isPending}
        >
          Verify the chain
        </button>
      </div>
      <div role="status" className="verify-result">
        {verify.isPending && 'Recomputing…'}
        {verify.isError && 'The check could not run.'}
        {r?.ok && `Intact: ${r.checked} entries recomputed; last entry ${r.head?.id ?? '–'}.`}
        {r && !r.ok && r.first_broken && (
          <span className="audit-broken">
            Broken at entry {r.first_broken.id} (position {r.first_broken.position}): {r.first_broken.reason}.
            Expected <code>{r.first_broken.expected.slice(0, 16)}…</code>, stored{' '}
            <code>{r.first_broken.stored.slice(0, 16)}…</code>
          </span>
        )}
      </div>
    </section>
  );
}

export function CompletenessPanel({ range }: { range: Range }) {
  const q = useCompletenessQuery(range);
  return (
    <section className="card" aria-labelledby="completeness-title">
      <div className="card-head">
        <div>
          <h2 id="completeness-title">Completeness</h2>
          <p className="muted">
            Events stored vs events named by ingest entries, per day ({q.data?.timezone ?? '…'})
          </p>
        </div>
      </div>
      {q.isPending && <Spinner label="Loading completeness" />}
      {q.isError && <ErrorState error={q.error} onRetry={() => q.refetch()} />}
      {q.data && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col" className="num">
                Ingested
              </th>
              <th scope="col" className="num">
                Audited
              </th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {q.data.days.map((d) => (
              <tr key={d.date}>
                <td>{d.date}</td>
                <td className="num">{d.ingested}</td>
                <td className="num">{d.covered}</td>
                <td>{d.gap ? <strong className="audit-broken">Gap</strong> : 'Complete'}</td>
              </tr>
            ))}
            {q.data.days.length === 0 && (
              <tr>
                <td colSpan={4}>No events in this period.</td>
              </tr>
            )}
          </tbody>
        </table>
      )}
    </section>
  );
}
