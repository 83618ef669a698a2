/** Definitions the catalogue cannot compute or the chart cannot draw are refused with a 400 naming them. */
import { expect, it } from 'vitest';
import { describeApp, newCompany } from '../test/app.js';
import { preview } from './testing/request.js';

const CASES: Array<[string, Record<string, unknown>, string]> = [
  ['an unknown metric', { metrics: ['revenue'], dimensions: [] }, 'unknown metric "revenue"'],
  ['an unknown dimension', { metrics: ['activities'], dimensions: ['planet'] }, 'unknown dimension "planet"'],
  [
    'an unknown visualization',
    { metrics: ['activities'], dimensions: [], visualization: 'radar' },
    'unknown visualization "radar"',
  ],
  [
    'a pie with two dimensions',
    { metrics: ['activities'], dimensions: ['type', 'source'], visualization: 'pie' },
    'visualization "pie" needs 1 dimension(s), not 2',
  ],
  [
    'a pie with two metrics',
    { metrics: ['activities', 'inbound'], dimensions: ['type'], visualization: 'pie' },
    'visualization "pie" draws 1 metric(s), not 2',
  ],
  [
    'a heatmap with one dimension',
    { metrics: ['activities'], dimensions: ['type'], visualization: 'heatmap' },
    'visualization "heatmap" needs 2 dimension(s), not 1',
  ],
  [
    'a line without dimensions',
    { metrics: ['activities'], dimensions: [], visualization: 'line' },
    'visualization "line" needs 1–2 dimension(s), not 0',
  ],
  [
    'response times by segment',
    { metrics: ['first_response_median'], dimensions: ['segment'] },
    'metric "first_response_median" cannot be broken down by dimension "segment"',
  ],
  [
    'response times by status',
    { metrics: ['first_response_p90'], dimensions: ['status'] },
    'metric "first_response_p90" cannot be broken down by dimension "status"',
  ],
  ['two time buckets', { metrics: ['activities'], dimensions: ['day', 'hour'] }, 'at most one time bucket'],
  [
    'a repeated dimension',
    { metrics: ['activities'], dimensions: ['type', 'type'] },
    'dimension "type" appears more than once',
  ],
  [
    'a sort by something not in the report',
    { metrics: ['activities'], dimensions: ['type'], sort: { by: 'inbound', order: 'asc' } },
    '"inbound" is not a metric or dimension',
  ],
];

describeApp('report definitions are checked against the catalogue', (t) => {
  const co = newCompany();

  for (const [what, def, message] of CASES) {
    it(`refuses ${what} with a 400 naming it`, async () => {
      const res = await preview(t.app, await co.auth('executive'), def);
      expect(res.status).toBe(400);
      expect(res.body.detail).toContain(message);
      expect(res.body.errors.some((e: { message: string }) => e.message.includes(message))).toBe(true);
    });
  }

  it('refuses to save an invalid definition (nothing stored) and a bad period', async () => {
    const headers = await co.auth('executive');
    const bad = {
      report_name: 'x',
      definition: { metrics: ['nope'], dimensions: [], visualization: 'table' },
    };
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/reports', headers, payload: bad });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('body.definition.metrics.0');
    const list = await t.app.inject({ url: '/api/v1/reports', headers });
    expect(list.json().items).toEqual([]);
    const tz = await preview(
      t.app,
      headers,
      { metrics: ['activities'], dimensions: [] },
      { tz: 'Mars/Olympus' },
    );
    expect(tz.status).toBe(400);
    const range = await preview(
      t.app,
      headers,
      { metrics: ['activities'], dimensions: ['hour'] },
      {
        from: '2000-01-01T00:00:00Z',
        to: '2025-01-01T00:00:00Z',
      },
    );
    expect(range.status).toBe(400);
  });

  it('integration tokens have no reports', async () => {
    const headers = await co.auth('integration');
    expect((await preview(t.app, headers, { metrics: ['activities'], dimensions: [] })).status).toBe(403);
    expect((await t.app.inject({ url: '/api/v1/reports', headers })).statusCode).toBe(403);
  });
});
