/** The team's headline figures: activities (against the previous period), members, events per member, balance. */
import type { TeamDashboard } from '../../../../../src/dashboards/schema.js';
import type { QueryState } from '../../../components/figure-card.js';
import { KpiTiles } from '../kpi-tiles.js';

interface Props {
  teamId: string;
  label: string;
  query: QueryState<TeamDashboard>;
}

export function TeamFiguresSection({ teamId, label, query }: Props) {
  const t = query.data?.productivity.teams.find((x) => x.team_id === teamId);
  return (
    <KpiTiles
      label="Team figures"
      period={label}
      query={query}
      tiles={[
        {
          testId: 'team-activities',
          label: 'Team activities',
          unit: 'events',
          value: t ? t.activities : 0,
          change: t?.activities_change?.relative ?? null,
        },
        {
          testId: 'team-members',
          label: 'Members',
          unit: 'people',
          value: t ? t.member_count : null,
          empty: 'No member of this team has activity in this period',
        },
        {
          label: 'Events per member',
          unit: 'events',
          digits: 1,
          value: t?.mean_activities,
          empty: 'No member of this team has activity in this period',
        },
        {
          label: 'Workload balance (Gini, 0 = even)',
          value: t?.gini == null ? null : t.gini.toFixed(2),
          empty: 'Needs members with activity in this period',
        },
      ]}
    />
  );
}
