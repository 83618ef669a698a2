/**
 * recordAudit under concurrency: writes racing for a brand-new company (its head row not yet
 * there) and then for its head number their entries 1…n without a gap or a repeat, and the chain
 * verifies. On PostgreSQL the requests really run at once on pooled connections.
 */
import { expect, it } from 'vitest';
import { describeApp, newCompany } from '../test/app.js';
import { eventInput } from '../test/factories.js';

describeApp('audit appends', (t) => {
  it('numbers concurrent entries 1…n, including the racing first ones, and the chain verifies', async () => {
    const co = newCompany();
    const headers = await co.auth('integration');
    const n = 16;
    const results = await Promise.all(
      Array.from({ length: n }, () =>
        t.app.inject({ method: 'POST', url: '/api/v1/events', headers, payload: eventInput() }),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(n).fill(201));
    const compliance = await co.auth('compliance');
    const list = (await t.app.inject({ url: '/api/v1/audit?limit=100', headers: compliance })).json();
    expect(list.entries.map((e: { id: number }) => e.id).sort((a: number, b: number) => a - b)).toEqual(
      Array.from({ length: n }, (_, i) => i + 1),
    );
    const verify = (await t.app.inject({ url: '/api/v1/audit/verify', headers: compliance })).json();
    expect(verify).toMatchObject({ ok: true, checked: n, first_broken: null, head: { id: n } });
  }, 60_000);
});
