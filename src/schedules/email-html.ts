/**
 * The email body of a dashboard or report delivery, built from the export document its PDF and
 * Excel files are rendered from (src/exports/), so the body says what the attachment says: the
 * title, the period lines, the totals as figures with their units (the PDF's tiles, the Excel KPI
 * sheet), then the tables, each with a totals row where the content has one.
 */
import {
  cellText,
  type ExportDocument,
  type ExportRow,
  eachRow,
  headerText,
  kpiText,
  percentText,
} from '../exports/table.js';
import { formatInstant } from '../time/period-label.js';
import { escapeHtml as h } from './content.js';

type DocumentTable = ExportDocument['tables'][number];

/**
 * A cell as a reader of the email sees it: a datetime (a bucket start, an event's time) as
 * "Nov 30, 2026" or "Nov 30, 2026, 9:15 AM" in the document's zone; the files keep ISO for machines.
 */
function readableCell(value: ExportRow[string], c: DocumentTable['columns'][number], zone: string): string {
  // Rates as the PDF and the page show them (45.7 %), not as the fractions the files keep.
  if (c.type === 'percent' && typeof value === 'number') return percentText(value);
  if (c.type === 'datetime' && (value instanceof Date || typeof value === 'string') && value !== '')
    return formatInstant(value, zone);
  return cellText(value, c, zone);
}

/**
 * Totals rows by table index. A totals row names the first column "Total" and fills the others
 * from its cells; the totals are over the whole selection, as the tiles are (not a sum of the
 * rows: rates, medians and distinct customers do not add up).
 */
export type TotalsRows = Array<ExportRow | undefined>;

const periodLines = (d: ExportDocument) => d.subtitle ?? [];

function figuresHtml(d: ExportDocument): string {
  if (!d.kpis.length) return '';
  const rows = d.kpis
    .map(
      (k) =>
        `<tr><th scope="row">${h(k.label)}</th><td><strong>${h(kpiText(k))}</strong></td><td>${h(k.note ?? '')}</td></tr>`,
    )
    .join('');
  return `<h2>Totals</h2><table>${rows}</table>`;
}

async function tableHtml(t: DocumentTable, zone: string, totals: ExportRow | undefined): Promise<string> {
  const head = t.columns.map((c) => `<th>${h(headerText(c))}</th>`).join('');
  let body = '';
  for await (const row of eachRow(t.rows))
    body += `<tr>${t.columns.map((c) => `<td>${h(readableCell(row[c.key], c, zone))}</td>`).join('')}</tr>`;
  const foot = totals
    ? `<tfoot><tr><th scope="row">Total</th>${t.columns
        .slice(1)
        .map((c) => `<td><strong>${h(readableCell(totals[c.key], c, zone))}</strong></td>`)
        .join('')}</tr></tfoot>`
    : '';
  return `<h2>${h(t.title)}</h2><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody>${foot}</table>`;
}

/** The HTML body: the document without its charts (those are in the attachment), then `footer`. */
export async function documentHtml(d: ExportDocument, totals: TotalsRows = [], footer = ''): Promise<string> {
  const tables = await Promise.all(d.tables.map((t, i) => tableHtml(t, d.timeZone, totals[i])));
  return [
    `<!doctype html><html><body><h1>${h(d.title)}</h1>`,
    ...periodLines(d).map((line) => `<p>${h(line)}</p>`),
    figuresHtml(d),
    ...tables,
    footer ? `<p>${h(footer)}</p>` : '',
    '</body></html>',
  ].join('');
}

/** The plain-text alternative: title, period lines and the figures, one per line. */
export function documentText(d: ExportDocument, footer = ''): string {
  return [
    d.title,
    ...periodLines(d),
    ...d.kpis.map((k) => `${k.label}: ${kpiText(k)}${k.note ? ` (${k.note})` : ''}`),
    ...(footer ? [footer] : []),
  ].join('\n');
}
