/**
 * The Excel writer read back with exceljs' own (non-streaming) reader: typed cells with their
 * number formats (the cell styles are shared per column, xlsx.ts), a bold frozen header, the
 * autofilter and the widths, for rows given as pages, as an async iterable and as an array.
 */
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { renderTable } from './render.js';
import type { ExportRow, TableSpec } from './table.js';

const COLUMNS: TableSpec['columns'] = [
  { key: 'at', label: 'Occurred at', type: 'datetime' },
  { key: 'title', label: 'Title', type: 'text' },
  { key: 'minutes', label: 'Duration', type: 'duration', unit: 'min' },
  { key: 'score', label: 'Score', type: 'number' },
  { key: 'share', label: 'Share', type: 'percent' },
];

/** Row i: a datetime in Paris summer time, a formula-like title every third row, gaps every fifth. */
function row(i: number): ExportRow {
  return {
    at: new Date(Date.UTC(2025, 6, 1, 8, 0, i)),
    title: i % 3 === 0 ? `=SUM(A${i})` : `Title ${i}`,
    minutes: i % 5 === 0 ? null : i,
    score: i % 4 === 0 ? 'n/a' : i + 0.5,
    share: i / 100,
  };
}

async function bytesOf(spec: TableSpec): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk);
      done();
    },
  });
  await pipeline(renderTable('xlsx', spec), sink);
  return Buffer.concat(chunks);
}

async function readBack(rows: TableSpec['rows']) {
  const spec: TableSpec = {
    title: 'Events',
    generatedAt: new Date(),
    timeZone: 'Europe/Paris',
    columns: COLUMNS,
    rows,
  };
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await bytesOf(spec)) as unknown as Parameters<ExcelJS.Xlsx['load']>[0]);
  expect(wb.worksheets).toHaveLength(1);
  return wb.worksheets[0] as ExcelJS.Worksheet;
}

const N = 450;
const pages = async function* () {
  for (let p = 0; p < N; p += 200) yield Array.from({ length: Math.min(200, N - p) }, (_, k) => row(p + k));
};
const oneByOne = async function* () {
  for (let i = 0; i < N; i++) yield row(i);
};

describe('xlsx writer', () => {
  for (const [kind, rows] of [
    ['pages', () => ({ pages: pages() })],
    ['an async iterable', () => oneByOne()],
    ['an array', () => Array.from({ length: N }, (_, i) => row(i))],
  ] as const) {
    it(`rows as ${kind}: typed cells and formats, bold frozen header, autofilter, widths`, async () => {
      const ws = await readBack(rows());
      expect(ws.name).toBe('Events');
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(ws.autoFilter).toBe('A1:E1');
      expect(ws.columns.map((c) => c.width)).toEqual([20, 10, 16, 10, 10]);
      const header = ws.getRow(1);
      expect(header.values).toEqual([undefined, 'Occurred at', 'Title', 'Duration (min)', 'Score', 'Share']);
      expect(header.getCell(1).font?.bold).toBe(true);
      expect(ws.rowCount).toBe(N + 1);
      for (let i = 0; i < N; i++) {
        const r = ws.getRow(i + 2);
        const [at, title, minutes, score, share] = [1, 2, 3, 4, 5].map((n) => r.getCell(n));
        // Wall-clock time in Paris (UTC+2 in July) as the cell's date; Excel has no zones.
        expect(at?.value).toEqual(new Date(Date.UTC(2025, 6, 1, 10, 0, i)));
        expect(at?.numFmt).toBe('yyyy-mm-dd hh:mm:ss');
        expect(title?.value).toBe(i % 3 === 0 ? `'=SUM(A${i})` : `Title ${i}`);
        expect(title?.type).toBe(ExcelJS.ValueType.String);
        expect(minutes?.value).toBe(i % 5 === 0 ? null : i);
        if (i % 5) expect(minutes?.numFmt).toBe('0');
        expect(score?.value).toBe(i % 4 === 0 ? 'n/a' : i + 0.5);
        expect(share?.value).toBe(i / 100);
        expect(share?.numFmt).toBe('0.0%');
      }
    });
  }
});
