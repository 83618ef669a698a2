import { expect, it } from 'vitest';
import { describeApp, newCompany } from '../test/app.js';
import { eventInput } from '../test/factories.js';

describeApp('ranges bounded once', (t) => {
  const company = newCompany();
  const get = async (url: string) =>
    t.app.inject({ url: `/api/v1${url}`, headers: await company.auth('admin') });
  const paths = (res: { json: () => { errors?: Array<{ path: string }> } }) =>
    (res.json().errors ?? []).map((e) => e.path);

  it('refuses instants outside 1970–2100 on every reader, with a 400 naming the field', async () => {
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: await company.auth('integration'),
      payload: eventInput({ event_timestamp: '2025-03-01T10:00:00Z' }),
    });
    const wide = 'from=1900-01-01T00:00:00Z&to=2199-12-31T23:59:59Z';
    for (const url of [
      `/dashboards/executive?${wide}&compare=previous`,
      `/analytics/volume?${wide}&compare=previous`,
      `/events?${wide}`,
      `/events/histogram?${wide}`,
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(paths(res), url).toEqual(expect.arrayContaining(['querystring.from', 'querystring.to']));
    }
  });

  it('refuses a comparison period that would start before 1970, naming compare', async () => {
    for (const url of [
      '/dashboards/executive?from=2000-01-01T00:00:00Z&to=2099-12-31T00:00:00Z&compare=previous',
      '/analytics/volume?from=1970-01-02T00:00:00Z&to=1970-01-05T00:00:00Z&compare=previous',
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(400);
      expect(paths(res)).toEqual(['query.compare']);
    }
  });

  it('answers the widest ranges it accepts', async () => {
    for (const url of [
      '/dashboards/executive?from=1970-01-01T00:00:00Z&to=2100-01-01T00:00:00Z&compare=none',
      '/dashboards/executive?from=2035-01-01T00:00:00Z&to=2100-01-01T00:00:00Z&compare=previous',
      '/analytics/volume?from=1970-01-01T00:00:00Z&to=2100-01-01T00:00:00Z',
      '/analytics/volume?to=1970-01-02T00:00:00Z',
    ]) {
      const res = await get(url);
      expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBe(200);
    }
  });
});
