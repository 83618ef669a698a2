/**
 * The demo personas grouped by role, each group saying in one line what that role sees, so a visitor
 * picks a point of view rather than a name. On a phone every group but the first is folded (a
 * disclosure per role), which keeps the page a screen or two long instead of 2,700 px.
 */
import type { Persona } from '../../api/session.js';

/** Roles in the order a visitor is likely to try them, with what each one sees. */
export const ROLES: Array<{ role: string; label: string; sees: string }> = [
  { role: 'rep', label: 'Sales reps', sees: 'Their own customers and activities, today’s agenda and goals.' },
  {
    role: 'agent',
    label: 'Support agents',
    sees: 'Their own tickets and replies, and what is waiting for an answer.',
  },
  { role: 'team_lead', label: 'Team leads', sees: 'Their team’s timeline, workload and response times.' },
  { role: 'executive', label: 'Executives', sees: 'Company-wide trends, teams and top movers.' },
  {
    role: 'marketing',
    label: 'Marketing',
    sees: 'Engagement by segment and campaign touchpoints across customers.',
  },
  {
    role: 'compliance',
    label: 'Compliance',
    sees: 'Every activity plus the audit trail and its integrity checks.',
  },
  {
    role: 'admin',
    label: 'Administrators',
    sees: 'Everything, including settings, schedules and the audit trail.',
  },
];

const initials = (name: string) =>
  name
    .split(' ')
    .map((w) => w[0])
    .join('');

export function PersonaGroups({
  people,
  busy,
  onPick,
}: {
  people: Persona[];
  busy: string | null;
  onPick: (p: Persona) => void;
}) {
  const phone = typeof window !== 'undefined' && window.matchMedia('(max-width: 700px)').matches;
  const known = new Set(ROLES.map((r) => r.role));
  const groups = [
    ...ROLES,
    ...[...new Set(people.map((p) => p.role).filter((r) => !known.has(r)))].map((role) => ({
      role,
      label: role,
      sees: 'What this role is allowed to see.',
    })),
  ]
    .map((g) => ({ ...g, members: people.filter((p) => p.role === g.role) }))
    .filter((g) => g.members.length);
  return (
    <div className="persona-groups">
      {groups.map((g, i) => (
        <details key={g.role} className="persona-group" open={!phone || i === 0} data-role={g.role}>
          <summary>
            <h2>
              {g.label} <span className="muted">({g.members.length})</span>
            </h2>
            <p className="muted">{g.sees}</p>
          </summary>
          <ul className="persona-grid" aria-label={`${g.label}: demo personas`}>
            {g.members.map((p) => (
              <li key={p.user_id}>
                <button
                  type="button"
                  className="persona-card"
                  onClick={() => onPick(p)}
                  disabled={busy !== null}
                  aria-busy={busy === p.user_id}
                >
                  <span className="avatar" aria-hidden="true">
                    {initials(p.name)}
                  </span>
                  <span className="persona-text">
                    <strong>{p.name}</strong>
                    <span className="muted">{p.team_name ?? 'No team'}</span>
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </details>
      ))}
    </div>
  );
}
