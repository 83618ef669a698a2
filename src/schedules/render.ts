/**
 * renderDeliverable(content, format): the one place a recipient's content becomes a file. json,
 * csv and html are rendered here; pdf and xlsx by the exports renderers (src/exports/), from the
 * content's document (the dashboard or report as the app shows it) or, for a digest, its figures
 * as tiles and its rows as a table.
 */
import { buffer } from 'node:stream/consumers';
import { renderDocument } from '../exports/render.js';
import type { ExportDocument } from '../exports/table.js';
import type { Content, Rendered } from './content.js';
import type { FORMATS } from './schema.js';

export type Format = (typeof FORMATS)[number];

const stem = (title: string) =>
  title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80) || 'report';

/** A CSV cell (RFC 4180 quoting; a leading = + - @ is neutralised against spreadsheet formulas). */
function cell(v: string | number | null): string {
  if (v === null) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const toCsv = (rows: Content['rows']) => `${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;

export async function renderDeliverable(content: Content, format: Format): Promise<Rendered> {
  const name = stem(content.title);
  if (format === 'json')
    return {
      filename: `${name}.json`,
      contentType: 'application/json',
      body: Buffer.from(JSON.stringify(content.data)),
    };
  if (format === 'csv')
    return {
      filename: `${name}.csv`,
      contentType: 'text/csv; charset=utf-8',
      body: Buffer.from(toCsv(content.rows)),
    };
  if (format === 'html')
    return {
      filename: `${name}.html`,
      contentType: 'text/html; charset=utf-8',
      body: Buffer.from(content.html),
    };
  const body = await buffer(renderDocument(format, documentOf(content, new Date())));
  const contentType =
    format === 'pdf'
      ? 'application/pdf'
      : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  return { filename: `${name}.${format}`, contentType, body };
}

/**
 * What an email attaches besides its HTML body: the schedule's format. A digest's email always
 * carries its PDF (the "HTML + PDF attachment"), plus the chosen file when that is data
 * (json, csv, xlsx); html would only repeat the body.
 */
export async function emailAttachments(
  content: Content,
  format: Format,
  file: Rendered,
): Promise<Rendered[]> {
  if (content.kind !== 'digest') return [file];
  const pdf = format === 'pdf' ? file : await renderDeliverable(content, 'pdf');
  return format === 'pdf' || format === 'html' ? [pdf] : [pdf, file];
}

/** The content's own document, else its figures as tiles and its rows (header first) as one table. */
function documentOf(content: Content, generatedAt: Date): ExportDocument {
  if (content.document) return content.document;
  const [header = [], ...rows] = content.rows;
  const columns = header.map((label, i) => ({
    key: `c${i}`,
    label: String(label ?? ''),
    type: 'text' as const,
  }));
  return {
    title: content.title,
    generatedAt,
    timeZone: 'UTC',
    kpis: Object.entries(content.figures).map(([label, value]) => ({ label, value })),
    charts: [],
    tables: [
      {
        title: content.title,
        columns,
        rows: rows.map((r) => Object.fromEntries(r.map((v, i) => [`c${i}`, v]))),
      },
    ],
  };
}
