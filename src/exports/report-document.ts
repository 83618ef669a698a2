/**
 * A report run (src/reports/, GET /reports/:id/run) as an export: its one table for CSV, and for
 * PDF and Excel a document with the totals as tiles, the report's chart (the option the web page
 * draws, src/charts/report-options.ts) and the table. Figures are copied from the run, never
 * recomputed, so the file says what the JSON says.
 */
import type { FastifyReply } from 'fastify';
import { reportChartOption } from '../charts/report-options.js';
import { readableColumnLabel } from '../reports/column-label.js';
import type { RunResult } from '../reports/schema.js';
import { exportFileName, renderDocument, renderTable } from './render.js';
import { attachment } from './routes.js';
import type { ExportDocument, ExportFormat, KpiTile, TableSpec } from './table.js';

type RunColumn = RunResult['columns'][number];

const metricColumns = (r: RunResult) => r.columns.filter((c) => c.role === 'metric');

/**
 * A column's header in a file. The run's labels carry their units ("Activities (events)"), a rate's
 * "(fraction)" included. A CSV keeps a rate's exact fraction for whoever computes with it and says
 * its scale, "(0-1)" (ASCII: Excel opens a CSV without a byte-order mark as Windows-1252, where an
 * en dash would garble); a document (PDF, Excel, email) shows rates as percentages (Excel by a
 * 0.0% number format over the same fraction), so each cell carries its "%" and the header none.
 */
export function reportHeader(c: RunColumn, target: 'csv' | 'document'): string {
  if (c.type !== 'percent') return c.label;
  return target === 'csv' ? `${readableColumnLabel(c)} (0-1)` : readableColumnLabel(c);
}

/** The run's table: its columns (units in their labels, headed for `target`) and rows as they are. */
export function reportTable(r: RunResult, generatedAt: Date, target: 'csv' | 'document' = 'csv'): TableSpec {
  return {
    title: r.title,
    subtitle: [r.subtitle],
    generatedAt,
    timeZone: r.period.tz,
    // The labels carry their units already: no unit to add again.
    columns: r.columns.map((c) => ({ key: c.key, label: reportHeader(c, target), type: c.type })),
    rows: r.rows,
  };
}

/** Totals over the whole selection as tiles (rates as %, like the page shows them). */
export function reportTiles(r: RunResult): KpiTile[] {
  return metricColumns(r).map((c) => {
    const value = r.totals[c.key] ?? null;
    const label = reportHeader(c, 'document');
    if (c.type === 'percent') return { label, value: value === null ? null : value * 100, unit: '%' };
    return { label, value, unit: c.unit };
  });
}

export function reportDocument(r: RunResult, generatedAt: Date): ExportDocument {
  const option = r.visualization === 'table' ? null : reportChartOption(r);
  const { title, columns, rows } = reportTable(r, generatedAt, 'document');
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
