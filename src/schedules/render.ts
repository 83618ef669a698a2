/**
 * renderDeliverable(content, format): the one place a recipient's content becomes a file.
 * json, csv and html are rendered here; pdf and xlsx belong to the exports renderers
 * (src/exports/), which the lead connects with registerRenderer('pdf' | 'xlsx', fn) when merging.
 * Until then those formats are refused at creation with a 400 (assertFormatAvailable).
 */
import { badRequest } from '../errors.js';
import type { Content, Rendered } from './content.js';
import type { FORMATS } from './schema.js';

export type Format = (typeof FORMATS)[number];
export type Renderer = (content: Content) => Promise<Rendered>;

const external = new Map<Format, Renderer>();

/** Seam for the exports helper's renderers: registerRenderer('pdf', (content) => …). */
export function registerRenderer(format: 'pdf' | 'xlsx', render: Renderer): void {
  external.set(format, render);
}

/** 400 when a format's renderer is not wired in (pdf and xlsx until the exports renderers are). */
export function assertFormatAvailable(format: Format): void {
  if (format === 'json' || format === 'csv' || format === 'html' || external.has(format)) return;
  throw badRequest(`The ${format} format arrives with the exports renderers; use json, csv or html for now.`);
}

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
  const render = external.get(format);
  if (!render) throw badRequest(`The ${format} format arrives with the exports renderers.`);
  return await render(content);
}
