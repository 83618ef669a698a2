/**
 * Touchpoints with a customer on a time axis (a 9-day gap looks nine times a 1-day gap, unlike a
 * category axis that drops empty buckets), stacked by type, and the channel mix beside it.
 */
import { useMemo } from 'react';
import { pieOption } from '../../../../../src/charts/builders.js';
import { EVENT_TYPES } from '../../../../../src/events/catalogue.js';
import type { HistogramResponse } from '../../../api/types.js';
import { EChart } from '../../../charts/chart.js';
import type { ChartOption } from '../../../charts/echarts.js';
import { FigureCard, type QueryState } from '../../../components/figure-card.js';
import { typeMeta } from '../../../components/type-badge.js';
import type { Filters } from '../../filters/url-filters.js';

const BUCKET_MS = { hour: 3600e3, day: 86400e3, week: 7 * 86400e3, month: 30 * 86400e3 } as const;

interface Props {
  label: string;
  query: QueryState<HistogramResponse>;
  drill: (slice: Filters) => void;
}

export function TouchpointsSection({ label, query, drill }: Props) {
  const h = query.data;
  const mix = useMemo(() => {
    const sums: Record<string, number> = {};
    for (const b of h?.buckets ?? [])
      for (const [t, n] of Object.entries(b.by_type)) sums[t] = (sums[t] ?? 0) + n;
    return Object.entries(sums)
      .sort((a, b) => b[1] - a[1])
      .map(([t, n]) => ({ key: t, label: typeMeta(t).label, value: n, color: typeMeta(t).color }));
  }, [h]);
  const option = useMemo<ChartOption>(() => {
    const buckets = h?.buckets ?? [];
    const types = EVENT_TYPES.filter((t) => buckets.some((b) => b.by_type[t]));
    const width = h ? BUCKET_MS[h.bucket] : BUCKET_MS.day;
    return {
      animation: false,
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      legend: { type: 'scroll', top: 0 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      // Time axis: ECharts spaces its own labels, so they do not collide at 375 px.
      xAxis: { type: 'time', minInterval: width, axisLabel: { hideOverlap: true } },
      yAxis: { type: 'value', name: 'events', minInterval: 1 },
      series: types.map((t) => ({
        name: typeMeta(t).label,
        type: 'bar',
        stack: 'all',
        barMaxWidth: 24,
        itemStyle: { color: typeMeta(t).color },
        data: buckets.filter((b) => b.by_type[t]).map((b) => [b.start, b.by_type[t] ?? 0]),
      })),
    };
  }, [h]);
  return (
    <>
      <FigureCard
        className="span-8"
        title="Touchpoints over time"
        subtitle={`Events per ${h?.bucket ?? 'bucket'} by type, on a time scale · ${label}`}
        query={query}
        isEmpty={!h?.total}
        emptyWhy="No touchpoint with this customer in this period. Try a longer period."
      >
        <EChart
          height={260}
          label="Touchpoints with this customer over time"
          option={option}
          onClick={(e) => {
            const start = Array.isArray(e.value) ? String(e.value[0]) : undefined;
            if (!start || !h) return;
            drill({
              from: new Date(start).toISOString(),
              to: new Date(Date.parse(start) + BUCKET_MS[h.bucket]).toISOString(),
              type: [EVENT_TYPES.find((t) => typeMeta(t).label === e.seriesName) ?? 'other'],
            });
          }}
        />
      </FigureCard>
      <FigureCard
        className="span-4"
        title="Channel mix"
        subtitle={`Share of touchpoints by type · ${label}`}
        query={query}
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
      </FigureCard>
    </>
  );
}
