/**
 * The activity trend: the current period's buckets against the previous period's, a bucket still in
 * progress drawn dashed. Shared by the dashboards and their PDF exports (no Node built-ins: the web
 * app bundles this file).
 */
import type { EChartsCoreOption as ChartOption } from 'echarts/core';
import { amountText } from './value-text.js';

const dateLabel = (iso: string, bucket: string) =>
  new Date(iso).toLocaleDateString(
    undefined,
    bucket === 'month' ? { month: 'short', year: '2-digit' } : { month: 'short', day: 'numeric' },
  );

const DAY_MS = 86_400_000;
const BUCKET_LENGTH: Record<string, number> = { hour: 3_600_000, day: DAY_MS, week: 7 * DAY_MS };

/**
 * The previous period's totals set against the current buckets. Daily buckets are aligned by weekday
 * (the same weekday a whole number of weeks earlier), so weekends line up with weekends; other
 * buckets position by position.
 */
export function alignPrevious(
  current: Array<{ start: string }>,
  previous: Array<{ start?: string; total: number }>,
  bucket: string,
): Array<number | null> {
  if (bucket !== 'day' || !previous.every((b) => b.start))
    return current.map((_, i) => previous[i]?.total ?? null);
  const byDay = new Map(previous.map((b) => [Math.round(Date.parse(b.start as string) / DAY_MS), b.total]));
  const weeks = Math.max(1, Math.round(current.length / 7)) * 7;
  return current.map((b) => byDay.get(Math.round(Date.parse(b.start) / DAY_MS) - weeks) ?? null);
}

/**
 * Current period vs previous period; x = current bucket starts. A last bucket still in progress
 * (today) is drawn dashed and named as partial, so a half day does not read as a plunge.
 */
export function trendOption(
  current: Array<{ start: string; total: number }>,
  previous: Array<{ start?: string; total: number }> | undefined,
  bucket: string,
  unit: string,
  now = Date.now(),
): ChartOption {
  const last = current[current.length - 1];
  const partial = last !== undefined && Date.parse(last.start) + (BUCKET_LENGTH[bucket] ?? 30 * DAY_MS) > now;
  const totals = current.map((b) => b.total);
  const n = totals.length;
  return {
    animation: false,
    color: ['#2563eb', '#2563eb', '#94a3b8'],
    // One legend row (scrolling when narrow; at 375 px three entries wrapped onto the axis name),
    // and the value axis's name below it.
    grid: { left: 8, right: 16, top: 48, bottom: 40, containLabel: true },
    legend: { type: 'scroll', top: 0 },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => amountText(v, unit) },
    xAxis: {
      type: 'category',
      data: current.map((b) => dateLabel(b.start, bucket)),
      // Dates a little lower than the default 8 px: the first, centred on the axis, overprinted the value axis's "0".
      axisLabel: { hideOverlap: true, margin: 12 },
    },
    // The unit names the value axis (as barOption's does): a PDF has no tooltip to carry it.
    yAxis: {
      type: 'value',
      name: unit,
      nameTextStyle: { align: 'left' },
      axisLabel: { formatter: `{value}` },
    },
    dataZoom: [{ type: 'inside' }, { type: 'slider', height: 20, bottom: 8 }],
    series: [
      {
        name: 'This period',
        type: 'line',
        smooth: 0.2,
        symbolSize: 6,
        data: partial ? totals.map((t, i) => (i === n - 1 ? null : t)) : totals,
      },
      ...(partial
        ? [
            {
              name: `${bucket === 'day' ? 'Today' : 'This ' + bucket} so far (partial)`,
              type: 'line',
              lineStyle: { type: 'dashed' },
              symbol: 'emptyCircle',
              symbolSize: 6,
              data: totals.map((t, i) => (i >= n - 2 ? t : null)),
            },
          ]
        : []),
      ...(previous
        ? [
            {
              name: bucket === 'day' ? 'Previous period (same weekday)' : 'Previous period',
              type: 'line',
              smooth: true,
              lineStyle: { type: 'dotted', color: '#94a3b8' },
              itemStyle: { color: '#94a3b8' },
              symbol: 'none',
              data: alignPrevious(current, previous, bucket),
            },
          ]
        : []),
    ],
  };
}
