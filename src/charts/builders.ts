/**
 * ECharts option builders shared by the dashboards and their PDF exports (one look for every chart
 * of a kind; no Node built-ins: the web app bundles this file): bars, pies, the weekday × hour
 * heatmap, the journey Sankey and the goal gauge. The trend over time is in trend-option.ts.
 */
import type { EChartsCoreOption as ChartOption } from 'echarts/core';
import { amountText } from './value-text.js';

export { alignPrevious, trendOption } from './trend-option.js';

const PALETTE = [
  '#2563eb',
  '#7c3aed',
  '#059669',
  '#d97706',
  '#db2777',
  '#0891b2',
  '#4f46e5',
  '#65a30d',
  '#ea580c',
  '#475569',
];

/**
 * Horizontal bars, largest first; `data[i].key` is handed back on click via the item name. A second,
 * grey bar per row shows `previous` (named by `names`, default the previous period).
 */
export function barOption(
  rows: Array<{ label: string; value: number; color?: string; previous?: number }>,
  unit: string,
  names = { value: 'This period', previous: 'Previous period' },
): ChartOption {
  // Largest at the top (ECharts draws category axes bottom-up).
  const sorted = [...rows].sort((a, b) => a.value - b.value);
  const hasPrev = rows.some((r) => r.previous !== undefined);
  return {
    animation: false,
    grid: { left: 8, right: 40, top: hasPrev ? 28 : 8, bottom: 24, containLabel: true },
    legend: hasPrev ? { top: 0 } : undefined,
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v: unknown) => amountText(v, unit),
    },
    xAxis: { type: 'value', name: unit, nameLocation: 'middle', nameGap: 24 },
    yAxis: {
      type: 'category',
      data: sorted.map((r) => r.label),
      axisLabel: { width: 120, overflow: 'truncate' },
    },
    series: [
      {
        name: names.value,
        type: 'bar',
        barMaxWidth: 18,
        // Series colour = the bars' default, so a legend swatch is the blue of its bars.
        itemStyle: { color: '#2563eb' },
        label: { show: true, position: 'right' },
        // One colour unless the rows carry their own (activity types): colour must not suggest categories.
        data: sorted.map((r) => ({ value: r.value, itemStyle: { color: r.color ?? '#2563eb' } })),
      },
      ...(hasPrev
        ? [
            {
              name: names.previous,
              type: 'bar',
              barMaxWidth: 10,
              itemStyle: { color: '#cbd5e1' },
              data: sorted.map((r) => r.previous ?? 0),
            },
          ]
        : []),
    ],
  };
}

/** A pie of `rows`; `valueText` writes a value in tooltips (default: a count of `unit`, "1,234 events"). */
export function pieOption(
  rows: Array<{ label: string; value: number; color?: string }>,
  unit: string,
  valueText: (v: unknown) => string = (v) => amountText(v, unit),
): ChartOption {
  return {
    animation: false,
    tooltip: { trigger: 'item', valueFormatter: valueText },
    legend: { type: 'scroll', bottom: 0 },
    series: [
      {
        type: 'pie',
        radius: ['35%', '60%'],
        center: ['50%', '45%'],
        minShowLabelAngle: 18,
        avoidLabelOverlap: true,
        // Labels aligned to the chart's edges, so none runs out of a 375 px card ("eeting: 5.16%"),
        // name and share on two lines of their own (a wrapped name overprinted its share).
        label: {
          formatter: '{b}\n{d}%',
          alignTo: 'edge',
          edgeDistance: 8,
          lineHeight: 15,
          minMargin: 4,
          overflow: 'truncate',
          width: 90,
        },
        labelLine: { length: 8, length2: 0 },
        data: rows.map((r, i) => ({
          name: r.label,
          value: r.value,
          itemStyle: { color: r.color ?? PALETTE[i % PALETTE.length] },
        })),
      },
    ],
  };
}

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Weekday × hour-of-day counts (local time of the browser). */
export function heatmapOption(cells: number[][], unit: string): ChartOption {
  const data = cells.flatMap((row, d) => row.map((v, h) => [h, d, v]));
  const max = Math.max(1, ...data.map((x) => x[2] ?? 0));
  const valueText = (v: unknown) => amountText(v, unit);
  return {
    animation: false,
    tooltip: {
      formatter: (p: { value: number[] }) =>
        `${DAYS[p.value[1] ?? 0]} ${p.value[0]}:00 — ${valueText(p.value[2])}`,
      // Unused by ECharts beside a formatter; the chart's "Show as table" writes values with it.
      valueFormatter: valueText,
    },
    grid: { left: 40, right: 12, top: 8, bottom: 90 }, // room for the hour axis title and, below it, the scale
    xAxis: {
      type: 'category',
      data: Array.from({ length: 24 }, (_, h) => `${h}`),
      name: 'hour of day',
      nameLocation: 'middle',
      nameGap: 26,
      splitArea: { show: true },
    },
    yAxis: { type: 'category', data: DAYS, inverse: true, splitArea: { show: true } },
    visualMap: {
      min: 0,
      max,
      calculable: true,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemHeight: 120,
      itemWidth: 12,
      inRange: { color: ['#eff6ff', '#1d4ed8'] },
    },
    series: [{ type: 'heatmap', data, label: { show: false } }],
  };
}

/** Transitions as a two-column Sankey (from → next), which keeps the graph acyclic. */
export function sankeyOption(
  links: Array<{ from: string; to: string; count: number }>,
  color: (t: string) => string,
  label: (t: string) => string,
): ChartOption {
  const names = new Set<string>();
  for (const l of links) {
    names.add(`${l.from}›`);
    names.add(`›${l.to}`);
  }
  return {
    animation: false,
    tooltip: { trigger: 'item' },
    series: [
      {
        type: 'sankey',
        left: 8,
        right: 90,
        nodeGap: 6,
        emphasis: { focus: 'adjacency' },
        data: [...names].map((n) => {
          const t = n.replace('›', '');
          return {
            name: n,
            itemStyle: { color: color(t) },
            label: { formatter: n.startsWith('›') ? `→ ${label(t)}` : label(t) },
          };
        }),
        links: links.map((l) => ({ source: `${l.from}›`, target: `›${l.to}`, value: l.count })),
        lineStyle: { color: 'gradient', opacity: 0.35 },
      },
    ],
  };
}

export function gaugeOption(value: number, goal: number, label: string): ChartOption {
  const pct = goal > 0 ? Math.round((value / goal) * 100) : 0;
  return {
    animation: false,
    series: [
      {
        type: 'gauge',
        min: 0,
        max: 100,
        radius: '95%',
        center: ['50%', '60%'],
        startAngle: 200,
        endAngle: -20,
        progress: { show: true, width: 12, itemStyle: { color: pct >= 100 ? '#059669' : '#2563eb' } },
        axisLine: { lineStyle: { width: 12 } },
        axisTick: { show: false },
        splitLine: { show: false },
        axisLabel: { show: false },
        pointer: { show: false },
        title: { show: true, offsetCenter: [0, '45%'], fontSize: 12 },
        detail: { valueAnimation: false, offsetCenter: [0, '5%'], fontSize: 20, formatter: `${pct}%` },
        data: [{ value: Math.min(pct, 100), name: label }],
      },
    ],
  };
}
