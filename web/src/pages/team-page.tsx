/** Team dashboard: figures, response times, members, outcomes, customers and the team's timeline. */
import { useParams } from 'react-router';
import { getClaims, getPersona } from '../api/session.js';
import { useTeamDashboard } from '../api/useDashboardQuery.js';
import { useTeamsQuery } from '../api/useDirectoryQuery.js';
import { INDIVIDUAL_ROLES } from '../components/shell.js';
import { EmptyState, NotFoundState, Spinner } from '../components/states.js';
import { DataAsOf, PeriodSelect, useDrill, usePeriod } from '../features/dashboards/period.js';
import { RecentEvents } from '../features/dashboards/recent-events.js';
import { ResponseTimesSection } from '../features/dashboards/sections/response-times-section.js';
import { TeamFiguresSection } from '../features/dashboards/sections/team-figures-section.js';
import { TeamMembersSection } from '../features/dashboards/sections/team-members-section.js';
import { TeamPicker } from '../features/dashboards/team-picker.js';
import { DashboardExport } from '../features/exports/dashboard-export.js';

export function TeamPage() {
  const { teamId: param } = useParams();
  const teams = useTeamsQuery();
  const teamId = param ?? getPersona()?.team_id ?? teams.data?.items[0]?.id;
  const team = teams.data?.items.find((t) => t.id === teamId);
  const individual = INDIVIDUAL_ROLES.includes(getClaims()?.role ?? '');
  const unknown = Boolean(teams.data && teamId && !team);
  return (
    <main id="main" className="page">
      <div className="page-head">
        <h1>Team dashboard{team ? ` · ${team.name}` : ''}</h1>
        {!individual && (
          <TeamPicker teams={teams.data?.items ?? []} value={team ? (teamId ?? '') : ''} unknown={unknown} />
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
      <TeamFiguresSection teamId={teamId} label={label} query={dash} />
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
