import { describe, expect, it } from 'vitest';
import { describeApp, newCompany } from '../test/app.js';
import { eventInput } from '../test/factories.js';
import { recordJobRun } from './metrics.js';

/** The value of one sample in Prometheus text output, 0 when absent. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describeApp('metrics', (t) => {
  const scrape = async () => {
    const res = await t.app.inject({ url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    return res.body;
  };

  it('counts ingest outcomes for single events and batches', async () => {
    const company = newCompany();
    const headers = await company.auth('integration');
    const before = await scrape();
    const one = eventInput({ external_id: 'm-1' });
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/v1/events', headers, payload: one })).statusCode,
    ).toBe(201);
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/v1/events', headers, payload: one })).statusCode,
    ).toBe(200);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers,
      payload: { event_type: 'x' },
    });
    expect(bad.statusCode).toBe(400);
    const batch = await t.app.inject({
      method: 'POST',
      url: '/api/v1/events/batch',
      headers,
      payload: [eventInput(), eventInput(), one, { nope: true }],
    });
    expect(batch.json()).toMatchObject({ stored: 2, duplicates: 1, rejected: 1 });
    const atomic = await t.app.inject({
      method: 'POST',
      url: '/api/v1/events/batch?atomic=true',
      headers,
      payload: [eventInput(), { nope: true }],
    });
    expect(atomic.statusCode).toBe(400);

    const after = await scrape();
    const delta = (outcome: string) =>
      sample(after, `ingest_events_total{outcome="${outcome}"}`) -
      sample(before, `ingest_events_total{outcome="${outcome}"}`);
    expect(delta('stored')).toBe(3);
    expect(delta('duplicate')).toBe(2);
    expect(delta('rejected')).toBe(4);
  });

  it('counts requests by route pattern and status, with latency histograms', async () => {
    const headers = await newCompany().auth('admin');
    await t.app.inject({ url: '/api/v1/events/5e14f34d-8e50-48f6-9901-a727ccdc43cb', headers });
    await t.app.inject({ url: '/no/such/path' });
    const text = await scrape();
    const labels = 'method="GET",route="/api/v1/events/:id",status_code="404"';
    expect(sample(text, `http_requests_total{${labels}}`)).toBeGreaterThanOrEqual(1);
    expect(sample(text, `http_request_duration_seconds_count{${labels}}`)).toBeGreaterThanOrEqual(1);
    expect(text).toContain(`http_request_duration_seconds_bucket{le="0.005",${labels}}`);
    expect(sample(text, 'http_requests_total{method="GET",route="unmatched",status_code="404"}')).toBe(1);
    expect(text).not.toContain('5e14f34d'); // ids never become labels
  });

  it('exposes pool, stream and job instruments that features set', async () => {
    t.app.metrics.streamClients.inc(2);
    t.app.metrics.streamDeliveryLag.observe(0.2);
    await recordJobRun(t.app.metrics, 'rollups', async () => 1);
    await expect(
      recordJobRun(t.app.metrics, 'rollups', async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const text = await scrape();
    expect(sample(text, 'stream_clients_connected')).toBe(2);
    expect(sample(text, 'stream_delivery_lag_seconds_count')).toBe(1);
    expect(sample(text, 'job_runs_total{job="rollups",outcome="ok"}')).toBe(1);
    expect(sample(text, 'job_runs_total{job="rollups",outcome="failed"}')).toBe(1);
    expect(sample(text, 'job_duration_seconds_count{job="rollups"}')).toBe(2);
    expect(sample(text, 'db_pool_connections_total')).toBeGreaterThanOrEqual(1);
    expect(text).toContain('db_pool_waiting_requests');
    expect(text).toContain('process_resident_memory_bytes');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });
});

describeApp(
  'metrics behind METRICS_TOKEN',
  (t) => {
    it('refuses a scrape without the token, accepts it with the token', async () => {
      const none = await t.app.inject({ url: '/metrics' });
      expect(none.statusCode).toBe(401);
      expect(none.headers['content-type']).toContain('application/problem+json');
      const wrong = await t.app.inject({ url: '/metrics', headers: { authorization: 'Bearer nope' } });
      expect(wrong.statusCode).toBe(401);
      const ok = await t.app.inject({
        url: '/metrics',
        headers: { authorization: 'Bearer scrape-token-123' },
      });
      expect(ok.statusCode).toBe(200);
      expect(ok.body).toContain('http_requests_total');
    });
  },
  { METRICS_TOKEN: 'scrape-token-123' },
);

describe('metrics registries', () => {
  it('are per app, so two apps in one process do not collide', async () => {
    const { createMetrics } = await import('./metrics.js');
    const db = { engine: 'pglite' } as never;
    const a = createMetrics(db);
    const b = createMetrics(db);
    a.ingestEvents.inc({ outcome: 'stored' });
    expect((await b.ingestEvents.get()).values).toEqual([]);
  });
});
