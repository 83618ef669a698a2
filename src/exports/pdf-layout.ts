/**
 * The page furniture every exported PDF shares: A4 landscape, a title block (title, filters and
 * period, generated-at), a page number on every page, and a table whose header repeats on each
 * page. Pages are flushed as they fill (no bufferPages), so a long table streams: the footer says
 * "Page n" rather than "n of m", which would need every page held until the end.
 */
import PDFDocument from 'pdfkit';
import { valueLabel } from '../events/value-labels.js';
import { formatInstant } from '../time/period-label.js';
import { registerFonts, SANS, SANS_BOLD } from './pdf-fonts.js';
import {
  type Cell,
  cellText,
  type ExportColumn,
  eachRow,
  headerText,
  percentText,
  type TableSpec,
} from './table.js';

export type Pdf = PDFKit.PDFDocument;
export const MARGIN = 36;
const ROW = 14;
const FONT = 8;

export function newPdf(title: string): Pdf {
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: MARGIN, info: { Title: title } });
  registerFonts(doc);
  let page = 1;
  const footer = () => {
    const { height, width } = doc.page;
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing in the margin must not open a new page
    doc
      .font(SANS)
      .fontSize(8)
      .fillColor('#64748b')
      .text(`Page ${page++}`, MARGIN, height - MARGIN + 12, { width: width - 2 * MARGIN, align: 'right' });
    doc.page.margins.bottom = bottom;
    doc.fillColor('black').x = MARGIN;
  };
  footer();
  doc.on('pageAdded', footer);
  return doc;
}

/** Title, subtitle lines and the generated-at line; leaves the cursor below them. */
export function titleBlock(
  doc: Pdf,
  head: { title: string; subtitle?: string[]; generatedAt: Date; timeZone: string },
) {
  doc.font(SANS_BOLD).fontSize(16).text(head.title, MARGIN, MARGIN);
  doc.font(SANS).fontSize(9).fillColor('#334155');
  for (const line of head.subtitle ?? []) doc.text(line);
  // Read by people, as the period line above it: "Generated Dec 7, 2026, 4:34 AM (Europe/Paris)".
  doc.text(`Generated ${formatInstant(head.generatedAt, head.timeZone)} (${head.timeZone})`);
  doc.fillColor('black').moveDown(0.8);
}

const bottomOf = (doc: Pdf) => doc.page.height - doc.page.margins.bottom - 6;

/** Column widths in points: proportional to a weight per type, filling the page width. */
function widths(doc: Pdf, columns: ExportColumn[]): number[] {
  const weight = (c: ExportColumn) => (c.type === 'text' ? 2 : c.type === 'datetime' ? 1.9 : 1);
  const total = columns.reduce((s, c) => s + weight(c), 0) || 1;
  const usable = doc.page.width - 2 * MARGIN;
  return columns.map((c) => (usable * weight(c)) / total);
}

function rowLine(doc: Pdf, cells: string[], w: number[], y: number, bold: boolean, right: boolean[]) {
  doc.font(bold ? SANS_BOLD : SANS).fontSize(FONT);
  let x = MARGIN;
  cells.forEach((text, i) => {
    const width = (w[i] ?? 0) - 4;
    doc.text(text, x + 2, y + 3, {
      width,
      height: ROW,
      lineBreak: false,
      ellipsis: true,
      align: right[i] ? 'right' : 'left',
    });
    x += w[i] ?? 0;
  });
}

/**
 * `datetimes`: "iso" keeps instants exact (the events export, where a row is an event and its time
 * matters to the second); "readable" reads them as people do ("Nov 30, 2026", a time only when it
 * is not midnight), for documents whose datetimes are bucket starts.
 */
function pdfCell(value: Cell, c: ExportColumn, zone: string, datetimes: 'iso' | 'readable'): string {
  if (c.type === 'percent' && typeof value === 'number') return percentText(value);
  if (c.labelled && typeof value === 'string' && value !== '') return valueLabel(c.labelled, value);
  if (
    datetimes === 'readable' &&
    c.type === 'datetime' &&
    (value instanceof Date || typeof value === 'string') &&
    value !== ''
  )
    return formatInstant(value, zone);
  return cellText(value, c, zone);
}

/** The table from the cursor down, a new page (header repeated) whenever the page is full. */
export async function pdfTable(
  doc: Pdf,
  table: Pick<TableSpec, 'columns' | 'rows' | 'onRow'>,
  zone: string,
  datetimes: 'iso' | 'readable' = 'iso',
) {
  const w = widths(doc, table.columns);
  const right = table.columns.map((c) => c.type !== 'text' && c.type !== 'datetime');
  const header = () => {
    const y = doc.y;
    doc
      .rect(MARGIN, y, doc.page.width - 2 * MARGIN, ROW)
      .fill('#e2e8f0')
      .fillColor('black');
    rowLine(doc, table.columns.map(headerText), w, y, true, right);
    doc.y = y + ROW;
  };
  header();
  let done = 0;
  for await (const row of eachRow(table.rows)) {
    if (doc.y + ROW > bottomOf(doc)) {
      doc.addPage();
      doc.y = MARGIN;
      header();
    }
    const y = doc.y;
    rowLine(
      doc,
      table.columns.map((c) => pdfCell(row[c.key], c, zone, datetimes)),
      w,
      y,
      false,
      right,
    );
    doc
      .moveTo(MARGIN, y + ROW)
      .lineTo(doc.page.width - MARGIN, y + ROW)
      .lineWidth(0.3)
      .stroke('#cbd5e1');
    doc.y = y + ROW;
    doc.x = MARGIN;
    table.onRow?.(++done);
  }
  doc.moveDown(1);
}
