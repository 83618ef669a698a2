/**
 * CSV (RFC 4180): comma-separated, CRLF line ends, fields quoted when they hold a comma, quote, CR
 * or LF (quotes doubled), UTF-8 with an optional byte-order mark (Excel needs it to read UTF-8).
 * Text that a spreadsheet would run as a formula (starting with = + - @, tab or CR) is prefixed with
 * a single quote (OWASP's advice); numbers are numbers, so -5 stays -5.
 */
import { type Cell, cellText, type ExportColumn, eachPage, headerText, type TableSpec } from './table.js';
import { isoInZone } from './zone-format.js';

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;
/** Records are encoded into chunks of at most this many bytes before they are handed on. */
const CHUNK = 256 * 1024;

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

/**
 * The encoder of one column's cells, chosen once per export rather than per cell (a million-row
 * export encodes ten million cells): text is neutralised and quoted, datetimes formatted in the zone.
 */
function cellEncoder(c: ExportColumn, zone: string): (value: Cell) => string {
  if (c.type === 'text')
    return (v) =>
      v === null || v === undefined
        ? ''
        : csvField(neutraliseFormula(v instanceof Date ? v.toISOString() : String(v)));
  if (c.type === 'datetime')
    return (v) =>
      v instanceof Date || typeof v === 'string' ? isoInZone(v, zone) : csvField(cellText(v, c, zone));
  return (v) => (typeof v === 'number' ? String(v) : csvField(cellText(v, c, zone)));
}

/**
 * The table as CSV bytes: a header row, then one record per row. Each record is encoded into a
 * chunk buffer as soon as it is built, so a chunk is bytes rather than thousands of concatenated
 * strings kept alive (and copied by every young-generation GC) until it is handed on.
 */
export async function* renderCsv(spec: TableSpec, options: CsvOptions = {}): AsyncGenerator<Buffer> {
  const { columns, timeZone } = spec;
  const keys = columns.map((c) => c.key);
  const encoders = columns.map((c) => cellEncoder(c, timeZone));
  const width = columns.length;
  let chunk = Buffer.allocUnsafe(CHUNK);
  let at = 0;
  /** Room for `text` in the chunk, at UTF-8's worst case of 3 bytes per UTF-16 unit. */
  const fits = (text: string) => at + text.length * 3 <= CHUNK;
  const header = `${columns.map((c) => csvField(neutraliseFormula(headerText(c)))).join(',')}\r\n`;
  at = chunk.write(options.bom ? `\uFEFF${header}` : header, 0);
  let done = 0;
  for await (const page of eachPage(spec.rows)) {
    for (const row of page) {
      let line = '';
      for (let i = 0; i < width; i++) {
        if (i) line += ',';
        line += (encoders[i] as (v: Cell) => string)(row[keys[i] as string]);
      }
      line += '\r\n';
      spec.onRow?.(++done);
      if (!fits(line)) {
        if (at) yield chunk.subarray(0, at);
        chunk = Buffer.allocUnsafe(CHUNK);
        at = 0;
        if (!fits(line)) {
          yield Buffer.from(line); // a record longer than a chunk goes on its own
          continue;
        }
      }
      at += chunk.write(line, at);
    }
  }
  if (at) yield chunk.subarray(0, at);
}
