/**
 * Excel through exceljs' streaming WorkbookWriter: rows are committed as they come, so a sheet of a
 * million rows never sits in memory. Cells are typed (datetimes as dates in the export's zone, as
 * wall-clock time since Excel has no zones; numbers as numbers), the header is bold and frozen,
 * with an autofilter over the columns and widths from the labels.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { neutraliseFormula } from './csv.js';
import {
  type Cell,
  type ExportColumn,
  type ExportDocument,
  eachRow,
  headerText,
  type TableSpec,
  wallClock,
} from './table.js';

type Workbook = InstanceType<typeof ExcelJS.stream.xlsx.WorkbookWriter>;
type SheetTable = Pick<TableSpec, 'title' | 'columns' | 'rows' | 'onRow'>;

const NUM_FMT: Record<ExportColumn['type'], string | undefined> = {
  text: undefined,
  number: undefined,
  datetime: 'yyyy-mm-dd hh:mm:ss',
  duration: '0',
  percent: '0.0%',
};

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

/**
 * Lets the zip deflate what was written so far and waits while the output is full. exceljs hands
 * rows to its zip stream without backpressure, so without these pauses rows pile up in memory
 * ahead of the compressor (or of a slow client).
 */
async function drained(out: Writable) {
  await new Promise((resolve) => setImmediate(resolve));
  if (out.writableNeedDrain) await once(out, 'drain');
}

async function writeSheet(wb: Workbook, table: SheetTable, zone: string, out: Writable, taken: Set<string>) {
  const { columns } = table;
  const ws = wb.addWorksheet(sheetName(table.title, taken), {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  ws.columns = columns.map((c) => ({
    key: c.key,
    width: Math.min(60, Math.max(10, headerText(c).length + 2, c.type === 'datetime' ? 20 : 0)),
    style: NUM_FMT[c.type] ? { numFmt: NUM_FMT[c.type] } : {},
  }));
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: Math.max(1, columns.length) } };
  const header = ws.addRow(columns.map(headerText));
  header.font = { bold: true };
  header.commit();
  let done = 0;
  for await (const row of eachRow(table.rows)) {
    ws.addRow(columns.map((c) => typedCell(row[c.key], c, zone))).commit();
    table.onRow?.(++done);
    if (done % 200 === 0) await drained(out);
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
    rows: doc.kpis.map((k) => ({ ...k })),
  };
  await writeSheet(wb, kpis, doc.timeZone, out, taken);
  for (const table of doc.tables) await writeSheet(wb, table, doc.timeZone, out, taken);
  await wb.commit();
}
