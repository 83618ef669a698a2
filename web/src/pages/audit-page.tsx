/** /audit: the audit trail for compliance officers and admins — filters, entries with readable diffs, tamper check, completeness. */
import { type FormEvent, useState } from 'react';
import { type AuditFilters, downloadAuditCsv, useAuditQuery } from '../api/useAuditQuery.js';
import { useUsersQuery } from '../api/useDirectoryQuery.js';
import { EmptyState, ErrorState, Spinner } from '../components/states.js';
import { CompletenessPanel, VerifyPanel } from '../features/audit/audit-checks.js';
import { AuditEntryRow, AuditTable } from '../features/audit/audit-entry-row.js';

const ACTIONS = [
  'events.ingest',
  'event.update',
  'event.delete',
  'directory.users.upsert',
  'directory.teams.upsert',
  'directory.customers.upsert',
  'company.settings.update',
  'timeline.create',
  'timeline.update',
  'timeline.share',
  'timeline.delete',
  'customer.read',
  'customer.erase',
  'contact.erase',
  'retention.purge',
  'report.create',
  'report.update',
  'report.share',
  'report.delete',
  'report.run',
  'schedule.create',
  'schedule.update',
  'schedule.delete',
  'schedule.deliver',
  'export.create',
  'export.download',
  'events.export',
  'dashboard.export',
];

/** A date input's day as the start of that day in UTC (ISO), or undefined. */
const dayStart = (v: FormDataEntryValue | null) => (v ? new Date(`${v}T00:00:00Z`).toISOString() : undefined);

function readFilters(form: HTMLFormElement): AuditFilters {
  const d = new FormData(form);
  const text = (k: string) => (d.get(k) as string | null)?.trim() || undefined;
  const to = d.get('to')
    ? new Date(Date.parse(`${d.get('to')}T00:00:00Z`) + 86_400_000).toISOString()
    : undefined;
  return {
    user_id: text('user_id'),
    action: text('action'),
    object_type: text('object_type'),
    object_id: text('object_id'),
    from: dayStart(d.get('from')),
    to,
  };
}

export function AuditPage() {
  const [filters, setFilters] = useState<AuditFilters>({});
  const entries = useAuditQuery(filters);
  const users = useUsersQuery();
  const names = new Map(users.data?.items.map((u) => [u.id, u.name]) ?? []);
  const rows = entries.data?.pages.flatMap((p) => p.entries) ?? [];
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setFilters(readFilters(e.currentTarget));
  };
  const range = { from: filters.from, to: filters.to };
  return (
    <main id="main" className="page">
      <div className="page-head">
        <h1>Audit trail</h1>
        <div className="toolbar">
          <button type="button" className="btn" onClick={() => void downloadAuditCsv(filters)}>
            Export CSV
          </button>
        </div>
      </div>
      <form className="card audit-filters" onSubmit={onSubmit} aria-label="Audit filters">
        <label className="field">
          User
          <select name="user_id" defaultValue="">
            <option value="">Anyone</option>
            {users.data?.items.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          Action
          <select name="action" defaultValue="">
            <option value="">Any</option>
            {ACTIONS.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </label>
        <label className="field">
          Object type
          <input name="object_type" placeholder="event, customer, timeline…" />
        </label>
        <label className="field">
          Object id
          <input name="object_id" />
        </label>
        <label className="field">
          From
          <input type="date" name="from" />
        </label>
        <label className="field">
          To
          <input type="date" name="to" />
        </label>
        <button type="submit" className="btn btn-primary">
          Apply
        </button>
      </form>
      <div className="audit-checks">
        <VerifyPanel range={range} />
        <CompletenessPanel range={range} />
      </div>
      <section className="card" aria-labelledby="entries-title">
        <h2 id="entries-title">Entries</h2>
        {entries.isPending && <Spinner label="Loading the audit trail" />}
        {entries.isError && <ErrorState error={entries.error} onRetry={() => entries.refetch()} />}
        {entries.data && rows.length === 0 && (
          <EmptyState title="No entries" why="Nothing matches these filters." />
        )}
        {rows.length > 0 && (
          <AuditTable label="Audit entries">
            {rows.map((e) => (
              <AuditEntryRow
                key={e.id}
                entry={e}
                who={e.user_id ? (names.get(e.user_id) ?? e.user_id.slice(0, 8)) : 'system'}
              />
            ))}
          </AuditTable>
        )}
        {entries.hasNextPage && (
          <button
            type="button"
            className="btn"
            onClick={() => void entries.fetchNextPage()}
            disabled={entries.isFetchingNextPage}
          >
            Load older entries
          </button>
        )}
      </section>
    </main>
  );
}
