/** Sharing a saved report: public in the company, or with a user (view or edit), and removing a share. Owner only. */
import { useId, useState } from 'react';
import { useUsersQuery } from '../../api/useDirectoryQuery.js';
import type { Report } from '../../api/useReportsQuery.js';
import { useSaveReport } from '../../api/useReportsQuery.js';

export function ShareControls({ report }: { report: Report }) {
  const save = useSaveReport();
  const users = useUsersQuery();
  const [user, setUser] = useState('');
  const [permission, setPermission] = useState<'view' | 'edit'>('view');
  const ids = { user: useId(), permission: useId() };
  if (!report.permissions.manage)
    return <p className="muted">Shared with you ({report.permissions.edit ? 'can edit' : 'read-only'}).</p>;
  const shares = report.shared_with_users.map(({ user_id, permission: p }) => ({ user_id, permission: p }));
  const candidates = (users.data?.items ?? []).filter(
    (u) => u.id !== report.user_id && !shares.some((s) => s.user_id === u.id),
  );
  return (
    <fieldset className="share-controls">
      <legend>Sharing</legend>
      <label>
        <input
          type="checkbox"
          checked={report.is_public}
          onChange={(e) => save.mutate({ id: report.id, body: { is_public: e.target.checked } })}
        />{' '}
        Public in my company (read-only)
      </label>
      <ul>
        {report.shared_with_users.map((s) => (
          <li key={s.user_id} data-share={s.user_id}>
            {s.user_name ?? s.user_id} ({s.permission}){' '}
            <button
              type="button"
              className="btn btn-ghost"
              aria-label={`Stop sharing with ${s.user_name ?? s.user_id}`}
              disabled={save.isPending}
              onClick={() =>
                save.mutate({
                  id: report.id,
                  body: { shared_with_users: shares.filter((x) => x.user_id !== s.user_id) },
                })
              }
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
      <label htmlFor={ids.user}>Share with</label>
      <select id={ids.user} className="input" value={user} onChange={(e) => setUser(e.target.value)}>
        <option value="">Choose a user…</option>
        {candidates.map((u) => (
          <option key={u.id} value={u.id}>
            {u.name}
          </option>
        ))}
      </select>
      <label htmlFor={ids.permission}>Permission</label>
      <select
        id={ids.permission}
        className="input"
        value={permission}
        onChange={(e) => setPermission(e.target.value as 'view' | 'edit')}
      >
        <option value="view">Can view</option>
        <option value="edit">Can edit</option>
      </select>
      <button
        type="button"
        className="btn"
        disabled={!user}
        onClick={() =>
          save.mutate({
            id: report.id,
            body: { shared_with_users: [...shares, { user_id: user, permission }] },
          })
        }
      >
        Share
      </button>
    </fieldset>
  );
}
