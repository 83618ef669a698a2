/**
 * The entry points other features call: a table or a document in a format, as a readable byte
 * stream (pipe it to an HTTP reply, a file or a mail attachment). Errors while rendering destroy
 * the stream with the error, so a consumer's pipeline rejects instead of ending with a short file.
 */
import { PassThrough, Readable, type Writable } from 'node:stream';
import { renderCsv } from './csv.js';
import { renderPdf } from './pdf.js';
import { renderPdfDocument } from './pdf-document.js';
import type { ExportDocument, ExportFormat, TableSpec } from './table.js';
import { renderXlsx, renderXlsxDocument } from './xlsx.js';

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

function streamed(write: (out: Writable) => Promise<void>): Readable {
  const out = new PassThrough({ highWaterMark: 256 * 1024 });
  write(out).catch((error: unknown) =>
    out.destroy(error instanceof Error ? error : new Error(String(error))),
  );
  return out;
}

/** A table (spec.rows may be an async iterable of any length) as CSV, XLSX or PDF bytes. */
export function renderTable(
  format: ExportFormat,
  spec: TableSpec,
  options: { bom?: boolean } = {},
): Readable {
  if (format === 'csv') return Readable.from(renderCsv(spec, options), { objectMode: false });
  return streamed((out) => (format === 'xlsx' ? renderXlsx(spec, out) : renderPdf(spec, out)));
}

/** A dashboard document: PDF (KPI tiles, charts as vectors, tables) or XLSX (KPI sheet + a sheet per table). */
export function renderDocument(format: 'pdf' | 'xlsx', doc: ExportDocument): Readable {
  return streamed((out) => (format === 'xlsx' ? renderXlsxDocument(doc, out) : renderPdfDocument(doc, out)));
}

/** `events-2026-12-06T0455.csv`: a safe attachment file name (ASCII letters, digits, dashes). */
export function exportFileName(base: string, format: ExportFormat, at: Date): string {
  const safe = base.replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'export';
  const stamp = at.toISOString().slice(0, 16).replace(':', '').replace(/-/g, '');
  return `${safe}-${stamp}.${format}`;
}
