/** A schedule's deliveries: slot, trigger, status (late flagged) and each recipient's outcome and tries. */
import type { Delivery } from '../../../../src/schedules/schema.js';
import { EmptyState, ErrorState, Spinner } from '../../components/states.js';
import { useDeliveriesQuery } from './api.js';

const when = (iso: string) => new Date(iso).toLocaleString();

function Outcome({ r }: { r: Delivery['recipients'][number] }) {
  const failedTries = r.attempts.filter((a) => !a.ok);
  return (
    <li>
      {r.channel === 'webhook' ? 'Webhook' : 'Email'} {r.address}: <strong>{r.status}</strong>
      {r.outbox_file && <> (outbox file {r.outbox_file})</>}
      {r.reason && <> — {r.reason}</>}
      {r.attempts.length > 1 && <> · {r.attempts.length} tries</>}
      {failedTries.length > 0 && <> · last error: {failedTries.at(-1)?.error}</>}
    </li>
  );
}

export function DeliveryHistory({ id, name }: { id: string; name: string }) {
  const q = useDeliveriesQuery(id);
  return (
    <section className="card" aria-label={`Delivery history of ${name}`}>
      <h2>Delivery history: {name}</h2>
      {q.isPending ? (
        <Spinner label="Loading deliveries" />
      ) : q.error ? (
        <ErrorState error={q.error} onRetry={() => q.refetch()} />
      ) : q.data.items.length === 0 ? (
        <EmptyState
          title="Nothing delivered yet"
          why="Deliveries appear here at each slot, or after Send now."
        />
      ) : (
        <table className="table delivery-history">
          <thead>
            <tr>
              <th>Slot</th>
              <th>Trigger</th>
              <th>Status</th>
              <th>Recipients</th>
            </tr>
          </thead>
          <tbody>
            {q.data.items.map((d) => (
              <tr key={d.id}>
                <td>{when(d.slot_at)}</td>
                <td>{d.trigger === 'manual' ? 'Send now' : 'Scheduled'}</td>
                <td>
                  {d.status}
                  {d.late && <span className="badge-late"> late</span>}
                  {d.claims > 1 && <> (retaken)</>}
                </td>
                <td>
                  <ul className="delivery-recipients">
                    {d.recipients.map((r) => (
                      <Outcome key={`${r.channel}:${r.address}:${r.user_id}`} r={r} />
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
