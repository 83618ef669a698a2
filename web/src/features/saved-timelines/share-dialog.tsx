/** Share a timeline: search the directory, add people with view or edit permission, or make it public. */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { apiFetch } from '../../api/client.js';
import { keys } from '../../api/keys.js';
import type { User } from '../../api/types.js';
import { FormDialog } from '../../components/dialog.js';
import { useUpdateTimeline } from './api.js';
import { SaveError } from './save-error.js';
import type { Timeline } from './types.js';

type Share = Timeline['shared_with_users'][number];

function useDirectorySearch(q: string) {
  const [debounced, setDebounced] = useState(q);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(q.trim()), 250);
    return () => clearTimeout(t);
  }, [q]);
  return useQuery({
    queryKey: keys.directory.userSearch(debounced),
    enabled: debounced.length > 0,
    queryFn: ({ signal }) =>
      apiFetch<{ items: User[] }>('/directory/users', { query: { q: debounced, limit: 20 }, signal }),
  });
}

export function ShareDialog({ timeline, onClose }: { timeline: Timeline; onClose: () => void }) {
  const [shares, setShares] = useState<Share[]>(timeline.shared_with_users);
  const [isPublic, setPublic] = useState(timeline.is_public);
  const [q, setQ] = useState('');
  const searchId = useId();
  const results = useDirectorySearch(q);
  const update = useUpdateTimeline();
  const candidates = (results.data?.items ?? []).filter(
    (u) => u.active && u.id !== timeline.user_id && !shares.some((s) => s.user_id === u.id),
  );

  const submit = () =>
    update.mutate(
      {
        timeline,
        patch: {
          is_public: isPublic,
          shared_with_users: shares.map(({ user_id, permission }) => ({ user_id, permission })),
        },
      },
      { onSuccess: onClose },
    );

  return (
    <FormDialog
      title={`Share “${timeline.timeline_name}”`}
      onClose={onClose}
      onSubmit={submit}
      actions={
        <button type="submit" className="btn btn-primary" disabled={update.isPending}>
          Save sharing
        </button>
      }
    >
      <label className="tl-check">
        <input type="checkbox" checked={isPublic} onChange={(e) => setPublic(e.target.checked)} />
        Public: everyone in the company can open it, read-only
      </label>
      <label className="tl-field" htmlFor={searchId}>
        <span>Add people</span>
      </label>
      <input
        id={searchId}
        className="input"
        type="search"
        placeholder="Search by name or email…"
        value={q}
        onChange={(e) => setQ(e.target.value)}
      />
      {q.trim() && (
        <ul className="tl-share-results" aria-label="Matching people">
          {candidates.length === 0 && (
            <li className="muted">{results.isFetching ? 'Searching…' : 'Nobody found'}</li>
          )}
          {candidates.map((u) => (
            <li key={u.id}>
              <span>
                {u.name} <span className="muted">{u.email ?? u.role}</span>
              </span>
              <button
                type="button"
                className="btn"
                onClick={() => {
                  setShares((s) => [...s, { user_id: u.id, permission: 'view', user_name: u.name }]);
                  setQ('');
                }}
              >
                Add {u.name}
              </button>
            </li>
          ))}
        </ul>
      )}
      <ul className="tl-share-list" aria-label="People with access">
        {shares.length === 0 && <li className="muted">Not shared with anyone yet.</li>}
        {shares.map((s) => (
          <li key={s.user_id}>
            <span>{s.user_name ?? s.user_id}</span>
            <span>
              <label className="sr-only" htmlFor={`perm-${s.user_id}`}>
                Permission of {s.user_name}
              </label>
              <select
                id={`perm-${s.user_id}`}
                className="input"
                value={s.permission}
                onChange={(e) =>
                  setShares((all) =>
                    all.map((x) =>
                      x.user_id === s.user_id
                        ? { ...x, permission: e.target.value as Share['permission'] }
                        : x,
                    ),
                  )
                }
              >
                <option value="view">Can view</option>
                <option value="edit">Can edit</option>
              </select>{' '}
              <button
                type="button"
                className="btn"
                onClick={() => setShares((all) => all.filter((x) => x.user_id !== s.user_id))}
              >
                Remove
              </button>
            </span>
          </li>
        ))}
      </ul>
      <SaveError error={update.error} />
    </FormDialog>
  );
}
