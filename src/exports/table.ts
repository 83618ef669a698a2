/**
 * What every export renders: a table spec (title, period, columns, rows) and a document of several
 * sections (KPI tiles, charts, tables) for dashboards. Renderers in csv.ts, xlsx.ts and pdf.ts take
 * these shapes and nothing else, so a report run or a scheduled delivery builds a spec and calls
 * `renderTable` / `renderDocument` (render.ts) without knowing any format.
 */
import type { EChartsCoreOption } from 'echarts/core';
import type { LabelledField } from '../events/value-labels.js';
import { quantityText } from './unit-text.js';
import { isoInZone } from './zone-format.js';

export const EXPORT_FORMATS = ['csv', 'xlsx', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export type ColumnType = 'text' | 'number' | 'datetime' | 'duration' | 'percent';

export interface ExportColumn {
  key: string;
  label: string;
  type: ColumnType;
  /** Shown in the header, e.g. "min" for a duration or "events" for a count. */
  unit?: string;
  /**
   * A catalogue field whose keys the cells hold (`web_visit`): documents people read (PDF) show its
   * label ("Web visit"); CSV and Excel keep the key, which other systems match on.
   */
  labelled?: LabelledField;
}

/** A cell: datetimes as Date or ISO string, durations in minutes, percents as ratios (0.25 = 25 %). */
export type Cell = string | number | boolean | Date | null | undefined;
export type ExportRow = Record<string, Cell>;

/**
 * Rows read in pages (a keyset read yields one array per page). Renderers loop over each page
 * synchronously: a million rows pass through one await per page instead of one per row (each
 * async-generator step per row cost about as much as encoding the row).
 */
export interface RowPages {
  pages: AsyncIterable<readonly ExportRow[]>;
}

export interface TableSpec {
  title: string;
  /** Lines under the title: filters, period, time zone (human-readable). */
  subtitle?: string[];
  generatedAt: Date;
  /** IANA zone in which datetimes are written (ISO with the zone's offset; wall-clock in Excel). */
  timeZone: string;
  columns: ExportColumn[];
  rows: AsyncIterable<ExportRow> | Iterable<ExportRow> | RowPages;
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

/** A tile's figure without its unit: "1,234", "12.5". */
export const kpiFigure = (value: number | string): string =>
  typeof value === 'number' ? value.toLocaleString('en-US', { maximumFractionDigits: 2 }) : value;

/** A tile's value as the PDF and the email show it: "1,234 events", "1 customer", "12.5 %", "—" when unknown. */
export function kpiText(k: KpiTile): string {
  if (k.value === null) return '—';
  const v = kpiFigure(k.value);
  return k.unit ? quantityText(v, k.unit) : v;
}

/** Header text: the label with its unit, e.g. "Duration (min)". */
export const headerText = (c: ExportColumn) => (c.unit ? `${c.label} (${c.unit})` : c.label);

/** Rows of a sync iterable are handed on in pages of this many (a generator may be endless). */
const SYNC_PAGE = 1000;

/** Rows of any kind, as pages (an async iterable of rows gives one-row pages: it cannot be batched without awaiting each). */
export async function* eachPage(rows: TableSpec['rows']): AsyncGenerator<readonly ExportRow[]> {
  if ('pages' in rows) {
    yield* rows.pages;
    return;
  }
  if (Array.isArray(rows)) {
    yield rows;
    return;
  }
  if (Symbol.asyncIterator in rows) {
    for await (const row of rows) yield [row];
    return;
  }
  let page: ExportRow[] = [];
  for (const row of rows) {
    page.push(row);
    if (page.length === SYNC_PAGE) {
      yield page;
      page = [];
    }
  }
  if (page.length) yield page;
}

/** Rows of any kind, as one async iteration (renderers where a row costs far more than an await). */
export async function* eachRow(rows: TableSpec['rows']): AsyncGenerator<ExportRow> {
  for await (const page of eachPage(rows)) yield* page;
}
