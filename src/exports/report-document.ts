/**
 * A report run (src/reports/, GET /reports/:id/run) as an export: its one table for CSV, and for
 * PDF and Excel a document with the totals as tiles, the report's chart (the option the web page
 * draws, src/charts/report-options.ts) and the table. Figures are copied from the run, never
 * recomputed, so the file says what the JSON says.
 */
import type { FastifyReply } from 'fastify';
import { reportChartOption } from '../charts/report-options.js';
import type { RunResult } from '../reports/schema.js';
import { exportFileName, renderDocument, renderTable } from './render.js';
import { attachment } from './routes.js';
import type { ExportDocument, ExportFormat, KpiTile, TableSpec } from './table.js';

const metricColumns = (r: RunResult) => r.columns.filter((c) => c.role === 'metric');

/** The run's table: its columns (units in their labels) and rows as they are. */
export function reportTable(r: RunResult, generatedAt: Date): TableSpec {
  return {
    title: r.title,
    subtitle: [r.subtitle],
    generatedAt,
    timeZone: r.period.tz,
    // The run's labels carry their units already ("Activities (events)"): no unit to add again.
    columns: r.columns.map(({ key, label, type }) => ({ key, label, type })),
    rows: r.rows,
  };
}

/** Totals over the whole selection as tiles (rates as %, like the page shows them). */
export function reportTiles(r: RunResult): KpiTile[] {
  return metricColumns(r).map((c) => {
    const value = r.totals[c.key] ?? null;
    if (c.type === 'percent')
      return { label: c.label, value: value === null ? null : value * 100, unit: '%' };
    return { label: c.label, value, unit: c.unit };
  });
}

export function reportDocument(r: RunResult, generatedAt: Date): ExportDocument {
  const option = r.visualization === 'table' ? null : reportChartOption(r);
  const { title, columns, rows } = reportTable(r, generatedAt);
  return {
    title: r.title,
    subtitle: [
      r.subtitle,
      ...(r.restricted ? ['Rows of people whose figures you may not see are left out.'] : []),
    ],
    generatedAt,
    timeZone: r.period.tz,
    kpis: reportTiles(r),
    charts: option ? [{ title: r.title, option }] : [],
    tables: [{ title, columns, rows }],
  };
}

/** Sends a run as the file `format` asks for. */
export function sendReportFile(reply: FastifyReply, r: RunResult, format: ExportFormat) {
  const generatedAt = new Date();
  attachment(reply, format, exportFileName(r.title, format, generatedAt));
  const body =
    format === 'csv'
      ? renderTable('csv', reportTable(r, generatedAt))
      : renderDocument(format, reportDocument(r, generatedAt));
  return reply.send(body);
}
