/** Executive dashboard: trends vs previous period, segments, teams, channels, real time, top movers. */
import { Link } from 'react-router';
import {
  activityTrend,
  channelMix,
  engagementBySegment,
  teamComparison,
} from '../../../src/charts/dashboard-charts.js';
import { useExecutiveDashboard } from '../api/useDashboardQuery.js';
import { useTeamsQuery } from '../api/useDirectoryQuery.js';
import { EChart } from '../charts/chart.js';
import { ChartCard } from '../charts/chart-card.js';
import { typeMeta } from '../components/type-badge.js';
import { KpiTiles } from '../features/dashboards/kpi-tiles.js';
import { LiveTiles } from '../features/dashboards/live-tiles.js';
import {
  DataAsOf,
  fmtNumber,
  formatChange,
  formatMinutes,
  PeriodSelect,
  useDrill,
  usePeriod,
} from '../features/dashboards/period.js';
import { DashboardExport } from '../features/exports/dashboard-export.js';
import { humanize } from '../features/filters/filter-options.js';
import { type Filters, timelineHref } from '../features/filters/url-filters.js';

export function ExecutivePage() {
  const { range, label, from, setRange } = usePeriod();
  // One request for the whole page: every section equals its KPI endpoint for the same period.
  const dash = useExecutiveDashboard({ from, compare: 'previous' });
  const d = dash.data;
  const teams = useTeamsQuery();
  const drill = useDrill({ from });
  const teamName = (id: string) =>
    d?.productivity.teams.find((t) => t.team_id === id)?.name ??
    teams.data?.items.find((t) => t.id === id)?.name ??
    (id === 'unknown' ? 'No team' : id);
  const period = `${label}, compared with the ${label.replace('last ', 'previous ')}`;
  const moverName = (dimension: string, key: string) =>
    dimension === 'team' ? teamName(key) : dimension === 'type' ? typeMeta(key).label : humanize(key);
  const moverSlice = (dimension: string, key: string): Filters | null =>
    key === 'unknown'
      ? null
      : dimension === 'team'
        ? { team_id: [key] }
        : dimension === 'type'
          ? { type: [key] as never }
          : dimension === 'source'
            ? { source: [key] as never }
            : null;

  return (
    <main id="main" className="page">
      <div className="page-head">
        <h1>Executive dashboard</h1>
        <DataAsOf freshness={dash.data?.freshness} />
        <PeriodSelect range={range} onChange={setRange} />
        <DashboardExport path="executive" query={{ from, compare: 'previous' }} />
      </div>
      <KpiTiles
        label="Key figures"
        period={label}
        loading={dash.isPending}
        error={dash.error}
        onRetry={() => void dash.refetch()}
        tiles={[
          {
            testId: 'kpi-activities',
            label: 'Activities',
            unit: 'events',
            value: d?.volume.total,
            change: d?.volume.total_change?.relative ?? null,
          },
          {
            testId: 'kpi-customers',
            label: 'Customers touched',
            unit: 'customers',
            value: d?.productivity.totals.customers_touched,
          },
          {
            testId: 'kpi-outcome',
            label: 'Outcome rate',
            unit: '%',
            digits: 1,
            value:
              d?.productivity.totals.outcome_rate == null ? null : d.productivity.totals.outcome_rate * 100,
            empty: 'No event with an outcome in this period',
          },
          {
            testId: 'kpi-response',
            label: 'Median response time',
            value:
              d?.response_times.overall.median_minutes == null
                ? null
                : formatMinutes(d.response_times.overall.median_minutes),
            note: d ? `${fmtNumber(d.response_times.overall.answered)} answered inbound` : undefined,
            empty: 'No inbound event was answered in this period',
          },
        ]}
      />
      <div className="grid">
        <ChartCard
          className="span-8"
          title="Activity trend"
          subtitle={`Events per ${d?.period.bucket ?? 'day'} · ${period}`}
          query={dash}
          isEmpty={!d?.volume.total}
          emptyWhy="No activity was recorded in this period."
        >
          {d && (
            <EChart
              height={280}
              label="Activity trend, this period against the previous period"
              option={activityTrend(d).option}
              onClick={(e) => {
                const b = d.volume.buckets[e.dataIndex];
                const next = d.volume.buckets[e.dataIndex + 1];
                if (b) drill({ from: b.start, to: next?.start ?? d.period.to });
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
          subtitle={`Engaged customers (≥ 1 inbound event) per segment, of customers touched (grey) · ${label}`}
          query={dash}
          isEmpty={!d?.engagement.rate.by_segment.some((r) => r.engaged || r.touched)}
          emptyWhy="No customer of any segment was touched or wrote in during this period."
        >
          {d && (
            <EChart
              height={260}
              label="Engaged customers by customer segment"
              option={engagementBySegment(d).option}
              onClick={(e) => e.name !== 'unknown' && drill({ segment: [String(e.name)] })}
            />
          )}
        </ChartCard>
        <ChartCard
          className="span-6"
          title="Channel mix"
          subtitle={`Share of events by activity type · ${label}`}
          query={dash}
          isEmpty={!d?.volume.by.length}
          emptyWhy="No activity was recorded in this period."
        >
          {d && (
            <EChart
              height={260}
              label="Events by activity type"
              option={channelMix(d.volume.by).option}
              onClick={(e) => {
                const row = d.volume.by[e.dataIndex];
                if (row) drill({ type: [row.key] as never });
              }}
            />
          )}
        </ChartCard>
        <ChartCard
          className="span-6"
          title="Team comparison"
          subtitle={`Events per team · ${label}; outcome rate and median response in the table`}
          query={dash}
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
          subtitle={`Activity types, sources and teams with the largest change in events · ${period}`}
          query={dash}
          isEmpty={!d?.top_movers.length}
          emptyWhy="Nothing changed against the previous period (or there is no previous data)."
        >
          <table className="table" data-testid="movers-table">
            <thead>
              <tr>
                <th>What</th>
                <th className="num">Events</th>
                <th className="num">Change</th>
              </tr>
            </thead>
            <tbody>
              {(d?.top_movers ?? []).map((r) => {
                const c = formatChange(r.relative);
                const slice = moverSlice(r.dimension, r.key);
                const name = `${humanize(r.dimension)}: ${moverName(r.dimension, r.key)}`;
                return (
                  <tr key={`${r.dimension}:${r.key}`}>
                    <td>{slice ? <Link to={timelineHref({ ...slice, from })}>{name}</Link> : name}</td>
                    <td className="num">{fmtNumber(r.current)}</td>
                    <td className={`num ${c.className}`}>
                      {r.absolute >= 0 ? '+' : ''}
                      {fmtNumber(r.absolute)} ({c.text.replace(' vs previous period', '')})
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
