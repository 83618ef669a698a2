/** "My activity": personal KPIs with goals, activity patterns heatmap, customers by engagement, own timeline. */
import { useMemo } from 'react';
import { getClaims, getPersona } from '../api/session.js';
import { useProductivityQuery } from '../api/useProductivityQuery.js';
import { useRecentEventsQuery } from '../api/useRecentEventsQuery.js';
import { useVolumeQuery } from '../api/useVolumeQuery.js';
import { barOption, heatmapOption } from '../charts/builders.js';
import { EChart } from '../charts/chart.js';
import { ChartCard } from '../charts/chart-card.js';
import { Goals } from '../features/dashboards/goals.js';
import { PeriodSelect, useDrill, usePeriod } from '../features/dashboards/period.js';
import { RecentEvents } from '../features/dashboards/recent-events.js';
import { RANGE_PRESETS } from '../features/filters/url-filters.js';

const TZ = Intl.DateTimeFormat().resolvedOptions().timeZone;

export function MyActivityPage() {
  const userId = getClaims()?.sub ?? '';
  const { range, label, from, setRange } = usePeriod();
  const days = RANGE_PRESETS.find((p) => p.id === range)?.days ?? 30;
  const scope = { user_id: [userId] };
  const productivity = useProductivityQuery({ ...scope, from, compare: 'previous' });
  const hourly = useVolumeQuery({ ...scope, from, bucket: 'hour', dimension: 'none', tz: TZ });
  const recent = useRecentEventsQuery(scope, 200);
  const drill = useDrill({ ...scope, from });
  const me = productivity.data?.users.find((u) => u.user_id === userId) ?? productivity.data?.totals;

  const cells = useMemo(() => {
    const grid = Array.from({ length: 7 }, () => Array<number>(24).fill(0));
    for (const b of hourly.data?.buckets ?? []) {
      const d = new Date(b.start);
      const row = grid[(d.getDay() + 6) % 7];
      if (row) row[d.getHours()] = (row[d.getHours()] ?? 0) + b.total;
    }
    return grid;
  }, [hourly.data]);

  const customers = useMemo(() => {
    const by = new Map<string, { id: string; name: string; n: number; score: number; scored: number }>();
    for (const e of recent.data ?? []) {
      const c = by.get(e.customer_id) ?? {
        id: e.customer_id,
        name: e.customer_name ?? e.customer_id,
        n: 0,
        score: 0,
        scored: 0,
      };
      c.n++;
      if (e.engagement_score != null) {
        c.score += e.engagement_score;
        c.scored++;
      }
      by.set(e.customer_id, c);
    }
    return [...by.values()].sort((a, b) => b.n - a.n).slice(0, 10);
  }, [recent.data]);

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
        <PeriodSelect range={range} onChange={setRange} />
      </div>
      {productivity.isPending ? null : <Goals values={values} days={days} />}
      <div className="grid">
        <ChartCard
          className="span-8"
          title="Activity patterns"
          subtitle={`Your events by weekday and hour (${TZ}) · ${label}`}
          query={hourly}
          isEmpty={!hourly.data?.total}
          emptyWhy="You have no activity in this period."
        >
          <EChart
            height={320}
            label="Heatmap of your events by weekday and hour"
            option={heatmapOption(cells, 'events')}
            onClick={(e) => {
              const [h, d] = (e.value as number[]) ?? [];
              if (h !== undefined && d !== undefined) drill({});
            }}
          />
        </ChartCard>
        <ChartCard
          className="span-4"
          title="Customers by engagement"
          subtitle="Your events per customer · your latest 200 activities"
          query={recent}
          isEmpty={!customers.length}
          emptyWhy="You have no recent activity with any customer."
        >
          <EChart
            height={Math.max(220, customers.length * 32)}
            label="Your events per customer"
            option={barOption(
              customers.map((c) => ({ label: c.name, value: c.n })),
              'events',
            )}
            onClick={(e) => {
              const c = customers.find((x) => x.name === e.name);
              if (c) drill({ customer_id: [c.id] });
            }}
          />
        </ChartCard>
        <RecentEvents className="span-12" title="My timeline" filters={scope} />
      </div>
    </main>
  );
}
