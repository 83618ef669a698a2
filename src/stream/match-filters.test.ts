import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { TimelineFilters } from '../events/filters.js';
import { getEventsByIds } from '../events/queries/list-events.js';
import { describeApp, newCompany } from '../test/app.js';
import { eventInput } from '../test/factories.js';
import { compileFilters } from './match-filters.js';
import { matchText } from './queries/match-text.js';

/** The stream matches in memory what GET /events matches in SQL: compare them on varied data. */
describeApp('stream filter matching equals the timeline SQL', (t) => {
  it('gives the same events as GET /events for every filter, alone and combined', async () => {
    const co = newCompany();
    const admin = await co.auth('admin');
    const team = randomUUID();
    const users = [randomUUID(), randomUUID(), randomUUID()];
    const customers = [randomUUID(), randomUUID(), randomUUID()];
    const contact = randomUUID();
    for (const [i, id] of users.entries()) {
      const payload = { name: `U${i}`, role: 'rep', team_id: i < 2 ? team : null };
      await t.app.inject({ method: 'PUT', url: `/api/v1/directory/users/${id}`, headers: admin, payload });
    }
    for (const [i, id] of customers.entries()) {
      const payload = { name: `C${i}`, segment: i === 0 ? 'enterprise' : i === 1 ? 'smb' : null };
      await t.app.inject({
        method: 'PUT',
        url: `/api/v1/directory/customers/${id}`,
        headers: admin,
        payload,
      });
    }
    const types = ['call', 'email', 'meeting', 'sms'] as const;
    const sources = ['phone_system', 'email', 'calendar', 'chat'] as const;
    const items = Array.from({ length: 48 }, (_, i) =>
      eventInput({
        event_type: types[i % 4],
        event_source: sources[i % 4],
        user_id: users[i % 3] as string,
        customer_id: customers[i % 3] as string,
        contact_id: i % 5 === 0 ? contact : null,
        priority: (['low', 'normal', 'high', 'urgent'] as const)[i % 4],
        status: i % 7 === 0 ? 'completed' : 'active',
        sentiment: i % 3 === 0 ? null : i % 3 === 1 ? 'positive' : 'negative',
        direction: i % 2 ? 'inbound' : null,
        participants: i % 6 === 0 ? [{ email: 'ann@example.com', id: `p-${i % 4}` }] : [{ id: `p-${i % 4}` }],
        event_title: i % 4 === 0 ? `Quarterly invoice ${i}` : `Follow-up ${i}`,
        event_timestamp: new Date(Date.UTC(2025, 5, 1) + i * 3_600_000).toISOString(),
      }),
    );
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/events/batch',
      headers: admin,
      payload: items,
    });
    const ids = (res.json().results as Array<{ id: string }>).map((r) => r.id);
    const rows = await getEventsByIds(co.scope(t.db), ids);

    const cases: TimelineFilters[] = [
      {},
      { type: ['call', 'sms'] },
      { source: ['email'] },
      { priority: ['urgent', 'low'], status: ['active'] },
      { sentiment: ['positive'] },
      { direction: ['inbound'] },
      { user_id: [(users[0] as string).toUpperCase()] },
      { customer_id: [customers[1] as string] },
      { contact_id: [contact] },
      { team_id: [team] },
      { segment: ['enterprise', 'smb'] },
      { participant: 'ANN@example.com' },
      { participant: 'p-1' },
      { from: '2025-06-01T10:00:00Z', to: '2025-06-02T03:00:00.000Z' },
      { q: 'invoice' },
      { q: 'invoice', team_id: [team], priority: ['low'] },
      { type: ['email'], segment: ['smb'], sentiment: ['positive'], from: '2025-06-01T05:00:00Z' },
    ];
    for (const filters of cases) {
      const query = Object.entries(filters)
        .map(([k, v]) => `${k}=${encodeURIComponent(Array.isArray(v) ? v.join(',') : String(v))}`)
        .join('&');
      const api = await t.app.inject({ url: `/api/v1/events?limit=200&${query}`, headers: admin });
      expect(api.statusCode, query).toBe(200);
      const expected = (api.json().items as Array<{ id: string }>).map((e) => e.id).sort();
      const text = filters.q ? await matchText(co.scope(t.db), ids, filters.q) : undefined;
      const matches = compileFilters(filters);
      const got = rows
        .filter((r) => matches(r) && (!text || text.has(r.id)))
        .map((r) => r.id)
        .sort();
      expect(got, query).toEqual(expected);
      // Each case selects a proper, non-empty subset (else it would prove nothing).
      expect(expected.length, query).toBeGreaterThan(0);
      if (query) expect(expected.length, query).toBeLessThan(48);
    }
  });
});
