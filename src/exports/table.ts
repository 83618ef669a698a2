/**
 * What every export renders: a table spec (title, period, columns, rows) and a document of several
 * sections (KPI tiles, charts, tables) for dashboards. Renderers in csv.ts, xlsx.ts and pdf.ts take
 * these shapes and nothing else, so a report run or a scheduled delivery builds a spec and calls
 * `renderTable` / `renderDocument` (render.ts) without knowing any format.
 */
import type { EChartsCoreOption } from 'echarts/core';
import { offsetAt } from '../time/offsets.js';

export const EXPORT_FORMATS = ['csv', 'xlsx', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export type ColumnType = 'text' | 'number' | 'datetime' | 'duration' | 'percent';

export interface ExportColumn {
  key: string;
  label: string;
  type: ColumnType;
  /** Shown in the header, e.g. "min" for a duration or "events" for a count. */
  unit?: string;
}

/** A cell: datetimes as Date or ISO string, durations in minutes, percents as ratios (0.25 = 25 %). */
export type Cell = string | number | boolean | Date | null | undefined;
export type ExportRow = Record<string, Cell>;

export interface TableSpec {
  title: string;
  /** Lines under the title: filters, period, time zone (human-readable). */
  subtitle?: string[];
  generatedAt: Date;
  /** IANA zone in which datetimes are written (ISO with the zone's offset; wall-clock in Excel). */
  timeZone: string;
  columns: ExportColumn[];
  rows: AsyncIterable<ExportRow> | Iterable<ExportRow>;
  /** Called after each row written (progress of export jobs). */
  onRow?: (done: number) => void;
}

export interface KpiTile {
  label: string;
  value: number | string | null;
  unit?: string;
  note?: string;
}

export interface ChartSection {
  title: string;
  subtitle?: string;
  /** An ECharts option from src/charts/builders.ts, the one the web app draws. */
  option: EChartsCoreOption;
  width?: number;
  height?: number;
}

/** A dashboard: KPI tiles, charts (PDF only) and tables (one sheet each in Excel). */
export interface ExportDocument {
  title: string;
  subtitle?: string[];
  generatedAt: Date;
  timeZone: string;
  kpis: KpiTile[];
  charts: ChartSection[];
  tables: Array<Omit<TableSpec, 'generatedAt' | 'timeZone' | 'subtitle'>>;
}

const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');

const HOUR = 3_600_000;
/** zone → hour slot → offset, for hours with one offset throughout (a million rows, few distinct hours). */
const slots = new Map<string, Map<number, number>>();

/**
 * offsetAt, cached per UTC hour: Intl's formatToParts costs microseconds per row, which dominated
 * a large export. An hour is cached only when its first and last millisecond share one offset, so
 * an hour holding a transition is computed row by row.
 */
function cachedOffset(zone: string, ms: number): number {
  if (zone === 'UTC') return 0;
  let byHour = slots.get(zone);
  if (!byHour || byHour.size > 100_000) {
    byHour = new Map();
    slots.set(zone, byHour);
  }
  const slot = Math.floor(ms / HOUR);
  const hit = byHour.get(slot);
  if (hit !== undefined) return hit;
  const start = offsetAt(zone, slot * HOUR);
  if (start === offsetAt(zone, slot * HOUR + HOUR - 1)) {
    byHour.set(slot, start);
    return start;
  }
  return offsetAt(zone, ms);
}

/** ISO 8601 with the zone's offset at that instant, e.g. 2026-03-29T03:30:00.000+02:00. */
export function isoInZone(value: Date | string, zone: string): string {
  const ms = (value instanceof Date ? value : new Date(value)).getTime();
  const offset = cachedOffset(zone, ms);
  const local = new Date(ms + offset).toISOString().slice(0, 23);
  if (offset === 0) return `${local}Z`;
  const mins = Math.round(Math.abs(offset) / 60_000);
  return `${local}${offset < 0 ? '-' : '+'}${pad(Math.floor(mins / 60))}:${pad(mins % 60)}`;
}

/** A Date whose UTC fields are the wall-clock time in `zone` (spreadsheets have no zones). */
export function wallClock(value: Date | string, zone: string): Date {
  const ms = (value instanceof Date ? value : new Date(value)).getTime();
  return new Date(ms + cachedOffset(zone, ms));
}

/** A cell as text (CSV, PDF): datetimes ISO in the zone, numbers plain, percents as ratios. */
export function cellText(value: Cell, column: ExportColumn, zone: string): string {
  if (value === null || value === undefined) return '';
  if (column.type === 'datetime' && (value instanceof Date || typeof value === 'string'))
    return isoInZone(value, zone);
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

/** A rate (a fraction 0–1) as documents show it to people: 0.4567 → "45.7 %". */
export const percentText = (fraction: number) => `${(fraction * 100).toFixed(1)} %`;

/** A tile's value as the PDF and the email show it: "1,234 events", "12.5 %", "—" when unknown. */
export function kpiText(k: KpiTile): string {
  if (k.value === null) return '—';
  const v =
    typeof k.value === 'number' ? k.value.toLocaleString('en-US', { maximumFractionDigits: 2 }) : k.value;
  return k.unit ? `${v} ${k.unit}` : v;
}

/** Header text: the label with its unit, e.g. "Duration (min)". */
export const headerText = (c: ExportColumn) => (c.unit ? `${c.label} (${c.unit})` : c.label);

/** Rows of either kind, as one async iteration. */
export async function* eachRow(rows: TableSpec['rows']): AsyncGenerator<ExportRow> {
  yield* rows as AsyncIterable<ExportRow>;
}
