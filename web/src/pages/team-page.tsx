/** Team dashboard: figures, response times, members, outcomes, customers and the team's timeline. */
import { useId } from 'react';
import { useNavigate, useParams } from 'react-router';
import { getClaims, getPersona } from '../api/session.js';
import { useTeamDashboard } from '../api/useDashboardQuery.js';
import { useTeamsQuery } from '../api/useDirectoryQuery.js';
import { INDIVIDUAL_ROLES } from '../components/shell.js';
import { EmptyState, NotFoundState, Spinner } from '../components/states.js';
import { KpiTiles } from '../features/dashboards/kpi-tiles.js';
import { DataAsOf, PeriodSelect, useDrill, usePeriod } from '../features/dashboards/period.js';
import { RecentEvents } from '../features/dashboards/recent-events.js';
import { ResponseTimesSection } from '../features/dashboards/sections/response-times-section.js';
import { TeamMembersSection } from '../features/dashboards/sections/team-members-section.js';
import { DashboardExport } from '../features/exports/dashboard-export.js';

export function TeamPage() {
  const { teamId: param } = useParams();
  const teams = useTeamsQuery();
  const navigate = useNavigate();
  const pickerId = useId();
  const teamId = param ?? getPersona()?.team_id ?? teams.data?.items[0]?.id;
  const team = teams.data?.items.find((t) => t.id === teamId);
  const individual = INDIVIDUAL_ROLES.includes(getClaims()?.role ?? '');
  const unknown = Boolean(teams.data && teamId && !team);
  return (
    <main id="main" className="page">
      <div className="page-head">
        <h1>Team dashboard{team ? ` · ${team.name}` : ''}</h1>
        {!individual && (
          <div className="toolbar">
            <label htmlFor={pickerId}>Team</label>
            <select
              id={pickerId}
              className="input"
              value={team ? teamId : ''}
              onChange={(e) => void navigate(`/dashboards/team/${e.target.value}${window.location.search}`)}
            >
              {unknown && <option value="">Choose a team</option>}
              {(teams.data?.items ?? []).map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </div>
        )}
      </div>
      {individual ? (
        <EmptyState
          title="Team dashboards are for team leads"
          why="Your role sees your own figures and company totals: open My activity for your performance, or the Executive page for company trends."
        />
      ) : teams.isPending ? (
        <Spinner label="Loading teams" />
      ) : unknown ? (
        <NotFoundState
          what="Team"
          why="No team you can see has this address. Pick a team above."
          back={{ to: '/dashboards/team', label: 'Your team' }}
        />
      ) : teamId ? (
        <TeamBody teamId={teamId} />
      ) : (
        <EmptyState title="No team" why="The directory has no teams yet." />
      )}
    </main>
  );
}

function TeamBody({ teamId }: { teamId: string }) {
  const { range, label, from, setRange } = usePeriod();
  // One request for the whole page: every section equals its KPI endpoint with team_id = this team.
  const dash = useTeamDashboard(teamId, { from, compare: 'previous' });
  const d = dash.data;
  const drill = useDrill({ from, team_id: [teamId] });
  const t = d?.productivity.teams.find((x) => x.team_id === teamId);
  const nameOf = (id: string) => t?.members.find((m) => m.user_id === id)?.name ?? id;
  return (
    <>
      <div className="page-tools">
        <DataAsOf freshness={d?.freshness} />
        <PeriodSelect range={range} onChange={setRange} />
        <DashboardExport path={`team/${teamId}`} query={{ from, compare: 'previous' }} />
      </div>
      <KpiTiles
        label="Team figures"
        period={label}
        loading={dash.isPending}
        error={dash.error}
        onRetry={() => void dash.refetch()}
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
      <div className="grid">
        <ResponseTimesSection
          teamId={teamId}
          from={from}
          label={label}
          calendar={{ ...dash, data: d?.response_times }}
          nameOf={nameOf}
          drill={drill}
        />
        <TeamMembersSection teamId={teamId} label={label} query={dash} nameOf={nameOf} drill={drill} />
        <RecentEvents className="span-6" title="Team timeline" filters={{ team_id: [teamId] }} />
      </div>
    </>
  );
}
