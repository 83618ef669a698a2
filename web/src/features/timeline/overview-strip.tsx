/**
 * The overview strip: events per bucket by type over the whole filtered period. Wheel, drag and
 * pinch zoom/pan it (ECharts dataZoom); the visible window becomes the list's from/to in the URL.
 * Clicking a bar zooms to that bucket.
 */
import { useMemo, useRef } from 'react';
import { EVENT_TYPE_META, EVENT_TYPES } from '../../../../src/events/catalogue.js';
import type { TimelineFilters } from '../../../../src/events/filters.js';
import { useHistogramQuery } from '../../api/useHistogramQuery.js';
import { EChart } from '../../charts/chart.js';
import { ChartCard } from '../../charts/chart-card.js';
import type { ChartOption } from '../../charts/echarts.js';
import { useTimelineScope } from '../timelines/timeline-scope.js';

const BUCKET_MS = { hour: 3600e3, day: 86400e3, week: 7 * 86400e3, month: 30 * 86400e3 } as const;

interface Props {
  /** Filters without from/to: the strip always shows the whole period so one can zoom out again. */
  filters: TimelineFilters;
  from?: string;
  to?: string;
  onRangeChange: (from?: string, to?: string) => void;
  /** False until the list's first page is in. */
  ready?: boolean;
}

export function OverviewStrip({ filters, from, to, onRangeChange, ready = true }: Props) {
  // Asked for after the list's first page: the database answers one query at a time, rows first.
  const histogram = useHistogramQuery(filters, 'auto', ready);
  const colors = useTimelineScope().timeline?.color_scheme;
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const data = histogram.data;
  const bucketMs = data ? BUCKET_MS[data.bucket] : BUCKET_MS.day;
  const extent = useMemo(() => {
    const first = data?.buckets[0];
    const last = data?.buckets.at(-1);
    return first && last ? [Date.parse(first.start), Date.parse(last.start) + bucketMs] : null;
  }, [data, bucketMs]);

  const option = useMemo<ChartOption>(() => {
    const buckets = data?.buckets ?? [];
    const types = EVENT_TYPES.filter((t) => buckets.some((b) => b.by_type[t]));
    return {
      animation: false,
      grid: { left: 40, right: 16, top: 8, bottom: 56 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'time', min: extent?.[0], max: extent?.[1] },
      yAxis: { type: 'value', splitNumber: 2, axisLabel: { fontSize: 10 } },
      dataZoom: [
        {
          type: 'inside',
          xAxisIndex: 0,
          filterMode: 'none',
          startValue: from ? Date.parse(from) : undefined,
          endValue: to ? Date.parse(to) : undefined,
        },
        {
          type: 'slider',
          xAxisIndex: 0,
          filterMode: 'none',
          height: 22,
          bottom: 8,
          startValue: from ? Date.parse(from) : undefined,
          endValue: to ? Date.parse(to) : undefined,
          labelFormatter: (v: number) => new Date(v).toLocaleDateString(),
        },
      ],
      series: types.map((t) => ({
        name: EVENT_TYPE_META[t].label,
        type: 'bar',
        stack: 'all',
        barMaxWidth: 14,
        itemStyle: { color: colors?.[t] ?? EVENT_TYPE_META[t].color },
        data: buckets.map((b) => [Date.parse(b.start) + bucketMs / 2, b.by_type[t] ?? 0, b.start]),
      })),
    };
  }, [data, extent, bucketMs, from, to, colors]);

  const period = data?.from && data.to ? `${fmt(data.from)} – ${fmt(data.to)}` : 'all time';
  return (
    <ChartCard
      title="Activity overview"
      subtitle={`Events per ${data?.bucket ?? 'bucket'} · ${period} · drag, wheel or pinch to zoom; the list follows`}
      query={histogram}
      isEmpty={!data?.total}
      emptyWhy="No activity matches these filters in this period. Widen the date range or remove a filter."
      className="overview"
      actions={
        from || to ? (
          <button type="button" className="btn btn-ghost" onClick={() => onRangeChange(undefined, undefined)}>
            Reset zoom
          </button>
        ) : undefined
      }
    >
      <EChart
        option={option}
        height={150}
        label={`Overview: ${data?.total ?? 0} events, ${period}`}
        onClick={(e) => {
          const start = Array.isArray(e.value) ? Date.parse(String(e.value[2])) : Number.NaN;
          if (Number.isFinite(start))
            onRangeChange(new Date(start).toISOString(), new Date(start + bucketMs).toISOString());
        }}
        onDataZoom={(chart) => {
          const dz = (chart.getOption() as { dataZoom?: Array<{ startValue?: number; endValue?: number }> })
            .dataZoom?.[0];
          clearTimeout(timer.current);
          timer.current = setTimeout(() => {
            if (!dz || !extent || dz.startValue === undefined || dz.endValue === undefined) return;
            const full = dz.startValue <= (extent[0] ?? 0) + 1000 && dz.endValue >= (extent[1] ?? 0) - 1000;
            if (full) onRangeChange(undefined, undefined);
            else onRangeChange(new Date(dz.startValue).toISOString(), new Date(dz.endValue).toISOString());
          }, 400);
        }}
      />
    </ChartCard>
  );
}

function fmt(iso: string) {
  return new Date(iso).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}
