/** Events per team, with outcome rate and median response per team in a table linking to each team. */
import { Link } from 'react-router';
import { teamComparison } from '../../../../../src/charts/dashboard-charts.js';
import type { ExecutiveDashboard } from '../../../../../src/dashboards/schema.js';
import { EChart } from '../../../charts/chart.js';
import { FigureCard, type QueryState } from '../../../components/figure-card.js';
import type { Filters } from '../../filters/url-filters.js';
import { fmtNumber, formatMinutes } from '../period.js';

interface Props {
  label: string;
  query: QueryState<ExecutiveDashboard>;
  teamName: (id: string) => string;
  drill: (slice: Filters) => void;
}

export function TeamComparisonSection({ label, query, teamName, drill }: Props) {
  const d = query.data;
  return (
    <FigureCard
      className="span-6"
      title="Team comparison"
      subtitle={`Events per team · ${label}; outcome rate and median response in the table`}
      query={query}
      isEmpty={!d?.productivity.teams.length}
      emptyWhy="No team had activity in this period (or you may not see any team)."
    >
      {d && (
        <>
          <EChart
            height={220}
            label="Events per team"
            option={teamComparison(d, teamName).option}
            onClick={(e) => {
              const t = d.productivity.teams.find((x) => teamName(x.team_id) === e.name);
              if (t && t.team_id !== 'unknown') drill({ team_id: [t.team_id] });
            }}
          />
          <table className="table" data-testid="team-table">
            <thead>
              <tr>
                <th>Team</th>
                <th className="num">Events</th>
                <th className="num">Outcome rate</th>
                <th className="num">Median response</th>
              </tr>
            </thead>
            <tbody>
              {d.productivity.teams.map((t) => (
                <tr key={t.team_id}>
                  <td>
                    {t.team_id === 'unknown' ? (
                      'No team'
                    ) : (
                      <Link to={`/dashboards/team/${t.team_id}`}>{teamName(t.team_id)}</Link>
                    )}
                  </td>
                  <td className="num">{fmtNumber(t.activities)}</td>
                  <td className="num">
                    {t.outcome_rate == null ? '—' : `${(t.outcome_rate * 100).toFixed(1)} %`}
                  </td>
                  <td className="num">{formatMinutes(t.median_response_minutes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </FigureCard>
  );
}
