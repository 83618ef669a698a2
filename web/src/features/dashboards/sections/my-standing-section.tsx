/** "My standing": my activities against the previous period, my rank and share in my team, my outcome rate. */
import type { MeDashboard } from '../../../../../src/dashboards/schema.js';
import type { QueryState } from '../../../components/figure-card.js';
import { KpiTiles } from '../kpi-tiles.js';

interface Props {
  label: string;
  query: QueryState<MeDashboard>;
  /** My productivity row (or the totals when I have none), for the outcome rate. */
  me: { outcome_rate?: number | null } | undefined;
}

export function MyStandingSection({ label, query, me }: Props) {
  return (
    <KpiTiles
      label="My standing"
      period={label}
      query={query}
      tiles={[
        {
          testId: 'me-activities',
          label: 'My activities',
          unit: 'events',
          value: query.data?.volume.total,
          change: query.data?.volume.total_change?.relative ?? null,
        },
        {
          testId: 'me-rank',
          label: 'Rank in my team',
          value: query.data?.standing
            ? `${query.data.standing.rank} of ${query.data.standing.member_count}`
            : null,
          empty: 'You are in no team, or your team has no activity in this period',
        },
        {
          label: 'Share of my team’s activities',
          unit: '%',
          digits: 1,
          value: query.data?.standing?.share == null ? null : query.data.standing.share * 100,
          empty: 'You are in no team, or your team has no activity in this period',
        },
        {
          label: 'Outcome rate',
          unit: '%',
          digits: 1,
          value: me?.outcome_rate == null ? null : me.outcome_rate * 100,
          empty: 'None of your events recorded an outcome in this period',
        },
      ]}
    />
  );
}
