/**
 * The features built on the audit trail record their writes and the files they send out: report
 * changes and runs, schedules and their deliveries, export jobs, event and dashboard exports; the
 * chain still verifies afterwards.
 */
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { sendNowAndWait } from '../schedules/testing/send-now.js';
import { describeApp, newCompany } from '../test/app.js';
import { eventInput } from '../test/factories.js';

describeApp(
  'audit entries of reports, schedules and exports',
  (t) => {
    it('records each change and each file taken out, by whom, without content', async () => {
      const co = newCompany();
      const userId = randomUUID();
      const exec = await co.auth('executive', { userId });
      const admin = await co.auth('admin');
      const call = async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) => {
        const res = await t.app.inject({ method, url: `/api/v1${url}`, headers: exec, payload });
        expect(res.statusCode, `${method} ${url} ${res.body.slice(0, 300)}`).toBeLessThan(300);
        return res;
      };
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/events',
        headers: admin,
        payload: eventInput({ event_title: 'Confidential pricing' }),
      });

      const report = (
        await call('POST', '/reports', {
          report_name: 'Volume',
          definition: { metrics: ['activities'], dimensions: ['type'], visualization: 'table' },
        })
      ).json();
      await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/reports/${report.id}`,
        headers: exec,
        payload: { report_name: 'Volume by type' },
      });
      await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/reports/${report.id}`,
        headers: exec,
        payload: { is_public: true },
      });
      await call('GET', `/reports/${report.id}/run?format=csv`);
      await call('GET', '/events/export?format=csv&columns=occurred_at,type,title');
      await call('GET', '/dashboards/executive?format=xlsx');
      await call('GET', '/dashboards/executive'); // JSON on screen: not a file, no entry

      const schedule = (
        await call('POST', '/report-schedules', {
          name: 'Weekly volume',
          target: { kind: 'report', report_id: report.id },
          cron: '0 8 * * 1',
          timezone: 'UTC',
          format: 'csv',
          recipients: [{ email: 'boss@example.com' }],
        })
      ).json();
      await call('POST', `/report-schedules/${schedule.id}/pause`);
      // Send-now answers 202 and delivers in the background: the audit entry comes when it is done.
      await sendNowAndWait(t.app, exec, schedule.id);
      await call('DELETE', `/report-schedules/${schedule.id}`);
      const job = (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/exports',
          headers: exec,
          payload: { kind: 'events', format: 'csv', params: {} },
        })
      ).json();
      await call('DELETE', `/reports/${report.id}`);

      const res = await t.app.inject({ url: '/api/v1/audit?limit=500', headers: admin });
      const entries = res.json().entries as Array<{
        action: string;
        user_id: string | null;
        object_ids: string[];
        details: Record<string, unknown>;
      }>;
      const mine = entries
        .filter((e) => e.user_id === userId)
        .map((e) => e.action)
        .reverse();
      expect(mine).toEqual([
        'report.create',
        'report.update',
        'report.share',
        'report.run',
        'events.export',
        'dashboard.export',
        'schedule.create',
        'schedule.update',
        'schedule.deliver',
        'schedule.delete',
        'export.create',
        'report.delete',
      ]);
      const byAction = new Map(entries.map((e) => [e.action, e]));
      expect(byAction.get('report.update')?.details).toMatchObject({
        changes: { report_name: { before: 'Volume', after: 'Volume by type' } },
      });
      expect(byAction.get('schedule.deliver')?.object_ids).toContain(schedule.id);
      expect(byAction.get('schedule.deliver')?.details).toMatchObject({ recipients: [{ channel: 'email' }] });
      expect(byAction.get('export.create')?.object_ids).toEqual([job.id]);
      expect(byAction.get('events.export')?.details).toMatchObject({
        query: { format: 'csv', columns: ['occurred_at', 'type', 'title'] },
      });
      // Addresses and secrets stay out of the log; event content never enters it.
      const text = JSON.stringify(entries);
      expect(text).not.toContain('boss@example.com');
      expect(text).not.toContain('Confidential pricing');
      expect(text).not.toContain(schedule.webhook_secret ?? 'no-secret');
      const verify = await t.app.inject({ url: '/api/v1/audit/verify', headers: admin });
      expect(verify.json()).toMatchObject({ ok: true, first_broken: null });
    }, 120_000);
  },
  { SCHEDULE_OUTBOX_DIR: '/tmp/crm-audit-outbox' },
);
