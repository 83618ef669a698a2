/**
 * A chart's data as a table, read from the same ECharts option the chart draws, so the table can
 * never disagree with the picture. Each row carries the event a click on that mark would send, so a
 * row's link drills down exactly where the chart would.
 */
import type { ChartOption, ECElementEvent } from './echarts.js';

export interface ChartTable {
  columns: string[];
  rows: Array<{ cells: Array<string | number>; event: Partial<ECElementEvent> }>;
}

type Datum = number | string | null | { value?: unknown; name?: string } | unknown[];
interface Series {
  type?: string;
  name?: string;
  data?: Datum[];
  links?: Array<{ source: string; target: string; value: number }>;
}
interface Axis {
  type?: string;
  data?: unknown[];
  name?: string;
}

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const first = <T>(x: T | T[] | undefined): T | undefined => (Array.isArray(x) ? x[0] : x);
const cellValue = (d: Datum | undefined): number | string => {
  if (d === null || d === undefined) return '—';
  if (Array.isArray(d)) return cellValue(d[1] as Datum);
  if (typeof d === 'object') return cellValue((d as { value?: Datum }).value);
  return typeof d === 'number' ? Math.round(d * 10) / 10 : d;
};
const cleanNode = (n: string) => n.replace(/›/g, '');

export function optionToTable(option: ChartOption, label: (name: string) => string = (n) => n): ChartTable {
  const series = ((option.series as Series[] | undefined) ?? []).filter((s) => s.type !== 'custom');
  const s0 = series[0];
  if (!s0) return { columns: [], rows: [] };
  if (s0.type === 'pie') {
    const data = (s0.data ?? []) as Array<{ name: string; value: number }>;
    const total = data.reduce((a, d) => a + d.value, 0) || 1;
    return {
      columns: ['Name', 'Value', 'Share'],
      rows: data.map((d, i) => ({
        cells: [d.name, d.value, `${((d.value / total) * 100).toFixed(1)} %`],
        event: { name: d.name, dataIndex: i, seriesName: s0.name, value: d.value },
      })),
    };
  }
  if (s0.type === 'sankey') {
    return {
      columns: ['From', 'To', 'Count'],
      rows: (s0.links ?? []).map((l, i) => ({
        cells: [label(cleanNode(l.source)), label(cleanNode(l.target)), l.value],
        event: { name: `${l.source} > ${l.target}`, dataIndex: i, dataType: 'edge' },
      })),
    };
  }
  if (s0.type === 'heatmap') {
    const yAxis = first(option.yAxis as Axis | Axis[]);
    const days = (yAxis?.data as string[] | undefined) ?? DAYS;
    const cells = ((s0.data ?? []) as number[][]).filter((c) => (c[2] ?? 0) > 0);
    return {
      columns: ['Weekday', 'Hour', 'Value'],
      rows: cells.map((c) => ({
        cells: [days[c[1] ?? 0] ?? '', `${c[0]}:00`, c[2] ?? 0],
        event: { value: c, dataIndex: 0 },
      })),
    };
  }
  if (s0.type === 'gauge') {
    const d = first(s0.data as Array<{ name: string; value: number }>);
    return { columns: ['Name', 'Value'], rows: d ? [{ cells: [d.name, d.value], event: {} }] : [] };
  }
  const xAxis = first(option.xAxis as Axis | Axis[]);
  const yAxis = first(option.yAxis as Axis | Axis[]);
  const cat = xAxis?.type === 'category' ? xAxis : yAxis?.type === 'category' ? yAxis : undefined;
  const columns = [
    cat?.name ?? (xAxis?.type === 'time' ? 'Date' : 'Name'),
    ...series.map((s) => s.name ?? 'Value'),
  ];
  if (cat?.data) {
    const rows = cat.data.map((c, i) => ({
      cells: [String(c), ...series.map((s) => cellValue(s.data?.[i]))],
      event: { name: String(c), dataIndex: i, seriesName: s0.name } as Partial<ECElementEvent>,
    }));
    // Horizontal bars are drawn bottom-up (largest last): the table reads top-down, largest first.
    return { columns, rows: cat === yAxis ? rows.reverse() : rows };
  }
  // A time axis: points are [instant, value]; one row per instant over every series.
  const at = new Map<string, Array<string | number>>();
  series.forEach((s, si) => {
    for (const d of s.data ?? []) {
      if (!Array.isArray(d)) continue;
      const key = String(d[0]);
      const row = at.get(key) ?? Array(series.length).fill('—');
      row[si] = cellValue(d);
      at.set(key, row);
    }
  });
  return {
    columns,
    rows: [...at.entries()]
      .sort((a, b) => Date.parse(a[0]) - Date.parse(b[0]))
      .map(([t, vals], i) => ({
        cells: [new Date(t).toLocaleDateString(undefined, { dateStyle: 'medium' }), ...vals],
        event: { name: t, dataIndex: i, seriesName: s0.name, value: [t, vals[0]] },
      })),
  };
}
