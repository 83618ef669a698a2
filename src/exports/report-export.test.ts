/**
 * A saved report's run as CSV, Excel and PDF, each opened by an independent reader (csv-parse,
 * read-excel-file, pdftotext) and compared with the same run's JSON.
 */
import { beforeAll, expect, it } from 'vitest';
import { P, type Seeded, seedFixture, TZ } from '../analytics/test-support/fixture.js';
import { EVENT_TYPE_META, type EventType } from '../events/catalogue.js';
import { authAs } from '../reports/testing/request.js';
import { describeApp } from '../test/app.js';
import { download, parseCsv, pdfText, readXlsx } from './testing.js';

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

  it('CSV: the run table, header with units, every row and cell as in the JSON', async () => {
    const file = await download(t.app, headers, `${runUrl}&format=csv`);
    expect(file.type).toContain('text/csv');
    expect(file.disposition).toMatch(/Activities-by-type-.*\.csv/);
    const [head, ...rows] = parseCsv(file.bytes);
    expect(head).toEqual(header());
    for (const c of json.columns.filter((c) => c.unit))
      expect(head?.find((h) => h.startsWith(c.label.split(' (')[0] ?? ''))).toBe(
        `${c.label.split(' (')[0]} (${c.unit})`,
      );
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
    const activities = json.columns.findIndex((c) => c.key === 'activities');
    for (const [i, row] of json.rows.entries()) {
      expect(table?.data[i + 1]?.[0]).toBe(row[json.columns[0]?.key ?? '']);
      expect(table?.data[i + 1]?.[activities]).toBe(row.activities);
    }
    const flat = sheets.flatMap((s) => s.data.flat());
    expect(flat).toContain(json.totals.activities);
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
