import { describe, expect, it } from 'vitest';
import { ROLES } from '../auth/roles.js';
import { describeApp } from '../test/app.js';
import { buildDemoDirectory, DEMO_COMPANY_ID } from './directory.js';
import { generateDemoEvents } from './generate-events.js';
import { seedDemo } from './seed.js';

describe('demo data generator', () => {
  const dir = buildDemoDirectory();
  const until = new Date('2026-06-01T00:00:00Z');
  const events = generateDemoEvents(dir, { until, days: 365, target: 55_000, tz: 'America/New_York' });

  it('covers every role and several segments', () => {
    expect(new Set(dir.users.map((u) => u.role))).toEqual(new Set(ROLES));
    expect(dir.users.length).toBeGreaterThanOrEqual(25);
    expect(dir.customers).toHaveLength(500);
    expect(new Set(dir.customers.map((c) => c.segment)).size).toBe(4);
  });

  it('is deterministic and has at least 50,000 events in the 12 months before `until`', () => {
    const again = generateDemoEvents(buildDemoDirectory(), {
      until,
      days: 365,
      target: 55_000,
      tz: 'America/New_York',
    });
    expect(again.map((e) => e.id)).toEqual(events.map((e) => e.id));
    expect(events.length).toBeGreaterThanOrEqual(50_000);
    const first = events[0]?.event_timestamp as Date;
    const last = events.at(-1)?.event_timestamp as Date;
    expect(last.getTime()).toBeLessThanOrEqual(until.getTime());
    expect(until.getTime() - first.getTime()).toBeGreaterThan(360 * 86_400_000);
  });

  it('has weekly seasonality, busy and quiet customers, answered and unanswered threads, outcomes', () => {
    const byWeekday = new Array(7).fill(0);
    for (const e of events) byWeekday[(e.event_timestamp as Date).getUTCDay()]++;
    expect(byWeekday[3]).toBeGreaterThan(3 * byWeekday[0]); // Wednesday vs Sunday
    const perCustomer = new Map<string, number>();
    for (const e of events) perCustomer.set(e.customer_id, (perCustomer.get(e.customer_id) ?? 0) + 1);
    const counts = [...perCustomer.values()].sort((a, b) => b - a);
    expect(counts[0]).toBeGreaterThan(10 * (counts[Math.floor(counts.length / 2)] ?? 1));
    const threads = new Map<string, string[]>();
    for (const e of events) {
      const th = String(e.event_data.thread_id);
      threads.set(th, [...(threads.get(th) ?? []), e.direction ?? '']);
    }
    const inboundThreads = [...threads.values()].filter((d) => d[0] === 'inbound');
    const answered = inboundThreads.filter((d) => d.includes('outbound')).length;
    expect(answered / inboundThreads.length).toBeGreaterThan(0.5);
    expect(answered).toBeLessThan(inboundThreads.length);
    expect(events.filter((e) => e.event_data.outcome === 'deal_won').length).toBeGreaterThan(100);
  });
});

describeApp(
  'demo mode',
  (t) => {
    it('lists personas and signs a working token for one', async () => {
      await seedDemo(t.db, { events: 300, days: 30 });
      expect(await seedDemo(t.db, { events: 300 })).toBe(0); // seeds once
      const personas = (await t.app.inject({ url: '/api/v1/demo/personas' })).json().items;
      expect(new Set(personas.map((p: { role: string }) => p.role))).toEqual(new Set(ROLES));
      const exec = personas.find((p: { role: string }) => p.role === 'executive');
      const session = await t.app.inject({
        method: 'POST',
        url: '/api/v1/demo/session',
        payload: { user_id: exec.user_id },
      });
      expect(session.statusCode).toBe(200);
      const auth = { authorization: `Bearer ${session.json().token}` };
      const page = await t.app.inject({ url: '/api/v1/events?limit=5', headers: auth });
      expect(page.statusCode).toBe(200);
      expect(page.json().items).toHaveLength(5);
      expect(page.json().items[0].company_id).toBe(DEMO_COMPANY_ID);
      // Two public report charts, each running to rows (the reports page opens on something drawn).
      const reports = await t.app.inject({ url: '/api/v1/reports', headers: auth });
      const saved = (reports.json().items as Array<{ id: string; report_name: string; definition: object }>)
        .map((r) => ({
          id: r.id,
          name: r.report_name,
          viz: (r.definition as { visualization: string }).visualization,
        }))
        .sort((a, b) => a.name.localeCompare(b.name));
      expect(saved.map(({ name, viz }) => [name, viz])).toEqual([
        ['Channel mix', 'pie'],
        ['Weekly activity by direction', 'line'],
      ]);
      for (const r of saved) {
        const run = await t.app.inject({ url: `/api/v1/reports/${r.id}/run`, headers: auth });
        expect(run.statusCode, r.name).toBe(200);
        expect(run.json().rows.length, r.name).toBeGreaterThan(0);
      }
      const unknown = await t.app.inject({
        method: 'POST',
        url: '/api/v1/demo/session',
        payload: { user_id: '00000000-0000-4000-8000-000000000000' },
      });
      expect(unknown.statusCode).toBe(404);
    });
  },
  { DEMO_MODE: 'true' },
);
