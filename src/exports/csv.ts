/**
 * CSV (RFC 4180): comma-separated, CRLF line ends, fields quoted when they hold a comma, quote, CR
 * or LF (quotes doubled), UTF-8 with an optional byte-order mark (Excel needs it to read UTF-8).
 * Text that a spreadsheet would run as a formula (starting with = + - @, tab or CR) is prefixed with
 * a single quote (OWASP's advice); numbers are numbers, so -5 stays -5.
 */
import { cellText, eachRow, headerText, type TableSpec } from './table.js';

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;
/** Rows are joined into chunks of about this many characters before they are handed on. */
const CHUNK = 64 * 1024;

/** A text cell made safe for spreadsheets: formula starts neutralised. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export function csvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export interface CsvOptions {
  /** Start with U+FEFF so Excel reads the file as UTF-8. */
  bom?: boolean;
}

/** The table as CSV text chunks: a header row, then one record per row. */
export async function* renderCsv(spec: TableSpec, options: CsvOptions = {}): AsyncGenerator<string> {
  const { columns, timeZone } = spec;
  let chunk = options.bom ? '\uFEFF' : '';
  chunk += `${columns.map((c) => csvField(neutraliseFormula(headerText(c)))).join(',')}\r\n`;
  let done = 0;
  for await (const row of eachRow(spec.rows)) {
    const fields = columns.map((c) => {
      const text = cellText(row[c.key], c, timeZone);
      return csvField(c.type === 'text' ? neutraliseFormula(text) : text);
    });
    chunk += `${fields.join(',')}\r\n`;
    spec.onRow?.(++done);
    if (chunk.length >= CHUNK) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}
