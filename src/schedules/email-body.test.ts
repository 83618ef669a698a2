/**
 * The HTML body of a report or dashboard email carries what its PDF / Excel carry: the period, the
 * totals as figures with their units, and a totals row under each table. Read from the .eml in the
 * outbox with the MIME reader, and compared with the fixture's hand-counted figures and with the
 * report run / dashboard endpoint for the same period.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { valueLabel } from '../events/value-labels.js';
import { pdfText } from '../exports/testing.js';
import { saveReport } from '../reports/testing/request.js';
import { formatPeriod } from '../time/period-label.js';
import { EXPECTED } from './testing/fixture.js';
import { leafParts } from './testing/mime.js';
import { sendNowAndWait } from './testing/send-now.js';
import { createSchedule, describeSchedules } from './testing/suite.js';

const text = (cell: string) => cell.replace(/<[^>]+>/g, '').trim();
const cells = (row: string) => [...row.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((m) => text(m[1] ?? ''));

/** The body's sections by their h2 title: the totals row of a table, or every row of the figures. */
function sections(html: string): Map<string, { rows: string[][]; totals: string[] | undefined }> {
  const out = new Map<string, { rows: string[][]; totals: string[] | undefined }>();
  for (const part of html.split('<h2>').slice(1)) {
    const title = part.slice(0, part.indexOf('</h2>'));
    const foot = /<tfoot>(.*?)<\/tfoot>/.exec(part)?.[1];
    const body = /<tbody>(.*?)<\/tbody>/.exec(part)?.[1] ?? /<table>(.*?)<\/table>/.exec(part)?.[1] ?? '';
    out.set(title, {
      rows: [...body.matchAll(/<tr>(.*?)<\/tr>/g)].map((m) => cells(m[1] ?? '')),
      totals: foot ? cells(foot) : undefined,
    });
  }
  return out;
}

describeSchedules(
  'report and dashboard emails: totals in the HTML body',
  (t) => {
    /** Schedules `target` as a PDF email, sends it now; the delivery and the email's parts. */
    const deliver = async (name: string, target: object) => {
      const id = await createSchedule(t, {
        name,
        target,
        cron: '0 8 * * 1',
        timezone: 'UTC',
        format: 'pdf',
        recipients: [{ email: 'boss@example.com' }],
      });
      const d = await sendNowAndWait(t.app, t.headers, id);
      expect([d.status, d.recipients[0].status]).toEqual(['delivered', 'outboxed']);
      const parts = leafParts(readFileSync(join(t.outbox, d.recipients[0].outbox_file), 'utf8'));
      const part = (type: string) => parts.find((p) => p.headers['content-type']?.startsWith(type));
      return {
        slot: new Date(d.slot_at).toISOString(),
        html: part('text/html')?.body ?? '',
        plain: part('text/plain')?.body ?? '',
        pdf: pdfText(part('application/pdf')?.bytes as Buffer).replace(/\s+/g, ' '),
      };
    };

    /** Saves a table report over the last 7 days by type, delivers it weekly; the email and the same run over the API. */
    const deliverWeekly = async (name: string, metrics: string[]) => {
      const reportId = await saveReport(t.app, t.headers, name, {
        metrics,
        dimensions: ['type'],
        visualization: 'table',
        period: { relative: 'last_7_days' },
      });
      const mail = await deliver(`${name} weekly`, { kind: 'report', report_id: reportId });
      const from = new Date(Date.parse(mail.slot) - 7 * 86_400_000).toISOString();
      const run = (
        await t.app.inject({
          url: `/api/v1/reports/${reportId}/run?from=${from}&to=${mail.slot}&tz=UTC`,
          headers: t.headers,
        })
      ).json();
      return { mail, from, run };
    };

    it('a report: its period, the totals with units, and a totals row that is not the sum of rows', async () => {
      const { mail, from, run } = await deliverWeekly('Channels', ['activities', 'customers']);
      // By hand: three past events (email, call, sms), all of the one customer.
      expect(run.totals).toEqual({ activities: EXPECTED.all.events, customers: 1 });
      // The period in words, named as the report's relative period (the slot is mid-day: times show).
      const period = formatPeriod({ from, to: mail.slot, tz: 'UTC', name: 'Last 7 days' });
      expect(period).toMatch(/^Last 7 days: [A-Z][a-z]{2} \d+, (\d{4}, )?\d+:\d\d [AP]M – /);
      expect(mail.html).toContain(`<p>${period}</p>`);
      const s = sections(mail.html);
      expect(s.get('Totals')?.rows).toEqual([
        ['Activities (events)', `${EXPECTED.all.events} events`, ''],
        ['Customers (customers)', '1 customer', ''],
      ]);
      const table = s.get('Channels');
      // Rows by the catalogue's labels ("SMS"), not the raw keys.
      expect(table?.rows.map((r) => r[0]).sort()).toEqual(
        Object.keys(EXPECTED.all.by_channel)
          .map((k) => valueLabel('type', k))
          .sort(),
      );
      // Each type counts one customer; the total counts that customer once.
      expect(table?.rows.map((r) => r[2])).toEqual(['1', '1', '1']);
      expect(table?.totals).toEqual(['Total', String(EXPECTED.all.events), '1']);
      expect(mail.plain).toContain(`Activities (events): ${EXPECTED.all.events} events`);
      // The attachment shows the same figures as tiles.
      expect(mail.pdf).toMatch(new RegExp(`${EXPECTED.all.events} events 1 customer\\b`));
    });

    it('a report of a rate: headed without "(fraction)", cells and totals as percentages', async () => {
      const { mail, run } = await deliverWeekly('Completion', ['completion_rate']);
      expect(run.columns[1].label).toBe('Completion rate (fraction)');
      const percent = (v: number | null) => (v === null ? '' : `${(v * 100).toFixed(1)} %`);
      const table = sections(mail.html).get('Completion');
      expect(mail.html).toContain('<th>Completion rate</th>');
      expect(mail.html).not.toContain('fraction');
      expect(table?.rows).toEqual(
        run.rows.map((r: { type: string; completion_rate: number | null }) => [
          r.type,
          percent(r.completion_rate),
        ]),
      );
      expect(table?.totals).toEqual(['Total', percent(run.totals.completion_rate)]);
    });

    it('a dashboard: its period and comparison, the tiles with units, and totals under its tables', async () => {
      const mail = await deliver('Exec weekly', {
        kind: 'dashboard',
        dashboard: 'executive',
        period: 'last_7_days',
      });
      const from = new Date(Date.parse(mail.slot) - 7 * 86_400_000).toISOString();
      const d = (
        await t.app.inject({
          url: `/api/v1/dashboards/executive?from=${from}&to=${mail.slot}&tz=UTC`,
          headers: t.headers,
        })
      ).json();
      expect(d.volume.total).toBe(EXPECTED.all.events);
      const p = d.period;
      for (const line of [
        'Executive dashboard',
        `Period: ${formatPeriod({ ...p, name: 'Last 7 days' })}`,
        `Compared with: ${formatPeriod({ ...p.previous, tz: 'UTC' })}`,
        `Charted by ${p.bucket}`,
      ])
        expect(mail.html).toContain(`<p>${line}</p>`);
      const s = sections(mail.html);
      const figures = Object.fromEntries(
        (s.get('Totals')?.rows ?? []).map(([label, value]) => [label, value]),
      );
      expect(figures.Activities).toBe(`${EXPECTED.all.events} events`);
      // One customer: the unit reads singular.
      expect(d.productivity.totals.customers_touched).toBe(1);
      expect(figures['Customers touched']).toBe('1 customer');
      expect(s.get('Activity trend')?.totals).toEqual([
        'Total',
        String(EXPECTED.all.events),
        String(d.volume.previous.total),
      ]);
      // Bucket starts as days people read (UTC midnights here), not ISO instants.
      const starts = s.get('Activity trend')?.rows.map((r) => r[0]);
      expect(starts).toHaveLength(d.volume.buckets.length);
      for (const start of starts ?? []) expect(start).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4}$/);
      expect(s.get('Events by type')?.totals).toEqual(['Total', String(EXPECTED.all.events)]);
      expect(s.get('Events by source')?.totals).toEqual(['Total', String(EXPECTED.all.events)]);
      expect(mail.plain).toContain(`Period: ${formatPeriod({ ...p, name: 'Last 7 days' })}`);
      expect(mail.html).not.toMatch(/(Period|Compared with):? \d{4}-/);
      expect(mail.plain).toContain(`Activities: ${EXPECTED.all.events} events`);
      expect(mail.pdf).toMatch(new RegExp(`${EXPECTED.all.events} events 1 customer\\b`));
    });
  },
  { seed: true },
);
