/** Customer view: the journey — touchpoints over time, channel mix, engagement trend, response times, paths. */
import { useMemo } from 'react';
import { Link, useParams } from 'react-router';
import { barOption, pieOption, sankeyOption } from '../../../src/charts/builders.js';
import { EVENT_TYPES } from '../../../src/events/catalogue.js';
import { useCustomersQuery } from '../api/useDirectoryQuery.js';
import { useHistogramQuery } from '../api/useHistogramQuery.js';
import { useJourneyQuery } from '../api/useJourneyQuery.js';
import { useRecentEventsQuery } from '../api/useRecentEventsQuery.js';
import { useResponseTimesQuery } from '../api/useResponseTimesQuery.js';
import { EChart } from '../charts/chart.js';
import { ChartCard } from '../charts/chart-card.js';
import type { ChartOption } from '../charts/echarts.js';
import { typeMeta } from '../components/type-badge.js';
import { KpiTiles } from '../features/dashboards/kpi-tiles.js';
import {
  fmtNumber,
  formatMinutes,
  PeriodSelect,
  useDrill,
  usePeriod,
} from '../features/dashboards/period.js';
import { RecentEvents } from '../features/dashboards/recent-events.js';
import { timelineHref } from '../features/filters/url-filters.js';

const BUCKET_MS = { hour: 3600e3, day: 86400e3, week: 7 * 86400e3, month: 30 * 86400e3 } as const;

export function CustomerPage() {
  const { customerId = '' } = useParams();
  const customers = useCustomersQuery();
  const customer = customers.data?.items.find((c) => c.id === customerId);
  const { range, label, from, setRange } = usePeriod();
  const scope = { customer_id: [customerId] };
  const histogram = useHistogramQuery({ ...scope, from });
  const response = useResponseTimesQuery({ ...scope, from });
  const journey = useJourneyQuery({ ...scope, from, max_length: 3, limit: 10 });
  const recent = useRecentEventsQuery(scope, 200);
  const drill = useDrill({ ...scope, from });
  const h = histogram.data;

  const mix = useMemo(() => {
    const sums: Record<string, number> = {};
    for (const b of h?.buckets ?? [])
      for (const [t, n] of Object.entries(b.by_type)) sums[t] = (sums[t] ?? 0) + n;
    return Object.entries(sums)
      .sort((a, b) => b[1] - a[1])
      .map(([t, n]) => ({ key: t, label: typeMeta(t).label, value: n, color: typeMeta(t).color }));
  }, [h]);

  const touchOption = useMemo<ChartOption>(() => {
    const buckets = h?.buckets ?? [];
    const types = EVENT_TYPES.filter((t) => buckets.some((b) => b.by_type[t]));
    return {
      animation: false,
      grid: { left: 40, right: 12, top: 30, bottom: 56 },
      legend: { type: 'scroll', top: 0 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'category', data: buckets.map((b) => new Date(b.start).toLocaleDateString()) },
      yAxis: { type: 'value', name: 'events', minInterval: 1 },
      dataZoom: [{ type: 'inside' }, { type: 'slider', height: 20, bottom: 6 }],
      series: types.map((t) => ({
        name: typeMeta(t).label,
        type: 'bar',
        stack: 'all',
        itemStyle: { color: typeMeta(t).color },
        data: buckets.map((b) => b.by_type[t] ?? 0),
      })),
    };
  }, [h]);

  const scoreOption = useMemo<ChartOption>(() => {
    const points = (recent.data ?? [])
      .filter((e) => e.engagement_score != null)
      .map((e) => [e.event_timestamp, e.engagement_score])
      .reverse();
    return {
      animation: false,
      grid: { left: 40, right: 12, top: 16, bottom: 30 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'time' },
      yAxis: { type: 'value', min: 0, max: 100, name: 'score' },
      series: [{ type: 'line', data: points, areaStyle: { opacity: 0.1 }, symbolSize: 5 }],
    };
  }, [recent.data]);
  const scored = (recent.data ?? []).filter((e) => e.engagement_score != null);

  return (
    <main id="main" className="page">
      <div className="page-head">
        <h1>
          {customer?.name ?? 'Customer'} <span className="muted">· journey</span>
        </h1>
        <div className="toolbar">
          <Link className="btn" to={timelineHref(scope)}>
            Customer's timeline
          </Link>
          <PeriodSelect range={range} onChange={setRange} />
        </div>
      </div>
      <KpiTiles
        label="Customer figures"
        period={label}
        loading={histogram.isPending || response.isPending}
        error={histogram.error ?? response.error}
        onRetry={() => {
          void histogram.refetch();
          void response.refetch();
        }}
        tiles={[
          { testId: 'cust-touchpoints', label: 'Touchpoints', unit: 'events', value: h?.total ?? null },
          {
            label: 'Segment · lifecycle',
            value: customer?.segment ?? null,
            note: customer?.lifecycle_stage ?? 'stage unknown',
            empty: customers.isPending ? 'Loading the directory' : 'No segment in the directory',
          },
          {
            label: 'Median response to this customer',
            value:
              response.data?.overall.median_minutes == null
                ? null
                : formatMinutes(response.data.overall.median_minutes),
            note: response.data
              ? `${fmtNumber(response.data.overall.answered)} answered, ${fmtNumber(response.data.overall.unanswered)} unanswered`
              : undefined,
            empty: 'No inbound event from this customer was answered in this period',
          },
          {
            label: '90th percentile response',
            value:
              response.data?.overall.p90_minutes == null
                ? null
                : formatMinutes(response.data.overall.p90_minutes),
            empty: 'No inbound event from this customer was answered in this period',
          },
        ]}
      />
      <div className="grid">
        <ChartCard
          className="span-8"
          title="Touchpoints over time"
          subtitle={`Events per ${h?.bucket ?? 'bucket'} by type · ${label}`}
          query={histogram}
          isEmpty={!h?.total}
          emptyWhy="No touchpoint with this customer in this period. Try a longer period."
        >
          <EChart
            height={260}
            label="Touchpoints with this customer over time"
            option={touchOption}
            onClick={(e) => {
              const b = h?.buckets[e.dataIndex];
              if (b && h)
                drill({
                  from: b.start,
                  to: new Date(Date.parse(b.start) + BUCKET_MS[h.bucket]).toISOString(),
                  type: [EVENT_TYPES.find((t) => typeMeta(t).label === e.seriesName) ?? 'other'],
                });
            }}
          />
        </ChartCard>
        <ChartCard
          className="span-4"
          title="Channel mix"
          subtitle={`Share of touchpoints by type · ${label}`}
          query={histogram}
          isEmpty={!mix.length}
          emptyWhy="No touchpoint with this customer in this period."
        >
          <EChart
            height={260}
            label="Channel mix"
            option={pieOption(mix, 'events')}
            onClick={(e) => {
              const m = mix[e.dataIndex];
              if (m) drill({ type: [m.key] as never });
            }}
          />
        </ChartCard>
        <ChartCard
          className="span-6"
          title="Engagement score trend"
          subtitle="Engagement score (0–100) of scored activities · latest 200 activities"
          query={recent}
          isEmpty={!scored.length}
          emptyWhy="None of this customer's recent activities carries an engagement score."
        >
          <EChart
            height={240}
            label="Engagement score over time"
            option={scoreOption}
            onClick={() => drill({})}
          />
        </ChartCard>
        <ChartCard
          className="span-6"
          title="Response times by channel"
          subtitle={`Median minutes from an inbound event to our reply, per type · ${label}`}
          query={response}
          isEmpty={!response.data?.by_type.some((t) => t.answered)}
          emptyWhy="No inbound event from this customer was answered in this period."
        >
          {response.data && (
            <EChart
              height={220}
              label="Median response time per channel, minutes"
              option={barOption(
                response.data.by_type
                  .filter((t) => t.answered)
                  .map((t) => ({
                    label: typeMeta(t.key).label,
                    value: Math.round(t.median_minutes ?? 0),
                    color: typeMeta(t.key).color,
                  })),
                'minutes',
              )}
              onClick={(e) => {
                const t = EVENT_TYPES.find((x) => typeMeta(x).label === e.name);
                if (t) drill({ type: [t], direction: ['inbound'] });
              }}
            />
          )}
        </ChartCard>
        <ChartCard
          className="span-6"
          title="Journey flow"
          subtitle={`Which touchpoint type follows which (transitions, count) · ${label}`}
          query={journey}
          isEmpty={!journey.data?.transitions.length}
          emptyWhy="Fewer than two touchpoints in this period, so there is no flow to show."
        >
          {journey.data && (
            <EChart
              height={300}
              label="Sankey of transitions between touchpoint types"
              option={sankeyOption(
                journey.data.transitions,
                (t) => typeMeta(t).color,
                (t) => typeMeta(t).label,
              )}
              onClick={(e) => {
                const name = String(e.name ?? '');
                const t = name.replace(/›/g, '').split(' > ')[0];
                if (t && EVENT_TYPES.includes(t as never)) drill({ type: [t as never] });
              }}
            />
          )}
        </ChartCard>
        <RecentEvents className="span-6" title="Recent history" filters={scope} />
      </div>
    </main>
  );
}
