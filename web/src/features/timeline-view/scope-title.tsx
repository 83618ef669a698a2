/** The timeline's heading: the open saved timeline's name (renamed in place), company-wide, or the customer/user/team it is narrowed to. */
import { Link } from 'react-router';
import { useCustomersQuery, useTeamsQuery, useUsersQuery } from '../../api/useDirectoryQuery.js';
import type { Filters } from '../filters/url-filters.js';
import { useTimelineScope } from '../saved-timelines/timeline-scope.js';
import { TimelineTitle } from '../saved-timelines/timeline-title.js';

export function ScopeTitle({ filters }: { filters: Filters }) {
  const { timeline } = useTimelineScope();
  const customers = useCustomersQuery();
  const users = useUsersQuery();
  const teams = useTeamsQuery();
  const one = (ids: string[] | undefined) => (ids?.length === 1 ? ids[0] : undefined);
  const customerId = one(filters.customer_id);
  const userId = one(filters.user_id);
  const teamId = one(filters.team_id);
  if (timeline) return <TimelineTitle timeline={timeline} />;
  if (customerId) {
    const c = customers.data?.items.find((x) => x.id === customerId);
    return (
      <h1>
        Timeline · {c?.name ?? 'Customer'}{' '}
        <Link className="h-link" to={`/customers/${customerId}`}>
          Journey
        </Link>
      </h1>
    );
  }
  if (userId) return <h1>Timeline · {users.data?.items.find((x) => x.id === userId)?.name ?? 'User'}</h1>;
  if (teamId) return <h1>Timeline · {teams.data?.items.find((x) => x.id === teamId)?.name ?? 'Team'}</h1>;
  return <h1>Company timeline</h1>;
}
