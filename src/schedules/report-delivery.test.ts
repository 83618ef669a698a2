/**
 * Report targets and file formats: a saved report delivered as PDF and Excel to a signed webhook,
 * each file opened by an independent reader and compared with GET /reports/:id/run for the same
 * period; a digest as PDF; a report the creator may not read is refused (404).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pdfText, readXlsx } from '../exports/testing.js';
import { saveReport } from '../reports/testing/request.js';
import { describeApp, newCompany, type TestCompany } from '../test/app.js';
import { C1, seedDigestCompany } from './testing/fixture.js';
import { sendNowAndWait } from './testing/send-now.js';

const received = new Map<string, { type: string; body: Buffer }>();
const receiver = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    received.set(req.url ?? '', { type: String(req.headers['content-type']), body: Buffer.concat(chunks) });
    res.writeHead(200).end();
  });
});
await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
const hookBase = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
afterAll(() => new Promise<void>((r) => receiver.close(() => r())));

describeApp(
  'scheduled reports as files',
  (t) => {
    let co: TestCompany;
    let owner: Record<string, string>;
    let reportId: string;
    beforeAll(async () => {
      co = newCompany();
      await seedDigestCompany(t.app, co);
      owner = await co.auth('executive');
      reportId = await saveReport(t.app, owner, 'Weekly channels', {
        metrics: ['activities', 'inbound'],
        dimensions: ['type'],
        visualization: 'bar',
        period: { relative: 'last_7_days' },
      });
    });

    const schedule = async (payload: object, headers = owner) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/report-schedules',
        headers,
        payload: { name: 'Weekly channels', cron: '0 8 * * 1', timezone: 'UTC', ...payload },
      });
    const sendNow = async (id: string) => {
      const d = await sendNowAndWait(t.app, owner, id);
      expect(d.status).toBe('delivered');
      return d;
    };

    it('a saved report as PDF and Excel: the run of its period ending at the slot', async () => {
      const tag = `r${Date.now()}`;
      const ids: Record<string, string> = {};
      for (const format of ['pdf', 'xlsx']) {
        const res = await schedule({
          target: { kind: 'report', report_id: reportId },
          format,
          recipients: [{ webhook_url: `${hookBase}/${tag}/${format}` }],
        });
        expect(res.statusCode, res.body).toBe(201);
        ids[format] = res.json().id;
      }
      const d = await sendNow(ids.pdf as string);
      await sendNow(ids.xlsx as string);
      const slot = new Date(d.slot_at);
      const from = new Date(slot.getTime() - 7 * 86_400_000).toISOString();
      const run = await t.app.inject({
        url: `/api/v1/reports/${reportId}/run?from=${from}&to=${slot.toISOString()}&tz=UTC`,
        headers: owner,
      });
      const json = run.json();
      expect(json.totals.activities).toBeGreaterThan(0);

      const pdf = received.get(`/${tag}/pdf`);
      expect(pdf?.type).toBe('application/pdf');
      const text = pdfText(pdf?.body as Buffer);
      expect(text).toContain('Weekly channels');
      for (const row of json.rows) expect(text).toContain(String(row.type));
      expect(text).toContain(String(json.totals.activities));

      const xlsx = received.get(`/${tag}/xlsx`);
      expect(xlsx?.type).toContain('spreadsheetml');
      const sheets = await readXlsx(xlsx?.body as Buffer);
      const table = sheets.find((s) => s.data.length === json.rows.length + 1 && s.data[0]?.[0] === 'Type');
      expect(table, sheets.map((s) => `${s.sheet}:${s.data[0]}`).join(' | ')).toBeDefined();
      const activities = json.columns.findIndex((c: { key: string }) => c.key === 'activities');
      const delivered = Object.fromEntries((table?.data ?? []).slice(1).map((r) => [r[0], r[activities]]));
      expect(delivered).toEqual(
        Object.fromEntries(json.rows.map((r: Record<string, unknown>) => [r.type, r.activities])),
      );
    });

    it('a digest as PDF: its figures and rows', async () => {
      const tag = `d${Date.now()}`;
      const res = await schedule({
        target: { kind: 'digest', customer_id: C1 },
        format: 'pdf',
        recipients: [{ webhook_url: `${hookBase}/${tag}` }],
      });
      expect(res.statusCode, res.body).toBe(201);
      await sendNow(res.json().id);
      const text = pdfText(received.get(`/${tag}`)?.body as Buffer);
      expect(text).toContain('Weekly channels');
      expect(text).toContain('Need pricing');
    });

    it('a report the creator may not read cannot be scheduled (404, as a missing one)', async () => {
      const stranger = await co.auth('executive');
      const res = await schedule(
        {
          target: { kind: 'report', report_id: reportId },
          format: 'json',
          recipients: [{ email: 'a@example.com' }],
        },
        stranger,
      );
      expect(res.statusCode).toBe(404);
      const missing = await schedule({
        target: { kind: 'report', report_id: newCompany().id },
        format: 'json',
        recipients: [{ email: 'a@example.com' }],
      });
      expect(missing.statusCode).toBe(404);
    });
  },
  { WEBHOOK_ALLOWLIST: '127.0.0.1', WEBHOOK_RETRY_BASE_MS: '1' },
);
