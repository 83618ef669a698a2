/** Report chart labels: bucket starts read in the run's zone, short, and unique across a year. */
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../reports/schema.js';
import { runResult } from '../reports/testing/run-result.js';
import { reportChartOption } from './report-options.js';

/** A weekly line run in New York (weeks start at 05:00 UTC, midnight there). */
function weekly(starts: string[], from: string, to: string): RunResult {
  return runResult({
    title: 'Weekly',
    columns: [
      { key: 'week', label: 'Week', type: 'datetime', role: 'dimension' },
      { key: 'activities', label: 'Activities', type: 'number', unit: 'events', role: 'metric' },
    ],
    rows: starts.map((week, i) => ({ week, activities: i + 1 })),
    keys: starts.map((week) => ({ week })),
    period: { from, to, tz: 'America/New_York', bucket: 'week' },
    visualization: 'line',
  });
}

/** The option of a run that draws a chart (a table draws none). */
function option(r: RunResult) {
  const o = reportChartOption(r);
  if (!o) throw new Error('no chart option');
  return o as { xAxis: { data: string[] }; series: Array<{ data: Array<{ value: number }> }> };
}
const categories = (r: RunResult) => option(r).xAxis.data;

describe('report chart labels', () => {
  it("a week reads as its date in the run's zone, without a time", () => {
    const r = weekly(
      ['2026-11-02T05:00:00.000Z', '2026-11-09T05:00:00.000Z'],
      '2026-11-02T05:00:00.000Z',
      '2026-11-16T05:00:00.000Z',
    );
    expect(categories(r)).toEqual(['Nov 2', 'Nov 9']);
  });

  it('a period across two years names the year, so the same day of each year stays two buckets', () => {
    const r = weekly(
      ['2025-12-07T05:00:00.000Z', '2026-12-07T05:00:00.000Z'],
      '2025-12-07T05:00:00.000Z',
      '2026-12-08T05:00:00.000Z',
    );
    expect(categories(r)).toEqual(['Dec 7, 2025', 'Dec 7, 2026']);
    expect(option(r).series[0]?.data.map((d) => d.value)).toEqual([1, 2]);
  });
});

type Metric = RunResult['columns'][number];
const metric = (key: string, type: Metric['type'], unit: string): Metric => ({
  key,
  label: key,
  type,
  unit,
  role: 'metric',
});

/** A weekly line of the given metrics, every value 0.5. */
function withMetrics(metrics: Metric[]): RunResult {
  const r = weekly(['2026-11-02T05:00:00.000Z'], '2026-11-02T05:00:00.000Z', '2026-11-09T05:00:00.000Z');
  return {
    ...r,
    columns: [r.columns[0] as Metric, ...metrics],
    rows: [{ week: '2026-11-02T05:00:00.000Z', ...Object.fromEntries(metrics.map((m) => [m.key, 0.5])) }],
    metrics: metrics.map((m) => m.key),
  };
}

interface Axis {
  name?: string;
  axisLabel?: { formatter: (v: number) => string };
}
const yAxis = (r: RunResult) => (reportChartOption(r) as { yAxis: Axis }).yAxis;
const tooltips = (r: RunResult) =>
  (
    reportChartOption(r) as { series: Array<{ tooltip: { valueFormatter: (v: unknown) => string } }> }
  ).series.map((s) => s.tooltip.valueFormatter);

describe('report chart units', () => {
  it('a rate reads as % on its axis and in its tooltip, never as a fraction', () => {
    const r = withMetrics([metric('completion_rate', 'percent', 'fraction')]);
    expect(yAxis(r).name).toBe('%');
    expect(yAxis(r).axisLabel?.formatter(0.5)).toBe('50%');
    expect(tooltips(r)[0]?.(0.4567)).toBe('45.7%');
  });

  it('the axis is named by the unit its metrics share, and each tooltip by its own', () => {
    const counts = withMetrics([
      metric('inbound', 'number', 'events'),
      metric('outbound', 'number', 'events'),
    ]);
    expect(yAxis(counts).name).toBe('events');
    expect(yAxis(counts).axisLabel).toBeUndefined();
    const mixed = withMetrics([
      metric('activities', 'number', 'events'),
      metric('avg', 'duration', 'minutes'),
    ]);
    expect(yAxis(mixed).name).toBeUndefined();
    expect(tooltips(mixed).map((f) => f(1234.56))).toEqual(['1,234.6 events', '1,234.6 min']);
    expect(tooltips(mixed)[0]?.(null)).toBe('—');
  });

  it('a pie by type draws each type in its catalogue colour', () => {
    const r: RunResult = {
      ...weekly([], '2026-11-02T05:00:00.000Z', '2026-11-09T05:00:00.000Z'),
      visualization: 'pie',
      columns: [
        { key: 'type', label: 'Type', type: 'text', role: 'dimension' },
        metric('activities', 'number', 'events'),
      ],
      rows: [
        { type: 'Web visit', activities: 3 },
        { type: 'Call', activities: 2 },
      ],
      keys: [{ type: 'web_visit' }, { type: 'call' }],
      dimensions: ['type'],
    };
    const data = (
      reportChartOption(r) as {
        series: Array<{ data: Array<{ name: string; itemStyle: { color: string } }> }>;
      }
    ).series[0]?.data;
    expect(data?.map((d) => [d.name, d.itemStyle.color])).toEqual([
      ['Web visit', '#4d7c0f'],
      ['Call', '#2563eb'],
    ]);
  });
});

/** A type × direction run of one metric, drawn as `visualization`. */
function typeByDirection(m: Metric, values: Array<number | null>, visualization: RunResult['visualization']) {
  const base = weekly([], '2026-11-02T05:00:00.000Z', '2026-11-09T05:00:00.000Z');
  const names = ['Call', 'Web <visit>'];
  return {
    ...base,
    visualization,
    columns: [
      { key: 'type', label: 'Type', type: 'text', role: 'dimension' },
      { key: 'direction', label: 'Direction', type: 'text', role: 'dimension' },
      m,
    ],
    rows: values.map((v, i) => ({ type: names[i] ?? '', direction: 'Inbound', [m.key]: v })),
    keys: values.map(() => ({})),
    dimensions: ['type', 'direction'],
  } as RunResult;
}

interface Heatmap {
  tooltip: { formatter: (p: { data: { row: number } }) => string };
  visualMap: { formatter?: (v: number) => string };
}

const heatmapOf = (r: RunResult) => reportChartOption(r) as unknown as Heatmap;

describe('report chart tooltips: heatmap and pie in the figure’s unit', () => {
  it('a heatmap cell names its row and column (escaped) and its rate as %, a missing one as —', () => {
    const o = heatmapOf(
      typeByDirection(metric('success_rate', 'percent', 'fraction'), [0.4567, null], 'heatmap'),
    );
    expect(o.tooltip.formatter({ data: { row: 0 } })).toBe('Call · Inbound: 45.7%');
    expect(o.tooltip.formatter({ data: { row: 1 } })).toBe('Web &#60;visit&#62; · Inbound: —');
    expect(o.visualMap.formatter?.(1)).toBe('100%');
  });

  it('a heatmap of counts and one of durations: thousands separators and the unit', () => {
    const counts = heatmapOf(typeByDirection(metric('activities', 'number', 'events'), [1234, 5], 'heatmap'));
    expect(counts.tooltip.formatter({ data: { row: 0 } })).toBe('Call · Inbound: 1,234 events');
    expect(counts.visualMap.formatter).toBeUndefined();
    const minutes = heatmapOf(
      typeByDirection(metric('avg_duration', 'duration', 'minutes'), [1234.56, 5], 'heatmap'),
    );
    expect(minutes.tooltip.formatter({ data: { row: 0 } })).toBe('Call · Inbound: 1,234.6 min');
  });

  it('a pie of a rate shows its slices as %, a pie of counts with separators', () => {
    const pieTooltip = (m: Metric, v: number) =>
      (
        reportChartOption(typeByDirection(m, [v, 1], 'pie')) as {
          tooltip: { valueFormatter: (v: unknown) => string };
        }
      ).tooltip.valueFormatter(v);
    expect(pieTooltip(metric('success_rate', 'percent', 'fraction'), 0.4567)).toBe('45.7%');
    expect(pieTooltip(metric('activities', 'number', 'events'), 1234)).toBe('1,234 events');
  });
});
