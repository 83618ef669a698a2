/** "My activity", for a rep's morning: today's agenda first, then standing, goals (when set), customers, patterns. */
import { useMemo } from 'react';
import { heatmapOption } from '../../../src/charts/builders.js';
import { getClaims, getPersona } from '../api/session.js';
import { useMeDashboard } from '../api/useDashboardQuery.js';
import { EChart } from '../charts/chart.js';
import { ChartCard } from '../charts/chart-card.js';
import { Goals } from '../features/dashboards/goals.js';
import { KpiTiles } from '../features/dashboards/kpi-tiles.js';
import { DataAsOf, PeriodSelect, useDrill, usePeriod } from '../features/dashboards/period.js';
import { RecentEvents } from '../features/dashboards/recent-events.js';
import { AgendaSection } from '../features/dashboards/sections/agenda-section.js';
import { MyCustomersSection } from '../features/dashboards/sections/my-customers-section.js';
import { DashboardExport } from '../features/exports/dashboard-export.js';
import { RANGE_PRESETS } from '../features/filters/url-filters.js';
import { MyTimelinesSection } from '../features/saved-timelines/timeline-links.js';

const TZ = Intl.DateTimeFormat().resolvedOptions().timeZone;

export function MyActivityPage() {
  const userId = getClaims()?.sub ?? '';
  const { range, label, from, setRange } = usePeriod();
  const days = RANGE_PRESETS.find((p) => p.id === range)?.days ?? 30;
  const scope = { user_id: [userId] };
  // One request for the dashboard, in the browser's zone (for the heatmap).
  const dash = useMeDashboard({ from, compare: 'previous', tz: TZ });
  const d = dash.data;
  const drill = useDrill({ ...scope, from });
  const me = d?.productivity.users.find((u) => u.user_id === userId) ?? d?.productivity.totals;
  // Rows Monday first (ISO weekday = row + 1); the API's heatmap rows start on Sunday.
  const cells = useMemo(
    () =>
      Array.from({ length: 7 }, (_, row) => d?.patterns.heatmap.values[(row + 1) % 7] ?? Array(24).fill(0)),
    [d],
  );
  const heatmapTotal = cells.reduce((s, row) => s + row.reduce((a: number, b: number) => a + b, 0), 0);
  const values = {
    activities: me?.activities ?? 0,
    calls: me?.by_type.call ?? 0,
    emails: me?.by_type.email ?? 0,
    meetings: me?.by_type.meeting ?? 0,
    customers_touched: me?.customers_touched ?? 0,
    duration_minutes: me?.duration_minutes ?? 0,
  };
  return (
    <main id="main" className="page">
      <div className="page-head">
        <h1>My activity{getPersona() ? ` · ${getPersona()?.name}` : ''}</h1>
        <DataAsOf freshness={d?.freshness} />
        <PeriodSelect range={range} onChange={setRange} />
        <DashboardExport path="me" query={{ from, compare: 'previous', tz: TZ }} />
      </div>
      <div className="grid">
        <AgendaSection userId={userId} bundle={d} from={from} />
      </div>
      <KpiTiles
        label="My standing"
        period={label}
        loading={dash.isPending}
        error={dash.error}
        onRetry={() => void dash.refetch()}
        tiles={[
          {
            testId: 'me-activities',
            label: 'My activities',
            unit: 'events',
            value: d?.volume.total,
            change: d?.volume.total_change?.relative ?? null,
          },
          {
            testId: 'me-rank',
            label: 'Rank in my team',
            value: d?.standing ? `${d.standing.rank} of ${d.standing.member_count}` : null,
            empty: 'You are in no team, or your team has no activity in this period',
          },
          {
            label: 'Share of my team’s activities',
            unit: '%',
            digits: 1,
            value: d?.standing?.share == null ? null : d.standing.share * 100,
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
      {dash.isPending ? null : <Goals values={values} days={days} />}
      <div className="grid">
        <MyCustomersSection from={from} label={label} />
        <MyTimelinesSection />
        {heatmapTotal > 0 && (
          <ChartCard
            className="span-6"
            title="Activity patterns"
            subtitle={`Your events by weekday and hour (${TZ}) · ${label}`}
            query={dash}
          >
            <EChart
              height={300}
              label="Heatmap of your events by weekday and hour"
              option={heatmapOption(cells, 'events')}
              onClick={(e) => {
                // Exactly that weekday × hour of the period, read in the same zone as the heatmap.
                const [h, row] = (e.value as number[]) ?? [];
                if (h !== undefined && row !== undefined) drill({ weekday: [row + 1], hour: [h], tz: TZ });
              }}
            />
          </ChartCard>
        )}
        <RecentEvents className="span-12" title="My timeline" filters={scope} />
      </div>
    </main>
  );
}
