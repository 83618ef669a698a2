/**
 * What one recipient receives, before it is rendered to a format: the data (JSON), the figures
 * `only_when` compares, whether it is empty (`skip_if_empty`), and the email's HTML and text.
 * Each target kind (dashboard, digest, report) builds one of these for one viewer.
 */
import type { ExportDocument } from '../exports/table.js';

export interface Content {
  kind: 'dashboard' | 'digest' | 'report';
  /** Short title, for the email subject and the file name. */
  title: string;
  /** The JSON delivered (json format, webhook payload). */
  data: unknown;
  /** Named numbers `only_when` may compare (e.g. events, notable, activities). */
  figures: Record<string, number>;
  empty: boolean;
  /** Email body. */
  html: string;
  text: string;
  /** Table rows for CSV: the first row is the header. */
  rows: Array<Array<string | number | null>>;
  /** The PDF / Excel document (src/exports/); without one, the figures as tiles and `rows` as a table. */
  document?: ExportDocument;
}

/** A rendered file: what an email attaches and a webhook posts. */
export interface Rendered {
  filename: string;
  contentType: string;
  body: Buffer;
}

export const escapeHtml = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
