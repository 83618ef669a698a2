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
/**
 * A value as the chart's tooltip writes it ("45.7%", "1,234 events"); the table shows the same. The
 * data index is ECharts' second argument, for a figure the drawn value does not tell (a report
 * heatmap draws a missing rate as 0 and writes it "—").
 */
type ValueText = (v: unknown, dataIndex?: number) => string;
interface Tooltip {
  valueFormatter?: ValueText;
}
interface Series {
  type?: string;
  name?: string;
  data?: Datum[];
  links?: Array<{ source: string; target: string; value: number }>;
  tooltip?: Tooltip;
  detail?: { formatter?: unknown };
  /** Names of an item's values ([x, y, figure] for a heatmap): strings or { name }. */
  dimensions?: Array<string | { name?: string }>;
}
interface Axis {
  type?: string;
  data?: unknown[];
  name?: string;
}

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const first = <T>(x: T | T[] | undefined): T | undefined => (Array.isArray(x) ? x[0] : x);
/** A datum's value: a point's y ([x, y]), an item's `value`, null when missing. */
const rawValue = (d: Datum | undefined): unknown => {
  if (d === null || d === undefined) return null;
  if (Array.isArray(d)) return rawValue(d[1] as Datum);
  if (typeof d === 'object') return rawValue((d as { value?: Datum }).value);
  return d;
};
/** A value without a tooltip formatter: numbers to one decimal, "—" when missing. */
const plainValue = (v: unknown): number | string => {
  if (v === null || v === undefined || v === '') return '—';
  return typeof v === 'number' ? Math.round(v * 10) / 10 : String(v);
};

/**
 * How a series' values read in the table: as the chart's tooltip writes them (the series' own
 * valueFormatter, else the chart's), so a rate charted as "45.7%" is not listed as 0.457; plain
 * numbers when the chart has no formatter.
 */
function valueTextOf(
  option: ChartOption,
  s: Series | undefined,
): (v: unknown, dataIndex?: number) => number | string {
  const format = s?.tooltip?.valueFormatter ?? first(option.tooltip as Tooltip | Tooltip[])?.valueFormatter;
  return format ?? plainValue;
}
const cleanNode = (n: string) => n.replace(/›/g, '');

export function optionToTable(option: ChartOption, label: (name: string) => string = (n) => n): ChartTable {
  const series = ((option.series as Series[] | undefined) ?? []).filter((s) => s.type !== 'custom');
  const s0 = series[0];
  if (!s0) return { columns: [], rows: [] };
  if (s0.type === 'pie') {
    const data = (s0.data ?? []) as Array<{ name: string; value: number }>;
    const total = data.reduce((a, d) => a + d.value, 0) || 1;
    const text = valueTextOf(option, s0);
    return {
      columns: ['Name', 'Value', 'Share'],
      rows: data.map((d, i) => ({
        cells: [d.name, text(d.value), `${((d.value / total) * 100).toFixed(1)} %`],
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
  if (s0.type === 'heatmap') return heatmapTable(option, s0);
  if (s0.type === 'gauge') {
    const d = first(s0.data as Array<{ name: string; value: number }>);
    // The gauge's own figure ("120%"): its drawn value stops at 100.
    const shown = typeof s0.detail?.formatter === 'string' ? s0.detail.formatter : d?.value;
    const rows = d && shown !== undefined ? [{ cells: [d.name, shown], event: {} }] : [];
    return { columns: ['Name', 'Value'], rows };
  }
  const xAxis = first(option.xAxis as Axis | Axis[]);
  const yAxis = first(option.yAxis as Axis | Axis[]);
  const cat = xAxis?.type === 'category' ? xAxis : yAxis?.type === 'category' ? yAxis : undefined;
  const columns = [
    cat?.name ?? (xAxis?.type === 'time' ? 'Date' : 'Name'),
    ...series.map((s) => s.name ?? 'Value'),
  ];
  const valued = series.map((s) => ({ data: s.data ?? [], text: valueTextOf(option, s) }));
  if (cat?.data) {
    const rows = cat.data.map((c, i) => {
      // The mark a click on this category hits: the first series' (a report's item carries the `row`
      // its drill-down reads), else the first series drawn there (a missing value draws no mark).
      const mark = series.find((s) => rawValue(s.data?.[i]) !== null) ?? s0;
      return {
        cells: [String(c), ...valued.map((v) => v.text(rawValue(v.data[i])))],
        event: {
          name: String(c),
          dataIndex: i,
          seriesName: mark.name,
          data: mark.data?.[i],
        } as Partial<ECElementEvent>,
      };
    });
    // Horizontal bars are drawn bottom-up (largest last): the table reads top-down, largest first.
    return { columns, rows: cat === yAxis ? rows.reverse() : rows };
  }
  // A time axis: points are [instant, value]; one row per instant over every series (the first
  // series' value, as drawn, goes with the click event).
  const at = new Map<string, { cells: Array<string | number>; value: number | string | null }>();
  valued.forEach((v, si) => {
    for (const d of v.data) {
      if (!Array.isArray(d)) continue;
      const key = String(d[0]);
      const row = at.get(key) ?? { cells: Array(series.length).fill('—'), value: null };
      row.cells[si] = v.text(rawValue(d));
      if (si === 0) row.value = d[1] as number | string | null;
      at.set(key, row);
    }
  });
  return {
    columns,
    rows: [...at.entries()]
      .sort((a, b) => Date.parse(a[0]) - Date.parse(b[0]))
      .map(([t, row], i) => ({
        cells: [new Date(t).toLocaleDateString(undefined, { dateStyle: 'medium' }), ...row.cells],
        event: { name: t, dataIndex: i, seriesName: s0.name, value: [t, row.value] },
      })),
  };
}

/**
 * A heatmap's cells. The patterns heatmap's items are [hour, weekday, count]: its non-empty cells,
 * weekday then "9:00". A report heatmap's items are { value: [x, y, figure], row }: every cell (a
 * row of the run), by the axes' own labels, first dimension (y) first as the report's data table
 * lists them, each row with the item a click on that cell sends (its `row` drills down). Its columns
 * are headed by the series' dimension names, which the report gives and ECharts does not draw.
 */
function heatmapTable(option: ChartOption, s0: Series): ChartTable {
  const xAxis = first(option.xAxis as Axis | Axis[]);
  const yAxis = first(option.yAxis as Axis | Axis[]);
  const text = valueTextOf(option, s0);
  const data = s0.data ?? [];
  // The patterns grid is never empty (7 × 24 cells); a report heatmap may be.
  if (data.length > 0 && data.every(Array.isArray)) {
    const days = (yAxis?.data as string[] | undefined) ?? DAYS;
    const cells = (data as number[][]).filter((c) => (c[2] ?? 0) > 0);
    return {
      columns: ['Weekday', 'Hour', 'Value'],
      rows: cells.map((c) => ({
        cells: [days[c[1] ?? 0] ?? '', `${c[0]}:00`, text(c[2])],
        event: { value: c, dataIndex: 0 },
      })),
    };
  }
  const labelOf = (axis: Axis | undefined, at: unknown) => String(axis?.data?.[Number(at)] ?? '');
  const [xName, yName] = (s0.dimensions ?? []).map((d) => (typeof d === 'string' ? d : d.name));
  const items = data as Array<{ value?: unknown[] } | null>;
  return {
    columns: [yName ?? yAxis?.name ?? 'Row', xName ?? xAxis?.name ?? 'Column', s0.name ?? 'Value'],
    rows: items.flatMap((d, i) => {
      if (!d?.value) return [];
      const [x, y, v] = d.value;
      return [
        {
          cells: [labelOf(yAxis, y), labelOf(xAxis, x), text(v, i)],
          event: { value: d.value, data: d, dataIndex: i, seriesName: s0.name } as Partial<ECElementEvent>,
        },
      ];
    }),
  };
}
