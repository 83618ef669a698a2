/**
 * A saved report's run as CSV, Excel and PDF, each opened by an independent reader (csv-parse,
 * read-excel-file, pdftotext) and compared with the same run's JSON.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { P, type Seeded, seedFixture, TZ } from '../analytics/test-support/fixture.js';
import { EVENT_TYPE_META, type EventType } from '../events/catalogue.js';
import { authAs } from '../reports/testing/request.js';
import { describeApp } from '../test/app.js';
import { download, parseCsv, pdfText, readXlsx } from './testing.js';

/** The workbook's custom number formats, read from its styles part with unzip (not the writer). */
function numberFormats(xlsx: Buffer): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'report-xlsx-'));
  try {
    writeFileSync(join(dir, 'in.xlsx'), xlsx);
    const styles = execFileSync('/usr/bin/unzip', ['-p', join(dir, 'in.xlsx'), 'xl/styles.xml'], {
      encoding: 'utf8',
    });
    return [...styles.matchAll(/formatCode="([^"]*)"/g)].map((m) => m[1] ?? '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describeApp('report runs as files', (t) => {
  let fx: Seeded;
  let headers: Record<string, string>;
  let runUrl: string;
  let json: {
    title: string;
    subtitle: string;
    keys: Array<Record<string, string | null>>;
    columns: Array<{ key: string; label: string; unit?: string; role: string }>;
    rows: Array<Record<string, string | number | null>>;
    totals: Record<string, number | null>;
  };

  beforeAll(async () => {
    fx = await seedFixture(t.db);
    headers = await authAs(fx.companyId, 'executive', fx.users.u1);
    const definition = {
      metrics: ['activities', 'completion_rate', 'avg_duration'],
      dimensions: ['type'],
      visualization: 'bar',
    };
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers,
      payload: { report_name: 'Activities by type', definition },
    });
    expect(res.statusCode, res.body).toBe(201);
    runUrl = `/api/v1/reports/${res.json().id}/run?from=${P.from}&to=${P.to}&tz=${encodeURIComponent(TZ)}`;
    const run = await t.app.inject({ url: runUrl, headers });
    expect(run.statusCode, run.body).toBe(200);
    json = run.json();
    expect(json.rows.length).toBeGreaterThan(1);
  });

  // The run's labels carry their units ("Activities (events)"); the file prints each once.
  const header = () => json.columns.map((c) => c.label);
  // A rate's header as each file reads: the CSV keeps the fraction and says its scale, the
  // documents show percentages and no "(fraction)".
  const CSV_HEADER = ['Type', 'Activities (events)', 'Completion rate (0-1)', 'Average duration (minutes)'];
  const DOCUMENT_HEADER = ['Type', 'Activities (events)', 'Completion rate', 'Average duration (minutes)'];

  it('CSV: the run table, header with units, every row and cell as in the JSON', async () => {
    const file = await download(t.app, headers, `${runUrl}&format=csv`);
    expect(file.type).toContain('text/csv');
    expect(file.disposition).toMatch(/Activities-by-type-.*\.csv/);
    const [head, ...rows] = parseCsv(file.bytes);
    expect(header()[2]).toBe('Completion rate (fraction)');
    expect(head).toEqual(CSV_HEADER);
    expect(rows).toEqual(
      json.rows.map((r) => json.columns.map((c) => (r[c.key] === null ? '' : String(r[c.key])))),
    );
  });

  it('Excel: the totals sheet and the table as typed cells', async () => {
    const file = await download(t.app, headers, `${runUrl}&format=xlsx`);
    const sheets = await readXlsx(file.bytes);
    const table = sheets.find(
      (s) => s.data.length === json.rows.length + 1 && s.data[0]?.[0] === header()[0],
    );
    expect(table, sheets.map((s) => s.sheet).join(', ')).toBeDefined();
    expect(table?.data[0]).toEqual(DOCUMENT_HEADER);
    const activities = json.columns.findIndex((c) => c.key === 'activities');
    const rate = json.columns.findIndex((c) => c.key === 'completion_rate');
    for (const [i, row] of json.rows.entries()) {
      expect(table?.data[i + 1]?.[0]).toBe(row[json.columns[0]?.key ?? '']);
      expect(table?.data[i + 1]?.[activities]).toBe(row.activities);
      // The exact fraction, shown as a percentage by the cell's number format.
      expect(table?.data[i + 1]?.[rate]).toBe(row.completion_rate);
    }
    const flat = sheets.flatMap((s) => s.data.flat());
    expect(flat).toContain(json.totals.activities);
    expect(flat).toContain('Completion rate');
    expect(flat.some((v) => typeof v === 'string' && v.includes('(fraction)'))).toBe(false);
    expect(numberFormats(file.bytes)).toContain('0.0%');
  });

  it('PDF: title, period, totals and every row label', async () => {
    const file = await download(t.app, headers, `${runUrl}&format=pdf`);
    expect(file.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(file.bytes);
    expect(text).toContain('Activities by type');
    // The period as people read it, in the run's zone: Sat 25 Oct 00:00 CEST → Wed 29 Oct 00:00 CET.
    expect(json.subtitle).toBe('Oct 25 – Oct 28, 2025 (Europe/Paris)');
    expect(text).toContain(json.subtitle);
    expect(text).not.toMatch(/\d{4}-\d\d-\d\dT/);
    expect(text).toContain(String(json.totals.activities));
    // Rows are named by the catalogue's labels ("Email"), never the raw keys ("email").
    const labels = json.rows.map((r) => r.type);
    expect(labels).toEqual(json.keys.map((k) => EVENT_TYPE_META[k.type as EventType].label));
    expect(labels).toContain('Email');
    for (const label of labels) expect(text).toContain(String(label));
    // Rates as the page shows them: "Completion rate" over "45.7 %" cells, no "(fraction)".
    expect(text).toMatch(/Completion rate\s/);
    expect(text).not.toContain('fraction');
    const rate = json.rows.find((r) => typeof r.completion_rate === 'number')?.completion_rate as number;
    expect(text).toContain(`${(rate * 100).toFixed(1)} %`);
  });

  it('an unknown format is a 400 naming it, and another tenant gets 404', async () => {
    const bad = await t.app.inject({ url: `${runUrl}&format=docx`, headers });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('format');
    const other = await seedFixture(t.db);
    const stranger = await authAs(other.companyId, 'executive', other.users.u1);
    const res = await t.app.inject({ url: `${runUrl}&format=csv`, headers: stranger });
    expect(res.statusCode).toBe(404);
  });
});
