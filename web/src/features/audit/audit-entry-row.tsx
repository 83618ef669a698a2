/** One audit entry as a table row (when, who, what, which objects, its changes as "field: before → after"), and the table that holds them. */
import type { ReactNode } from 'react';
import type { AuditEntry } from '../../api/useAuditQuery.js';

type Change = { before: unknown; after: unknown; content?: boolean };

const show = (v: unknown) =>
  v === null || v === undefined ? '∅' : typeof v === 'string' ? v : JSON.stringify(v);

function ChangeLines({ changes }: { changes: Record<string, Change> }) {
  return (
    <ul className="audit-changes">
      {Object.entries(changes).map(([field, c]) => (
        <li key={field}>
          <strong>{field}</strong>:{' '}
          {c.content ? (
            <span className="muted">changed (content not kept in the audit trail)</span>
          ) : (
            <>
              <del>{show(c.before)}</del> → <ins>{show(c.after)}</ins>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

/** Changes of an update, or per object (directory upserts hold `{ id: { field: change } }`). */
function Details({ details }: { details: Record<string, unknown> }) {
  const { changes, ...rest } = details as { changes?: Record<string, unknown> };
  const flat = changes && Object.values(changes).every((c) => c && typeof c === 'object' && 'before' in c);
  const summary = Object.entries(rest)
    .filter(([, v]) => typeof v !== 'object' || v === null)
    .map(([k, v]) => `${k}: ${show(v)}`)
    .join(' · ');
  return (
    <>
      {summary && <div className="muted">{summary}</div>}
      {changes && flat && <ChangeLines changes={changes as Record<string, Change>} />}
      {changes &&
        !flat &&
        Object.entries(changes).map(([id, c]) => (
          <div key={id}>
            <code>{id.slice(0, 8)}…</code>
            <ChangeLines changes={c as Record<string, Change>} />
          </div>
        ))}
    </>
  );
}

export function AuditEntryRow({ entry, who }: { entry: AuditEntry; who: string }) {
  return (
    <tr>
      <td className="num">{entry.id}</td>
      <td>
        <time dateTime={entry.at}>{new Date(entry.at).toLocaleString()}</time>
      </td>
      <td>
        {who}
        <div className="muted">{entry.actor_role}</div>
      </td>
      <td>
        <code>{entry.action}</code>
      </td>
      <td>
        {entry.object_type}
        {entry.object_ids.length > 0 && (
          <div className="muted">
            {entry.object_ids
              .slice(0, 3)
              .map((id) => `${id.slice(0, 8)}…`)
              .join(', ')}
            {entry.object_ids.length > 3 ? ` +${entry.object_ids.length - 3}` : ''}
          </div>
        )}
      </td>
      <td>
        <Details details={entry.details} />
      </td>
    </tr>
  );
}

/** The audit trail's table (its header row; rows are AuditEntryRow), scrollable sideways on a phone. */
export function AuditTable({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls sideways on a phone must be reachable by keyboard
    <section className="table-scroll" tabIndex={0} aria-label={label}>
      <table className="table audit-table">
        <thead>
          <tr>
            <th scope="col" className="num">
              #
            </th>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Action</th>
            <th scope="col">Object</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </section>
  );
}
