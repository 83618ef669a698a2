/** Executive dashboard: key figures, the trend against the previous period, segments, channels, teams, movers. */
import { useExecutiveDashboard } from '../api/useDashboardQuery.js';
import { useTeamsQuery } from '../api/useDirectoryQuery.js';
import { KpiTiles } from '../features/dashboards/kpi-tiles.js';
import {
  DataAsOf,
  fmtNumber,
  formatMinutes,
  PeriodSelect,
  useDrill,
  usePeriod,
} from '../features/dashboards/period.js';
import { ExecutiveChartsSection } from '../features/dashboards/sections/executive-charts-section.js';
import { TeamComparisonSection } from '../features/dashboards/sections/team-comparison-section.js';
import { TopMoversSection } from '../features/dashboards/sections/top-movers-section.js';
import { DashboardExport } from '../features/exports/dashboard-export.js';

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
  const rt = d?.response_times.overall;
  return (
    <main id="main" className="page">
      <div className="page-head">
        <h1>Executive dashboard</h1>
        <DataAsOf freshness={d?.freshness} />
        <PeriodSelect range={range} onChange={setRange} />
        <DashboardExport path="executive" query={{ from, compare: 'previous' }} />
      </div>
      <KpiTiles
        label="Key figures"
        period={label}
        query={dash}
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
            value: rt?.median_minutes == null ? null : formatMinutes(rt.median_minutes),
            note: rt ? `${fmtNumber(rt.answered)} answered inbound` : undefined,
            empty: 'No inbound event was answered in this period',
          },
        ]}
      />
      <div className="grid">
        <ExecutiveChartsSection label={label} period={period} query={dash} drill={drill} />
        <TeamComparisonSection label={label} query={dash} teamName={teamName} drill={drill} />
        <TopMoversSection from={from} period={period} query={dash} teamName={teamName} />
      </div>
    </main>
  );
}
