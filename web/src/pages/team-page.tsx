/** Team dashboard: the team's timeline, member comparison, workload balance, response times, outcomes, customers. */
import { useId } from 'react';
import { useNavigate, useParams } from 'react-router';
import { getClaims, getPersona } from '../api/session.js';
import { useTeamsQuery } from '../api/useDirectoryQuery.js';
import { useEffectivenessQuery } from '../api/useEffectivenessQuery.js';
import { useProductivityQuery } from '../api/useProductivityQuery.js';
import { useResponseTimesQuery } from '../api/useResponseTimesQuery.js';
import { useVolumeQuery } from '../api/useVolumeQuery.js';
import { barOption, pieOption } from '../charts/builders.js';
import { EChart } from '../charts/chart.js';
import { ChartCard } from '../charts/chart-card.js';
import { INDIVIDUAL_ROLES } from '../components/shell.js';
import { EmptyState, Spinner } from '../components/states.js';
import {
  fmtNumber,
  formatMinutes,
  PeriodSelect,
  useDrill,
  usePeriod,
} from '../features/dashboards/period.js';
import { RecentEvents } from '../features/dashboards/recent-events.js';
import { Tile } from '../features/dashboards/tile.js';

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
  const q = { from, team_id: [teamId], compare: 'previous' as const };
  const productivity = useProductivityQuery(q);
  const response = useResponseTimesQuery(q);
  const effectiveness = useEffectivenessQuery(q);
  const segments = useVolumeQuery({ ...q, dimension: 'segment', bucket: 'month' });
  const drill = useDrill({ from, team_id: [teamId] });
  const t = productivity.data?.teams.find((x) => x.team_id === teamId);
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
      <PeriodSelect range={range} onChange={setRange} />
      <section className="tiles" aria-label="Team figures">
        <Tile
          testId="team-activities"
          label="Team activities"
          unit="events"
          value={t?.activities}
          change={t?.activities_change?.relative ?? null}
        />
        <Tile
          loading={productivity.isPending}
          testId="team-members"
          label="Members"
          value={t?.member_count}
        />
        <Tile
          loading={productivity.isPending}
          label="Events per member"
          unit="events"
          value={t?.mean_activities}
        />
        <div className="tile">
          <span className="tile-label">Workload balance (Gini, 0 = even)</span>
          <span className="tile-value">{t?.gini == null ? '—' : t.gini.toFixed(2)}</span>
        </div>
        <div className="tile">
          <span className="tile-label">Median response time</span>
          <span className="tile-value">{formatMinutes(response.data?.overall.median_minutes)}</span>
        </div>
      </section>
      <div className="grid">
        <ChartCard
          className="span-6"
          title="Member comparison"
          subtitle={`Events per member · ${label}`}
          query={productivity}
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
          query={productivity}
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
          query={response}
          isEmpty={!response.data?.by_user.length}
          emptyWhy="No inbound event was answered by this team in this period."
        >
          {response.data && (
            <EChart
              height={Math.max(200, response.data.by_user.length * 34)}
              label="Median response time per member, minutes"
              option={barOption(
                response.data.by_user.map((u) => ({
                  label: nameOf(u.key),
                  value: Math.round(u.median_minutes ?? 0),
                })),
                'minutes',
              )}
              onClick={(e) => {
                const u = response.data?.by_user.find((x) => nameOf(x.key) === e.name);
                if (u) drill({ user_id: [u.key], direction: ['outbound'] });
              }}
            />
          )}
        </ChartCard>
        <ChartCard
          className="span-6"
          title="Outcome rates"
          subtitle={`Successful outcomes ÷ events with an outcome, % per member · ${label}`}
          query={effectiveness}
          isEmpty={!effectiveness.data?.by_user.some((u) => u.success_rate !== null)}
          emptyWhy="No event of this team recorded an outcome in this period."
        >
          {effectiveness.data && (
            <EChart
              height={Math.max(200, effectiveness.data.by_user.length * 34)}
              label="Outcome rate per member, percent"
              option={barOption(
                effectiveness.data.by_user.map((u) => ({
                  label: nameOf(u.key),
                  value: Math.round((u.success_rate ?? 0) * 1000) / 10,
                })),
                '%',
              )}
              onClick={(e) => {
                const u = effectiveness.data?.by_user.find((x) => nameOf(x.key) === e.name);
                if (u) drill({ user_id: [u.key] });
              }}
            />
          )}
        </ChartCard>
        <ChartCard
          className="span-6"
          title="Engagement of the team's customers"
          subtitle={`Team events per customer segment · ${label} vs previous (grey)`}
          query={segments}
          isEmpty={!segments.data?.by.length}
          emptyWhy="The team had no customer activity in this period."
        >
          {segments.data && (
            <EChart
              height={240}
              label="Team events per customer segment"
              option={barOption(
                segments.data.by.map((r) => ({ label: r.key, value: r.value, previous: r.change?.previous })),
                'events',
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
