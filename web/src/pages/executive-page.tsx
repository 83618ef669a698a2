/** Executive dashboard: trends vs previous period, segments, teams, channels, real time, top movers. */
import { useMemo } from 'react';
import { Link } from 'react-router';
import { useTeamsQuery, useUsersQuery } from '../api/useDirectoryQuery.js';
import { useProductivityQuery } from '../api/useProductivityQuery.js';
import { useResponseTimesQuery } from '../api/useResponseTimesQuery.js';
import { useVolumeQuery } from '../api/useVolumeQuery.js';
import { barOption, pieOption, trendOption } from '../charts/builders.js';
import { EChart } from '../charts/chart.js';
import { ChartCard } from '../charts/chart-card.js';
import { typeMeta } from '../components/type-badge.js';
import { LiveTiles } from '../features/dashboards/live-tiles.js';
import {
  fmtNumber,
  formatChange,
  formatMinutes,
  PeriodSelect,
  useDrill,
  usePeriod,
} from '../features/dashboards/period.js';
import { Tile } from '../features/dashboards/tile.js';
import { timelineHref } from '../features/filters/url-filters.js';

export function ExecutivePage() {
  const { range, label, from, setRange } = usePeriod();
  const q = { from, compare: 'previous' as const };
  const trend = useVolumeQuery({ ...q, dimension: 'none' });
  const segments = useVolumeQuery({ ...q, dimension: 'segment', bucket: 'month' });
  const channels = useVolumeQuery({ ...q, dimension: 'type', bucket: 'month' });
  const movers = useVolumeQuery({ ...q, dimension: 'user', bucket: 'month' });
  const productivity = useProductivityQuery(q);
  const response = useResponseTimesQuery(q);
  const users = useUsersQuery();
  const teams = useTeamsQuery();
  const drill = useDrill({ from });
  const userName = (id: string) => users.data?.items.find((u) => u.id === id)?.name ?? id;
  const teamName = (id: string) =>
    teams.data?.items.find((t) => t.id === id)?.name ?? (id === 'unknown' ? 'No team' : id);
  const period = `${label}, compared with the ${label.replace('last ', 'previous ')}`;

  const topMovers = useMemo(
    () =>
      [...(movers.data?.by ?? [])]
        .filter((r) => r.change)
        .sort((a, b) => Math.abs(b.change?.absolute ?? 0) - Math.abs(a.change?.absolute ?? 0))
        .slice(0, 8),
    [movers.data],
  );

  return (
    <main id="main" className="page">
      <div className="page-head">
        <h1>Executive dashboard</h1>
        <PeriodSelect range={range} onChange={setRange} />
      </div>
      <section className="tiles" aria-label="Key figures">
        <Tile
          testId="kpi-activities"
          label="Activities"
          unit="events"
          value={trend.data?.total}
          change={trend.data?.total_change?.relative ?? null}
        />
        <Tile
          testId="kpi-customers"
          label="Customers touched"
          unit="customers"
          loading={productivity.isPending}
          value={productivity.data?.totals.customers_touched}
        />
        <Tile
          testId="kpi-outcome"
          label="Outcome rate"
          unit="%"
          value={
            productivity.data?.totals.outcome_rate == null
              ? null
              : productivity.data.totals.outcome_rate * 100
          }
        />
        <div className="tile" data-testid="kpi-response">
          <span className="tile-label">Median response time</span>
          <span className="tile-value">{formatMinutes(response.data?.overall.median_minutes)}</span>
          <span className="muted">
            {response.data ? `${fmtNumber(response.data.overall.answered)} answered inbound` : ' '}
          </span>
        </div>
      </section>
      <div className="grid">
        <ChartCard
          className="span-8"
          title="Activity trend"
          subtitle={`Events per ${trend.data?.period.bucket ?? 'day'} · ${period}`}
          query={trend}
          isEmpty={!trend.data?.total}
          emptyWhy="No activity was recorded in this period."
        >
          {trend.data && (
            <EChart
              height={280}
              label="Activity trend, this period against the previous period"
              option={trendOption(
                trend.data.buckets,
                trend.data.previous?.buckets,
                trend.data.period.bucket,
                'events',
              )}
              onClick={(e) => {
                const b = trend.data?.buckets[e.dataIndex];
                const next = trend.data?.buckets[e.dataIndex + 1];
                if (b) drill({ from: b.start, to: next?.start ?? trend.data?.period.to });
              }}
            />
          )}
        </ChartCard>
        <div className="span-4">
          <LiveTiles filters={{}} />
        </div>
        <ChartCard
          className="span-6"
          title="Engagement by segment"
          subtitle={`Events per customer segment · ${period} (grey)`}
          query={segments}
          isEmpty={!segments.data?.by.length}
          emptyWhy="No customer segment had activity in this period."
        >
          {segments.data && (
            <EChart
              height={260}
              label="Events by customer segment"
              option={barOption(
                segments.data.by.map((r) => ({ label: r.key, value: r.value, previous: r.change?.previous })),
                'events',
              )}
              onClick={(e) => e.name !== 'unknown' && drill({ segment: [String(e.name)] })}
            />
          )}
        </ChartCard>
        <ChartCard
          className="span-6"
          title="Channel mix"
          subtitle={`Share of events by activity type · ${label}`}
          query={channels}
          isEmpty={!channels.data?.by.length}
          emptyWhy="No activity was recorded in this period."
        >
          {channels.data && (
            <EChart
              height={260}
              label="Events by activity type"
              option={pieOption(
                channels.data.by.map((r) => ({
                  label: typeMeta(r.key).label,
                  value: r.value,
                  color: typeMeta(r.key).color,
                })),
                'events',
              )}
              onClick={(e) => {
                const row = channels.data?.by[e.dataIndex];
                if (row) drill({ type: [row.key] as never });
              }}
            />
          )}
        </ChartCard>
        <ChartCard
          className="span-6"
          title="Team comparison"
          subtitle={`Events per team · ${label}; outcome rate and median response in the table`}
          query={productivity}
          isEmpty={!productivity.data?.teams.length}
          emptyWhy="No team had activity in this period (or you may not see any team)."
        >
          {productivity.data && (
            <>
              <EChart
                height={220}
                label="Events per team"
                option={barOption(
                  productivity.data.teams.map((t) => ({
                    label: t.name ?? teamName(t.team_id),
                    value: t.activities,
                  })),
                  'events',
                )}
                onClick={(e) => {
                  const t = productivity.data?.teams.find((x) => (x.name ?? teamName(x.team_id)) === e.name);
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
                  {productivity.data.teams.map((t) => (
                    <tr key={t.team_id}>
                      <td>
                        {t.team_id === 'unknown' ? (
                          'No team'
                        ) : (
                          <Link to={`/dashboards/team/${t.team_id}`}>{t.name ?? teamName(t.team_id)}</Link>
                        )}
                      </td>
                      <td className="num">{fmtNumber(t.activities)}</td>
                      <td className="num">
                        {t.outcome_rate == null ? '—' : `${fmtNumber(t.outcome_rate * 100, 1)} %`}
                      </td>
                      <td className="num">{formatMinutes(t.median_response_minutes)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </ChartCard>
        <ChartCard
          className="span-6"
          title="Top movers"
          subtitle={`Users with the largest change in events · ${period}`}
          query={movers}
          isEmpty={!topMovers.length}
          emptyWhy="Nobody's activity changed against the previous period (or there is no previous data)."
        >
          <table className="table" data-testid="movers-table">
            <thead>
              <tr>
                <th>User</th>
                <th className="num">Events</th>
                <th className="num">Change</th>
              </tr>
            </thead>
            <tbody>
              {topMovers.map((r) => {
                const c = formatChange(r.change?.relative);
                return (
                  <tr key={r.key}>
                    <td>
                      <Link to={timelineHref({ user_id: [r.key], from })}>{userName(r.key)}</Link>
                    </td>
                    <td className="num">{fmtNumber(r.value)}</td>
                    <td className={`num ${c.className}`}>
                      {(r.change?.absolute ?? 0) >= 0 ? '+' : ''}
                      {fmtNumber(r.change?.absolute)} ({c.text.replace(' vs previous period', '')})
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ChartCard>
      </div>
    </main>
  );
}
