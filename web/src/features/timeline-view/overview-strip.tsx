/**
 * The overview strip: events per bucket by type, a navigator for the list. Wheel, drag and pinch
 * zoom/pan it (ECharts dataZoom); the visible window, snapped to whole local days (hours under two
 * days), becomes the list's from/to in the URL. The window is asked for again with bucket=auto, so
 * the bars re-bucket as it narrows (month → week → day → hour). Clicking a bar zooms to that bucket.
 * Asked for at the same time as the list's first page, not after it.
 */
import { useMemo, useRef } from 'react';
import { EVENT_TYPE_META, EVENT_TYPES } from '../../../../src/events/catalogue.js';
import { snapRange } from '../../../../src/time/local-calendar.js';
import type { HistogramResponse } from '../../api/types.js';
import type { ListQuery } from '../../api/useEventsQuery.js';
import { useHistogramQuery } from '../../api/useHistogramQuery.js';
import { EChart } from '../../charts/chart.js';
import type { ChartOption } from '../../charts/echarts.js';
import { FigureCard } from '../../components/figure-card.js';
import { useTimelineScope } from '../saved-timelines/timeline-scope.js';
import { type DisplayZone, useDisplayZone } from './display-zone.js';

const BUCKET_MS = { hour: 3600e3, day: 86400e3, week: 7 * 86400e3, month: 30 * 86400e3 } as const;
type Bucket = HistogramResponse['bucket'];

interface Props {
  /** Filters without from/to: the strip's axis spans the whole period so one can zoom out again. */
  /** The list's query (the unanswered queue's too): the strip counts what the list shows. */
  filters: ListQuery;
  from?: string;
  to?: string;
  onRangeChange: (from?: string, to?: string) => void;
}

/** The end of a bucket starting at `start` (calendar months and DST days have their own length). */
function bucketEnd(start: number, bucket: Bucket, next: number | undefined): number {
  if (bucket === 'month') {
    const d = new Date(start);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours());
  }
  return next !== undefined && next - start <= BUCKET_MS[bucket] * 1.1 ? next : start + BUCKET_MS[bucket];
}

/** "Mon 4 May – Sun 10 May" or "4 May, 14:00–15:00": a bucket's local range. */
export function bucketRange(start: number, end: number, bucket: Bucket, z: DisplayZone): string {
  if (bucket === 'hour') return `${z.shortDate.format(start)}, ${z.time.format(start)}–${z.time.format(end)}`;
  if (bucket === 'day') return z.day.format(start);
  return `${z.date.format(start)} – ${z.date.format(end - 1)}`;
}

export function OverviewStrip({ filters, from, to, onRangeChange }: Props) {
  const z = useDisplayZone();
  const { timelineId, timeline } = useTimelineScope();
  const whole = useHistogramQuery(filters, { enabled: z.ready, tz: z.tz, timelineId });
  const zoomed = !!(from && to);
  const window = useHistogramQuery(
    { ...filters, from, to },
    { enabled: zoomed && z.ready, tz: z.tz, timelineId },
  );
  const colors = timeline?.color_scheme;
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  // The window's own buckets while zoomed (finer), the whole period's otherwise.
  const data = zoomed && window.data ? window.data : whole.data;
  const bucket = data?.bucket ?? 'day';
  const extent = useMemo(() => {
    const first = whole.data?.buckets[0];
    const last = whole.data?.buckets.at(-1);
    if (!first || !last || !whole.data) return null;
    const end = bucketEnd(Date.parse(last.start), whole.data.bucket, undefined);
    return [Date.parse(first.start), Math.max(end, to ? Date.parse(to) : 0)] as const;
  }, [whole.data, to]);

  const option = useMemo<ChartOption>(() => {
    const buckets = data?.buckets ?? [];
    const starts = buckets.map((b) => Date.parse(b.start));
    const ends = starts.map((s, i) => bucketEnd(s, bucket, starts[i + 1]));
    const types = EVENT_TYPES.filter((t) => buckets.some((b) => b.by_type[t]));
    return {
      animation: false,
      grid: { left: 40, right: 16, top: 30, bottom: 56 },
      // One line (scrolling when the types do not fit), so a phone's legend never covers the bars.
      legend: { type: 'scroll', top: 0, left: 0, itemWidth: 12, itemHeight: 10, textStyle: { fontSize: 11 } },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (params: unknown) => {
          const list = (Array.isArray(params) ? params : [params]) as Array<{
            dataIndex: number;
            seriesName: string;
            value: [number, number];
            marker: string;
          }>;
          const i = list[0]?.dataIndex ?? -1;
          const b = buckets[i];
          if (!b) return '';
          const lines = list
            .filter((p) => p.value[1])
            .map((p) => `${p.marker}${p.seriesName}: ${p.value[1].toLocaleString()}`);
          const range = bucketRange(starts[i] ?? 0, ends[i] ?? 0, bucket, z);
          return [`<strong>${range}</strong>`, `Total: ${b.total.toLocaleString()}`, ...lines].join('<br>');
        },
      },
      xAxis: {
        type: 'time',
        min: extent?.[0],
        max: extent?.[1],
        axisLabel: { hideOverlap: true, formatter: (v: number) => z.shortDate.format(v) },
      },
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
          labelFormatter: (v: number) => z.date.format(v),
        },
      ],
      series: types.map((t) => ({
        name: EVENT_TYPE_META[t].label,
        type: 'bar',
        stack: 'all',
        barMaxWidth: 14,
        itemStyle: { color: colors?.[t] ?? EVENT_TYPE_META[t].color },
        data: buckets.map((b, i) => [
          ((starts[i] ?? 0) + (ends[i] ?? 0)) / 2,
          b.by_type[t] ?? 0,
          starts[i],
          ends[i],
        ]),
      })),
    };
  }, [data, bucket, extent, from, to, colors, z]);

  const period =
    data?.from && data.to
      ? `${z.date.format(Date.parse(data.from))} – ${z.date.format(Date.parse(data.to) - 1)}`
      : 'all time';
  return (
    <FigureCard
      title="Activity overview"
      subtitle={`Events per ${bucket} · ${period} · drag, wheel or pinch to zoom; the list follows`}
      query={whole}
      isEmpty={!whole.data?.total}
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
        height={170}
        label={`Overview: ${data?.total ?? 0} events per ${bucket}, ${period}`}
        onClick={(e) => {
          const v = Array.isArray(e.value) ? e.value : [];
          const [start, end] = [Number(v[2]), Number(v[3])];
          if (Number.isFinite(start) && Number.isFinite(end))
            onRangeChange(new Date(start).toISOString(), new Date(end).toISOString());
        }}
        onDataZoom={(chart) => {
          const dz = (chart.getOption() as { dataZoom?: Array<{ startValue?: number; endValue?: number }> })
            .dataZoom?.[0];
          clearTimeout(timer.current);
          timer.current = setTimeout(() => {
            if (!dz || !extent || dz.startValue === undefined || dz.endValue === undefined) return;
            const full = dz.startValue <= extent[0] + 1000 && dz.endValue >= extent[1] - 1000;
            if (full) return onRangeChange(undefined, undefined);
            const snapped = snapRange(dz.startValue, dz.endValue, z.zone);
            onRangeChange(new Date(snapped.from).toISOString(), new Date(snapped.to).toISOString());
          }, 400);
        }}
      />
    </FigureCard>
  );
}
