/**
 * A figure of exactly one reads with a singular unit wherever a unit follows a number in what
 * people read: the tiles' text (PDF, email), the Excel KPI sheet's Unit column, a report email's
 * row count. Other figures keep the plural; symbols stay symbols.
 */
import { describe, expect, it } from 'vitest';
import { renderDocument } from './render.js';
import { type ExportDocument, kpiText } from './table.js';
import { pdfText, readXlsx } from './testing.js';
import { quantityText } from './unit-text.js';

const doc: ExportDocument = {
  title: 'Units',
  generatedAt: new Date('2026-12-01T00:00:00Z'),
  timeZone: 'UTC',
  kpis: [
    { label: 'Activities', value: 1, unit: 'events' },
    { label: 'Customers touched', value: 1, unit: 'customers' },
    { label: 'Tasks completed', value: 2, unit: 'tasks' },
    { label: 'Median response time', value: 1, unit: 'minutes' },
    { label: 'Outcome rate', value: 1, unit: '%' },
  ],
  charts: [],
  tables: [],
};

const bytes = async (format: 'pdf' | 'xlsx') => Buffer.concat(await renderDocument(format, doc).toArray());

describe('units after figures', () => {
  it('a tile of exactly 1 reads singular, other figures plural, symbols unchanged', () => {
    expect(doc.kpis.map(kpiText)).toEqual(['1 event', '1 customer', '2 tasks', '1 minute', '1 %']);
    expect(kpiText({ label: 'x', value: 0, unit: 'customers' })).toBe('0 customers');
    expect(kpiText({ label: 'x', value: 1.5, unit: 'minutes' })).toBe('1.5 minutes');
    // Decided on the figure as shown: 0.999 shows as "1".
    expect(kpiText({ label: 'x', value: 0.999, unit: 'minutes' })).toBe('1 minute');
    expect(kpiText({ label: 'x', value: 1234, unit: 'events' })).toBe('1,234 events');
    expect(kpiText({ label: 'x', value: 1, unit: 'min' })).toBe('1 min');
    expect(quantityText('1', 'rows')).toBe('1 row');
    expect(quantityText('11', 'rows')).toBe('11 rows');
  });

  it('the PDF tiles say "1 customer"', async () => {
    const text = pdfText(await bytes('pdf')).replace(/\s+/g, ' ');
    expect(text).toContain('1 customer');
    expect(text).not.toContain('1 customers');
    expect(text).toContain('2 tasks');
  });

  it("the Excel KPI sheet's Unit column is singular beside a 1", async () => {
    const [kpis] = await readXlsx(await bytes('xlsx'));
    expect(kpis?.sheet).toBe('KPIs');
    expect(kpis?.data.slice(1).map((r) => [r[1], r[2]])).toEqual([
      [1, 'event'],
      [1, 'customer'],
      [2, 'tasks'],
      [1, 'minute'],
      [1, '%'],
    ]);
  });
});
