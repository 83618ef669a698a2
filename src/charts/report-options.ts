/**
 * ECharts options for a report run (the table every renderer reads): line, bar and stacked bar over
 * the first dimension with one series per metric (one dimension) or per value of the second; pie
 * through the dashboards' pieOption; heatmap of the first dimension × the second. Each data item
 * carries its row index, handed back on click for drill-down.
 */

import type { EChartsCoreOption as ChartOption } from 'echarts/core';
import { EVENT_TYPE_META, type EventType } from '../events/catalogue.js';
import { readableColumnLabel } from '../reports/column-label.js';
import type { RunResult } from '../reports/schema.js';
import { pieOption } from './builders.js';
import { amountText, escapeTooltip, NO_VALUE, rateText } from './value-text.js';

type Cell = string | number | null;
type Column = RunResult['columns'][number];

/** How a bucket start reads on an axis, as the dashboards' dates do (a time only for hours). */
const BUCKET_LABEL: Record<string, Intl.DateTimeFormatOptions> = {
  hour: { month: 'short', day: 'numeric', hour: 'numeric' },
  month: { month: 'short', year: '2-digit' },
};

const yearIn = (iso: string, timeZone: string) =>
  new Date(iso).toLocaleString('en-US', { year: 'numeric', timeZone });

/**
 * A cell as a chart label. A bucket start is read in the run's zone, where the bucket starts at
 * midnight: in the viewer's own zone a New York week read "Nov 2, 2026, 5:00 AM", and that long
 * first label overprinted the value axis's "0" at 375 px. Days and weeks name their year when the
 * period spans two (labels are categories: "Dec 7" twice would merge two buckets into one).
 */
function labelOf(r: RunResult, c: Column, v: Cell): string {
  if (v === null) return '';
  if (c.type !== 'datetime') return String(v);
  const { tz, from, to } = r.period;
  const last = new Date(Date.parse(to) - 1).toISOString();
  const format = BUCKET_LABEL[c.key] ?? {
    month: 'short',
    day: 'numeric',
    ...(yearIn(from, tz) === yearIn(last, tz) ? {} : { year: 'numeric' }),
  };
  return new Date(String(v)).toLocaleString(undefined, { ...format, timeZone: tz });
}

/** A metric's unit as a reader sees it: rates are fractions 0–1, shown as %. */
const unitOf = (c: Column) => (c.type === 'percent' ? '%' : c.unit === 'minutes' ? 'min' : (c.unit ?? ''));

/** A metric's value with its unit, for tooltips ("45.7%", "12 events", "3.5 min"). */
const valueText = (c: Column) => (v: unknown) =>
  c.type === 'percent' ? rateText(v) : amountText(v, unitOf(c));

/** The value axis: named by the unit its metrics share (none when they differ), rates as %. */
function valueAxis(metrics: Column[]) {
  const units = new Set(metrics.map(unitOf));
  const [unit] = units;
  const percent = metrics.every((m) => m.type === 'percent');
  return {
    type: 'value',
    name: units.size === 1 ? unit : undefined,
    ...(percent ? { axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } } : {}),
  };
}

function axes(r: RunResult) {
  const [d0, d1] = r.columns.filter((c) => c.role === 'dimension');
  const metrics = r.columns.filter((c) => c.role === 'metric');
  const text = (row: Record<string, Cell>, c: Column) => labelOf(r, c, row[c.key] ?? null);
  const categories = d0 ? [...new Set(r.rows.map((row) => text(row, d0)))] : ['All'];
  return { d0, d1, metrics, categories, text };
}

function seriesOption(r: RunResult, kind: 'line' | 'bar', stacked: boolean): ChartOption {
  const { d0, d1, metrics, categories, text } = axes(r);
  const at = (row: Record<string, Cell>) => categories.indexOf(d0 ? text(row, d0) : 'All');
  const series = d1
    ? [...new Set(r.rows.map((row) => text(row, d1)))].map((name) => {
        const m = metrics[0]?.key ?? '';
        const data: Array<{ value: number | null; row: number } | null> = categories.map(() => null);
        r.rows.forEach((row, i) => {
          if (text(row, d1) === name) data[at(row)] = { value: row[m] as number | null, row: i };
        });
        return { name, data };
      })
    : metrics.map((m) => ({
        name: readableColumnLabel(m),
        data: r.rows.map((row, i) => ({ value: row[m.key] as number | null, row: i })),
      }));
  return {
    animation: false,
    grid: { left: 56, right: 16, top: 40, bottom: 48 },
    legend: { type: 'scroll', top: 0 },
    tooltip: { trigger: 'axis' },
    // Dates a little lower than the default 8 px, clear of the value axis's "0" (as the dashboards' trend).
    xAxis: { type: 'category', data: categories, axisLabel: { hideOverlap: true, margin: 12 } },
    yAxis: valueAxis(d1 ? metrics.slice(0, 1) : metrics),
    series: series.map((s, i) => ({
      ...s,
      tooltip: { valueFormatter: valueText((d1 ? metrics[0] : metrics[i]) as Column) },
      type: kind,
      stack: stacked ? 'all' : undefined,
      barMaxWidth: 28,
      connectNulls: true,
    })),
  };
}

/**
 * The heatmap's tooltip: the cell's row and column and its figure with its unit, read from the
 * run's row (a missing rate reads "—", where the cell is drawn as 0). Its valueFormatter, unused by
 * ECharts beside a formatter, writes the same figure for the chart's "Show as table": a cell's data
 * index is its row's index.
 */
function heatmapTooltip(r: RunResult, metric: Column | undefined, name: (row: number) => string) {
  const text = metric ? valueText(metric) : (v: unknown) => String(v ?? NO_VALUE);
  const figure = (i: number) => text(r.rows[i]?.[metric?.key ?? '']);
  return {
    formatter: (p: { data?: { row?: number } }) => {
      const i = p.data?.row ?? -1;
      return `${escapeTooltip(name(i))}: ${escapeTooltip(figure(i))}`;
    },
    valueFormatter: (_drawn: unknown, i: number) => figure(i),
  };
}

function heatmap(r: RunResult): ChartOption {
  const { d0, d1, metrics, categories, text } = axes(r);
  const metric = metrics[0];
  const m = metric?.key ?? '';
  const cols = d1 ? [...new Set(r.rows.map((row) => text(row, d1)))] : [];
  const data = r.rows.map((row, i) => ({
    value: [cols.indexOf(d1 ? text(row, d1) : ''), categories.indexOf(d0 ? text(row, d0) : ''), row[m] ?? 0],
    row: i,
  }));
  const max = Math.max(1, ...r.rows.map((row) => Number(row[m] ?? 0)));
  const cellName = (i: number) => {
    const row = r.rows[i];
    return row ? [d0, d1].flatMap((d) => (d ? [text(row, d)] : [])).join(' · ') : '';
  };
  return {
    animation: false,
    tooltip: heatmapTooltip(r, metric, cellName),
    grid: { left: 120, right: 16, top: 8, bottom: 80 },
    xAxis: { type: 'category', data: cols, splitArea: { show: true } },
    yAxis: { type: 'category', data: categories, inverse: true, splitArea: { show: true } },
    visualMap: {
      min: 0,
      max,
      calculable: true,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      inRange: { color: ['#eff6ff', '#1d4ed8'] },
      // The scale's end labels in the figure's unit too (a rate's 0–1 reads 0%–100%).
      ...(metric?.type === 'percent' ? { formatter: (v: number) => `${Math.round(v * 100)}%` } : {}),
    },
    series: [
      {
        type: 'heatmap',
        // Named by its metric, as the line and bar series are: the table's value column.
        name: metric ? readableColumnLabel(metric) : undefined,
        // The names of an item's [x, y, figure], as the report's wells and data table label them:
        // "Show as table" heads its columns with them. ECharts' own field for them, written only by
        // its default tooltip (heatmapTooltip replaces it), so drawn nowhere; axis names would be
        // drawn beside the axes and printed in the PDF, and hidden ones would still be SVG text.
        ...(d0 && d1 && metric ? { dimensions: [d1, d0, metric].map(readableColumnLabel) } : {}),
        data,
      },
    ],
  };
}

/** The option for the run's visualization (null for a table). */
export function reportChartOption(r: RunResult): ChartOption | null {
  switch (r.visualization) {
    case 'line':
      return seriesOption(r, 'line', false);
    case 'bar':
      return seriesOption(r, 'bar', false);
    case 'stacked_bar':
      return seriesOption(r, 'bar', true);
    case 'heatmap':
      return heatmap(r);
    case 'pie': {
      const { d0, metrics, text } = axes(r);
      const m = metrics[0];
      // Types in their catalogue colours, as the dashboards' channel mix draws them.
      const typeColor = (i: number) =>
        d0?.key === 'type' ? EVENT_TYPE_META[r.keys[i]?.type as EventType]?.color : undefined;
      return pieOption(
        r.rows.map((row, i) => ({
          label: d0 ? text(row, d0) : '',
          value: Number(row[m?.key ?? ''] ?? 0),
          color: typeColor(i),
        })),
        m ? unitOf(m) : '',
        m ? valueText(m) : undefined,
      );
    }
    default:
      return null;
  }
}
