/**
 * Excel through exceljs' streaming WorkbookWriter: rows are committed as they come, so a sheet of a
 * million rows never sits in memory. Cells are typed (datetimes as dates in the export's zone, as
 * wall-clock time since Excel has no zones; numbers as numbers), the header is bold and frozen,
 * with an autofilter over the columns and widths from the labels.
 */
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { neutraliseFormula } from './csv.js';
import {
  type Cell,
  type ExportColumn,
  type ExportDocument,
  eachPage,
  headerText,
  type KpiTile,
  kpiFigure,
  type TableSpec,
} from './table.js';
import { unitAfter } from './unit-text.js';
import { wallClock } from './zone-format.js';

type Workbook = InstanceType<typeof ExcelJS.stream.xlsx.WorkbookWriter>;
type SheetTable = Pick<TableSpec, 'title' | 'columns' | 'rows' | 'onRow'>;

/** Rows between looks at the zip's backpressure (about 60 KiB of sheet XML: the StreamBuf's batch). */
const ROWS_PER_WAIT = 100;

const NUM_FMT: Record<ExportColumn['type'], string | undefined> = {
  text: undefined,
  number: undefined,
  datetime: 'yyyy-mm-dd hh:mm:ss',
  duration: '0',
  percent: '0.0%',
};

const columnStyle = (c: ExportColumn): Partial<ExcelJS.Style> => {
  const numFmt = NUM_FMT[c.type];
  return numFmt ? { numFmt } : {};
};

/**
 * A column's cell styles, one object per kind of value, shared by its cells. exceljs gives every
 * cell a fresh copy of the column's style and then renders each copy's XML to find its style id
 * (it caches the id per object), a dozen renders a row, the bulk of a sheet's CPU. The same
 * content per kind of value (a style without a number format is resolved by the value's type:
 * General for numbers, a date format for dates) gives each cell the id a copy would have got.
 */
type SharedStyles = Record<'number' | 'date' | 'other', Partial<ExcelJS.Style>>;
const sharedStyles = (c: ExportColumn): SharedStyles => ({
  number: columnStyle(c),
  date: columnStyle(c),
  other: columnStyle(c),
});
const kindOf = (v: ExcelJS.CellValue): keyof SharedStyles =>
  typeof v === 'number' ? 'number' : v instanceof Date ? 'date' : 'other';
/** The style of every data row (none: exceljs would render a fresh empty one per row). */
const ROW_STYLE: Partial<ExcelJS.Style> = {};

function typedCell(value: Cell, column: ExportColumn, zone: string): ExcelJS.CellValue {
  if (value === null || value === undefined || value === '') return null;
  if (column.type === 'datetime') return wallClock(value as Date | string, zone);
  if (column.type !== 'text' && typeof value === 'number') return value;
  if (typeof value === 'boolean') return value;
  return neutraliseFormula(value instanceof Date ? value.toISOString() : String(value));
}

/** Excel sheet names: at most 31 characters, none of []:*?/\ and unique in the workbook. */
function sheetName(title: string, taken: Set<string>): string {
  const base = title.replace(/[[\]:*?/\\]/g, ' ').slice(0, 28) || 'Sheet';
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base} ${i}`;
  taken.add(name.toLowerCase());
  return name;
}

type Sheet = ReturnType<Workbook['addWorksheet']>;

/** What backpressure is read from: a Node or readable-stream Writable. */
interface Buffered {
  writableNeedDrain?: boolean;
  _writableState?: { needDrain?: boolean };
  once(event: string, listener: () => void): unknown;
  removeListener(event: string, listener: () => void): unknown;
}

/**
 * The stream a worksheet's XML is written into: archiver's PassThrough in front of the zip entry's
 * deflate (exceljs' StreamBuf pipes into it and ignores what its writes return). Read from exceljs'
 * internals, so it is looked up defensively: without it, only the output's backpressure applies.
 */
function zipInput(ws: Sheet): Buffered | undefined {
  const input = (ws as unknown as { stream?: { pipes?: unknown[] } }).stream?.pipes?.[0];
  return input && typeof (input as Buffered).once === 'function' ? (input as Buffered) : undefined;
}

const needsDrain = (s: Buffered) => Boolean(s.writableNeedDrain ?? s._writableState?.needDrain);

/** Resolves on `drain`; rejects if `out` closes first (the consumer went away: stop rendering). */
function drainOf(s: Buffered, out: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const drained = () => {
      out.removeListener('close', closed);
      resolve();
    };
    const closed = () => {
      s.removeListener('drain', drained);
      reject(new Error('The export output closed before the workbook was complete.'));
    };
    s.once('drain', drained);
    out.once('close', closed);
  });
}

/**
 * Waits while the zip's input or the output is full. exceljs hands the sheet's XML to the zip
 * without backpressure: rows produced faster than the compressor (a threadpool round trip per
 * 16 KiB) deflates them piled up ahead of it, 170 MiB in a 1M-row export. Waiting on the zip
 * input's `drain` bounds that to its buffer; the output's own backpressure reaches the zip input
 * through the pipes (a slow client stalls the deflate, then the input fills).
 */
async function drained(ws: Sheet, out: Writable) {
  const input = zipInput(ws);
  // Without the input (exceljs changed), a turn of the event loop lets the deflate catch up a little.
  if (!input) await new Promise((resolve) => setImmediate(resolve));
  while ((input && needsDrain(input)) || out.writableNeedDrain) {
    if (out.destroyed) throw new Error('The export output closed before the workbook was complete.');
    await drainOf(input && needsDrain(input) ? input : (out as unknown as Buffered), out);
  }
}

async function writeSheet(wb: Workbook, table: SheetTable, zone: string, out: Writable, taken: Set<string>) {
  const { columns } = table;
  const ws = wb.addWorksheet(sheetName(table.title, taken), {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  ws.columns = columns.map((c) => ({
    key: c.key,
    width: Math.min(60, Math.max(10, headerText(c).length + 2, c.type === 'datetime' ? 20 : 0)),
    style: columnStyle(c),
  }));
  const styles = columns.map(sharedStyles);
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: Math.max(1, columns.length) } };
  const header = ws.addRow(columns.map(headerText));
  header.font = { bold: true };
  header.commit();
  let done = 0;
  for await (const page of eachPage(table.rows)) {
    for (const row of page) {
      const values = columns.map((c) => typedCell(row[c.key], c, zone));
      const r = ws.addRow(values);
      (r as unknown as { style: Partial<ExcelJS.Style> }).style = ROW_STYLE; // untyped: exceljs' own field
      for (let i = 0; i < values.length; i++)
        r.getCell(i + 1).style = (styles[i] as SharedStyles)[kindOf(values[i])];
      r.commit();
      table.onRow?.(++done);
      if (done % ROWS_PER_WAIT === 0) await drained(ws, out);
    }
  }
  ws.commit();
}

function newWorkbook(out: Writable): Workbook {
  // Fast deflate (level 1): the zip keeps up with the rows, at a slightly larger file.
  return new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
    zip: { zlib: { level: 1 } },
  });
}

/** The table as one sheet, written to `out` (ended when the workbook is complete). */
export async function renderXlsx(spec: TableSpec, out: Writable): Promise<void> {
  const wb = newWorkbook(out);
  wb.created = spec.generatedAt;
  await writeSheet(wb, spec, spec.timeZone, out, new Set());
  await wb.commit();
}

/** A tile's unit in the sheet's Unit column, as it reads after the value ("1" → "customer"). */
const kpiUnit = (k: KpiTile) => (k.unit && k.value !== null ? unitAfter(kpiFigure(k.value), k.unit) : k.unit);

/** A dashboard: a KPI sheet (label, value, unit, note) then one sheet per table. Charts are PDF only. */
export async function renderXlsxDocument(doc: ExportDocument, out: Writable): Promise<void> {
  const wb = newWorkbook(out);
  wb.created = doc.generatedAt;
  const taken = new Set<string>();
  const kpis: SheetTable = {
    title: 'KPIs',
    columns: [
      { key: 'label', label: 'KPI', type: 'text' },
      { key: 'value', label: 'Value', type: 'number' },
      { key: 'unit', label: 'Unit', type: 'text' },
      { key: 'note', label: 'Note', type: 'text' },
    ],
    rows: doc.kpis.map((k) => ({ ...k, unit: kpiUnit(k) })),
  };
  await writeSheet(wb, kpis, doc.timeZone, out, taken);
  for (const table of doc.tables) await writeSheet(wb, table, doc.timeZone, out, taken);
  await wb.commit();
}
