/** Team dashboard: the team's timeline, member comparison, workload balance, response times, outcomes, customers. */
import { useId } from 'react';
import { useNavigate, useParams } from 'react-router';
import { barOption, pieOption } from '../../../src/charts/builders.js';
import { getClaims, getPersona } from '../api/session.js';
import { useTeamDashboard } from '../api/useDashboardQuery.js';
import { useTeamsQuery } from '../api/useDirectoryQuery.js';
import { EChart } from '../charts/chart.js';
import { ChartCard } from '../charts/chart-card.js';
import { INDIVIDUAL_ROLES } from '../components/shell.js';
import { EmptyState, Spinner } from '../components/states.js';
import { KpiTiles } from '../features/dashboards/kpi-tiles.js';
import {
  DataAsOf,
  fmtNumber,
  formatMinutes,
  PeriodSelect,
  useDrill,
  usePeriod,
} from '../features/dashboards/period.js';
import { RecentEvents } from '../features/dashboards/recent-events.js';
import { DashboardExport } from '../features/exports/dashboard-export.js';

export function TeamPage() {
  const { teamId: param } = useParams();
  const teams = useTeamsQuery();
  const navigate = useNavigate();
  const pickerId = useId();
  const teamId = param ?? getPersona()?.team_id ?? teams.data?.items[0]?.id;
  const team = teams.data?.items.find((t) => t.id === teamId);
  if (INDIVIDUAL_ROLES.includes(getClaims()?.role ?? '')) {
    return (
      <main id="main" className="page">
        <div className="page-head">
          <h1>Team dashboard</h1>
        </div>
        <EmptyState
          title="Team dashboards are for team leads"
          why="Your role sees your own figures and company totals: open My activity for your performance, or the Executive page for company trends."
        />
      </main>
    );
  }
  return (
    <main id="main" className="page">
      <div className="page-head">
        <h1>Team dashboard{team ? ` · ${team.name}` : ''}</h1>
        <div className="toolbar">
          <label htmlFor={pickerId}>Team</label>
          <select
            id={pickerId}
            className="input"
            value={teamId ?? ''}
            onChange={(e) => void navigate(`/dashboards/team/${e.target.value}${window.location.search}`)}
          >
            {(teams.data?.items ?? []).map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      {teams.isPending ? (
        <Spinner label="Loading teams" />
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
  const members = t?.members ?? [];
  // Both member charts plot the same series and drill down the same way: one definition for both.
  const memberEvents = members.map((m) => ({ label: m.name ?? m.user_id, value: m.activities }));
  const drillToMember = (e: { name?: unknown }) => {
    const id = members.find((m) => (m.name ?? m.user_id) === e.name)?.user_id;
    if (id) drill({ user_id: [id] });
  };
  const nameOf = (id: string) => members.find((m) => m.user_id === id)?.name ?? id;

  return (
    <>
      <DataAsOf freshness={dash.data?.freshness} />
      <PeriodSelect range={range} onChange={setRange} />
      {teamId && <DashboardExport path={`team/${teamId}`} query={{ from, compare: 'previous' }} />}
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
          {
            label: 'Median response time',
            value:
              d?.response_times.overall.median_minutes == null
                ? null
                : formatMinutes(d.response_times.overall.median_minutes),
            empty: 'No inbound event was answered by this team in this period',
          },
        ]}
      />
      <div className="grid">
        <ChartCard
          className="span-6"
          title="Member comparison"
          subtitle={`Events per member · ${label}`}
          query={dash}
          isEmpty={!members.length}
          emptyWhy="This team has no members with activity in this period."
        >
          <EChart
            height={Math.max(200, members.length * 34)}
            label="Events per team member"
            option={barOption(memberEvents, 'events')}
            onClick={drillToMember}
          />
        </ChartCard>
        <ChartCard
          className="span-6"
          title="Workload balance"
          subtitle={`Share of the team's events per member · ${label}`}
          query={dash}
          isEmpty={!members.some((m) => m.activities)}
          emptyWhy="No member has activity in this period, so there is no workload to compare."
        >
          <EChart
            height={260}
            label="Share of the team's events per member"
            option={pieOption(memberEvents, 'events')}
            onClick={drillToMember}
          />
        </ChartCard>
        <ChartCard
          className="span-6"
          title="Response times"
          subtitle={`Median minutes from an inbound event to the member's reply · ${label}`}
          query={dash}
          isEmpty={!d?.response_times?.by_user.length}
          emptyWhy="No inbound event was answered by this team in this period."
        >
          {d && (
            <EChart
              height={Math.max(200, d.response_times.by_user.length * 34)}
              label="Median response time per member, minutes"
              option={barOption(
                d.response_times.by_user.map((u) => ({
                  label: nameOf(u.key),
                  value: Math.round(u.median_minutes ?? 0),
                })),
                'minutes',
              )}
              onClick={(e) => {
                const u = d?.response_times?.by_user.find((x) => nameOf(x.key) === e.name);
                if (u) drill({ user_id: [u.key], direction: ['outbound'] });
              }}
            />
          )}
        </ChartCard>
        <ChartCard
          className="span-6"
          title="Outcome rates"
          subtitle={`Successful outcomes ÷ events with an outcome, % per member · ${label}`}
          query={dash}
          isEmpty={!d?.effectiveness?.by_user.some((u) => u.success_rate !== null)}
          emptyWhy="No event of this team recorded an outcome in this period."
        >
          {d && (
            <EChart
              height={Math.max(200, d.effectiveness.by_user.length * 34)}
              label="Outcome rate per member, percent"
              option={barOption(
                d.effectiveness.by_user.map((u) => ({
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
          )}
        </ChartCard>
        <ChartCard
          className="span-6"
          title="Engagement of the team's customers"
          subtitle={`Customers who wrote in (≥ 1 inbound event) per segment, of customers the team touched (grey) · ${label}`}
          query={dash}
          isEmpty={!d?.engagement.rate.by_segment.some((r) => r.engaged || r.touched)}
          emptyWhy="The team touched no customer and no customer wrote in during this period."
        >
          {d && (
            <EChart
              height={240}
              label="Engaged customers of the team per segment"
              option={barOption(
                d.engagement.rate.by_segment.map((r) => ({
                  label: r.segment,
                  value: r.engaged,
                  previous: r.touched,
                })),
                'customers',
                { value: 'Engaged', previous: 'Touched' },
              )}
              onClick={(e) => e.name !== 'unknown' && drill({ segment: [String(e.name)] })}
            />
          )}
        </ChartCard>
        <RecentEvents className="span-6" title="Team timeline" filters={{ team_id: [teamId] }} />
      </div>
      <p className="muted">
        Figures: {fmtNumber(t?.activities)} events by {fmtNumber(t?.member_count)} members.
      </p>
    </>
  );
}
