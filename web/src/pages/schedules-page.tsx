/** Scheduled reports: the list (next run, last status), create/edit, pause/resume/send now/delete, history. */
import { useState } from 'react';
import type { Schedule } from '../../../src/schedules/schema.js';
import { EmptyState, ErrorState, Spinner } from '../components/states.js';
import { useScheduleAction, useSchedulesQuery } from '../features/schedules/api.js';
import { DeliveryHistory } from '../features/schedules/delivery-history.js';
import { describeSchedule } from '../features/schedules/form-model.js';
import { ScheduleForm } from '../features/schedules/schedule-form.js';
import '../features/schedules/schedules.css';

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

function Row({ s, onEdit, onHistory }: { s: Schedule; onEdit: () => void; onHistory: () => void }) {
  const act = useScheduleAction();
  const { what, when: at } = describeSchedule(s);
  const run = (action: 'pause' | 'resume' | 'send-now' | 'delete') =>
    act.mutate({ id: s.id, action }, { onSuccess: () => action === 'send-now' && onHistory() });
  return (
    <tr>
      <td>
        <strong>{s.name}</strong>
        <br />
        <small>{what}</small>
      </td>
      <td>{at}</td>
      <td>{s.paused ? 'Paused' : when(s.next_run_at)}</td>
      <td>
        {s.last_delivery ? `${s.last_delivery.status}${s.last_delivery.late ? ' (late)' : ''}` : 'Never sent'}
      </td>
      <td className="schedule-buttons">
        <button type="button" className="btn" disabled={act.isPending} onClick={() => run('send-now')}>
          Send now
        </button>
        <button type="button" className="btn" onClick={() => run(s.paused ? 'resume' : 'pause')}>
          {s.paused ? 'Resume' : 'Pause'}
        </button>
        <button type="button" className="btn" onClick={onEdit}>
          Edit
        </button>
        <button type="button" className="btn" onClick={onHistory}>
          History
        </button>
        <button
          type="button"
          className="btn btn-ghost"
          onClick={() => window.confirm(`Delete “${s.name}” and its history?`) && run('delete')}
        >
          Delete
        </button>
      </td>
    </tr>
  );
}

export function SchedulesPage() {
  const q = useSchedulesQuery();
  const [form, setForm] = useState<{ editing: Schedule | null } | null>(null);
  const [history, setHistory] = useState<Schedule | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const outbox = q.data?.email_transport === 'outbox';
  return (
    <main id="main" className="page">
      <div className="page-head">
        <h1>Scheduled reports</h1>
        <button type="button" className="btn btn-primary" onClick={() => setForm({ editing: null })}>
          New schedule
        </button>
      </div>
      {outbox && (
        <p className="schedule-notice" role="note">
          No SMTP server is configured (SMTP_URL): emails are written as .eml files to the server’s outbox
          folder instead of being sent.
        </p>
      )}
      {secret && (
        <p className="schedule-notice" role="status">
          Webhook signing secret (shown once): <code>{secret}</code>
        </p>
      )}
      {form && (
        <ScheduleForm
          key={form.editing?.id ?? 'new'}
          editing={form.editing}
          onDone={(s) => {
            setForm(null);
            if (s) setSecret(s);
          }}
        />
      )}
      {q.isPending ? (
        <Spinner label="Loading schedules" />
      ) : q.error ? (
        <ErrorState error={q.error} onRetry={() => q.refetch()} />
      ) : q.data.items.length === 0 ? (
        <EmptyState
          title="No schedules yet"
          why="Schedule a timeline digest or a dashboard by email or webhook."
        />
      ) : (
        <table className="table schedules-table">
          <thead>
            <tr>
              <th>Schedule</th>
              <th>When</th>
              <th>Next run</th>
              <th>Last status</th>
              <th>Actions</th>
            </tr>
          </thead>
          <tbody>
            {q.data.items.map((s) => (
              <Row key={s.id} s={s} onEdit={() => setForm({ editing: s })} onHistory={() => setHistory(s)} />
            ))}
          </tbody>
        </table>
      )}
      {history && <DeliveryHistory id={history.id} name={history.name} />}
    </main>
  );
}
