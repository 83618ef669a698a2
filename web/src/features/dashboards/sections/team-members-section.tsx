/** A team's members: events per member, workload share, outcome rates and the engagement of its customers. */
import { barOption, pieOption } from '../../../../../src/charts/builders.js';
import type { TeamDashboard } from '../../../../../src/dashboards/schema.js';
import { EChart } from '../../../charts/chart.js';
import { FigureCard, type QueryState } from '../../../components/figure-card.js';
import type { Filters } from '../../filters/url-filters.js';

interface Props {
  teamId: string;
  label: string;
  query: QueryState<TeamDashboard>;
  nameOf: (userId: string) => string;
  drill: (slice: Filters) => void;
}

export function TeamMembersSection({ teamId, label, query, nameOf, drill }: Props) {
  const d = query.data;
  const members = d?.productivity.teams.find((x) => x.team_id === teamId)?.members ?? [];
  // Both member charts plot the same series and drill down the same way: one definition for both.
  const memberEvents = members.map((m) => ({ label: m.name ?? m.user_id, value: m.activities }));
  const drillToMember = (e: { name?: unknown }) => {
    const id = members.find((m) => (m.name ?? m.user_id) === e.name)?.user_id;
    if (id) drill({ user_id: [id] });
  };
  return (
    <>
      <FigureCard
        className="span-6"
        title="Member comparison"
        subtitle={`Events per member · ${label}`}
        query={query}
        isEmpty={!members.length}
        emptyWhy="This team has no members with activity in this period."
      >
        <EChart
          height={Math.max(200, members.length * 34)}
          label="Events per team member"
          option={barOption(memberEvents, 'events')}
          onClick={drillToMember}
        />
      </FigureCard>
      <FigureCard
        className="span-6"
        title="Workload balance"
        subtitle={`Share of the team's events per member · ${label}`}
        query={query}
        isEmpty={!members.some((m) => m.activities)}
        emptyWhy="No member has activity in this period, so there is no workload to compare."
      >
        <EChart
          height={260}
          label="Share of the team's events per member"
          option={pieOption(memberEvents, 'events')}
          onClick={drillToMember}
        />
      </FigureCard>
      <FigureCard
        className="span-6"
        title="Outcome rates"
        subtitle={`Successful outcomes ÷ events with an outcome, % per member · ${label}`}
        query={query}
        isEmpty={!d?.effectiveness?.by_user.some((u) => u.success_rate !== null)}
        emptyWhy="No event of this team recorded an outcome in this period."
      >
        <EChart
          height={Math.max(200, (d?.effectiveness.by_user.length ?? 0) * 34)}
          label="Outcome rate per member, percent"
          option={barOption(
            (d?.effectiveness.by_user ?? []).map((u) => ({
              label: nameOf(u.key),
              value: Math.round((u.success_rate ?? 0) * 1000) / 10,
            })),
            '%',
          )}
          onClick={(e) => {
            const u = d?.effectiveness?.by_user.find((x) => nameOf(x.key) === e.name);
            if (u) drill({ user_id: [u.key] });
          }}
        />
      </FigureCard>
      <FigureCard
        className="span-6"
        title="Engagement of the team's customers"
        subtitle={`Customers who wrote in (≥ 1 inbound event) per segment, of customers the team touched · ${label}`}
        query={query}
        isEmpty={!d?.engagement.rate.by_segment.some((r) => r.engaged || r.touched)}
        emptyWhy="The team touched no customer and no customer wrote in during this period."
      >
        <EChart
          height={240}
          label="Engaged customers of the team per segment"
          option={barOption(
            (d?.engagement.rate.by_segment ?? []).map((r) => ({
              label: r.segment,
              value: r.engaged,
              previous: r.touched,
            })),
            'customers',
            { value: 'Engaged', previous: 'Touched' },
          )}
          onClick={(e) => e.name !== 'unknown' && drill({ segment: [String(e.name)] })}
        />
      </FigureCard>
    </>
  );
}
