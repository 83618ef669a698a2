import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeApp, newCompany } from '../test/app.js';
import { eventInput } from '../test/factories.js';

interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors: Array<{ path: string; message: string }>;
}

describeApp('bad input', (t) => {
  const post = async (payload: unknown, headers: Record<string, string> = {}) => {
    const co = newCompany();
    return t.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: { ...(await co.auth('integration')), 'content-type': 'application/json', ...headers },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });
  };
  const expectProblem = (
    res: { statusCode: number; headers: Record<string, unknown>; json: () => ProblemBody },
    status: number,
    path?: string,
  ) => {
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const body = res.json();
    expect(body).toMatchObject({
      status,
      title: expect.any(String),
      detail: expect.any(String),
      type: expect.any(String),
    });
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:|node_modules|select |insert /i);
    if (path) expect(body.errors.map((e: { path: string }) => e.path)).toContain(path);
    return body;
  };

  it('malformed JSON → 400', async () => expectProblem(await post('{"event_title": '), 400));
  it('wrong type → 400 naming the field', async () =>
    expectProblem(await post({ ...eventInput(), duration_minutes: 'ten' }), 400, 'body.duration_minutes'));
  it('unknown enum value → 400 listing the allowed values', async () => {
    const body = expectProblem(await post({ ...eventInput(), priority: 'critical' }), 400, 'body.priority');
    expect(body.errors[0]?.message).toContain('urgent');
  });
  it('invalid uuid → 400', async () =>
    expectProblem(await post({ ...eventInput(), customer_id: 'cust-1' }), 400, 'body.customer_id'));
  it('impossible date → 400', async () =>
    expectProblem(
      await post({ ...eventInput(), event_timestamp: '2025-02-30T10:00:00Z' }),
      400,
      'body.event_timestamp',
    ));
  it('date without a time zone → 400', async () =>
    expectProblem(
      await post({ ...eventInput(), event_timestamp: '2025-02-03T10:00:00' }),
      400,
      'body.event_timestamp',
    ));
  it('timestamp out of range → 400', async () =>
    expectProblem(
      await post({ ...eventInput(), event_timestamp: '1900-01-01T00:00:00Z' }),
      400,
      'body.event_timestamp',
    ));
  it('over-long title → 400', async () =>
    expectProblem(await post({ ...eventInput(), event_title: 'x'.repeat(201) }), 400, 'body.event_title'));
  it('unknown field → 400', async () =>
    expectProblem(await post({ ...eventInput(), colour: 'red' }), 400, 'body.colour'));
  it('all offending fields are listed at once', async () => {
    const body = expectProblem(await post({ event_type: 'fax' }), 400);
    const paths = body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining(['body.customer_id', 'body.user_id', 'body.event_title', 'body.event_type']),
    );
  });
  it('a body over the size limit → 413', async () => {
    const res = await post({ ...eventInput(), event_description: 'x'.repeat(11 * 1024 * 1024) });
    expectProblem(res, 413);
  });
  it('unsupported content type → 415', async () =>
    expectProblem(await post('hello', { 'content-type': 'text/plain' }), 415));

  it('query: from after to, unknown parameter, bad limit, bad tz → 400', async () => {
    const headers = await newCompany().auth('rep');
    const get = (q: string) => t.app.inject({ url: `/api/v1/events${q}`, headers });
    expectProblem(await get('?from=2025-02-01T00:00:00Z&to=2025-01-01T00:00:00Z'), 400, 'query.from');
    expectProblem(await get('?colour=red'), 400, 'querystring.colour');
    expectProblem(await get('?limit=201'), 400, 'querystring.limit');
    expectProblem(await get('?limit=0'), 400, 'querystring.limit');
    expectProblem(await get('/histogram?tz=Mars/Olympus'), 400, 'query.tz');
    expectProblem(
      await get('/histogram?bucket=hour&from=2020-01-01T00:00:00Z&to=2025-01-01T00:00:00Z'),
      400,
      'query.bucket',
    );
    expectProblem(await get('/not-a-uuid'), 400, 'params.id');
  });

  it('forged, edited or foreign cursors → 400', async () => {
    const co = newCompany();
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/events/batch',
      headers: await co.auth('integration'),
      payload: [eventInput(), eventInput(), eventInput()],
    });
    const headers = await co.auth('rep');
    const first = (await t.app.inject({ url: '/api/v1/events?limit=1', headers })).json();
    const cursor: string = first.next_cursor;
    expect(cursor).toBeTruthy();
    const [body, mac] = cursor.split('.');
    const edited = JSON.parse(Buffer.from(body as string, 'base64url').toString());
    edited.t -= 1;
    const forged = `${Buffer.from(JSON.stringify(edited)).toString('base64url')}.${mac}`;
    for (const bad of ['garbage', forged, `${cursor}x`]) {
      expectProblem(
        await t.app.inject({ url: `/api/v1/events?limit=1&cursor=${encodeURIComponent(bad)}`, headers }),
        400,
      );
    }
    // Another query's cursor, and another company's, are refused too.
    expectProblem(
      await t.app.inject({
        url: `/api/v1/events?limit=1&type=call&cursor=${encodeURIComponent(cursor)}`,
        headers,
      }),
      400,
    );
    const other = await newCompany().auth('rep');
    expectProblem(
      await t.app.inject({
        url: `/api/v1/events?limit=1&cursor=${encodeURIComponent(cursor)}`,
        headers: other,
      }),
      400,
    );
  });

  it('authentication: missing, malformed, forged and expired tokens → 401', async () => {
    const url = '/api/v1/events';
    expectProblem(await t.app.inject({ url }), 401);
    expectProblem(await t.app.inject({ url, headers: { authorization: 'Token abc' } }), 401);
    expectProblem(await t.app.inject({ url, headers: { authorization: 'Bearer not.a.jwt' } }), 401);
    const { signToken } = await import('../auth/tokens.js');
    const wrongKey = await signToken('another-secret-another-secret-another-secret', {
      userId: randomUUID(),
      companyId: randomUUID(),
      role: 'rep',
    });
    expectProblem(await t.app.inject({ url, headers: { authorization: `Bearer ${wrongKey}` } }), 401);
    const { TEST_SECRET } = await import('../test/app.js');
    const expired = await signToken(
      TEST_SECRET,
      { userId: randomUUID(), companyId: randomUUID(), role: 'rep' },
      '-1m',
    );
    const body = expectProblem(
      await t.app.inject({ url, headers: { authorization: `Bearer ${expired}` } }),
      401,
    );
    expect(body.detail).toMatch(/expired/);
  });

  it('unknown routes answer problem+json 404', async () => {
    expectProblem(await t.app.inject({ url: '/api/v1/nope', headers: await newCompany().auth('rep') }), 404);
  });
});

describeApp('event_data nested too deep', (t) => {
  /** `{ "a": { "a": … { "a": 1 } } }`, `levels` objects deep, as JSON text (no recursion to build). */
  const nested = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
  const eventWith = (data: string) => {
    const e = JSON.stringify(eventInput());
    return `${e.slice(0, -1)},"event_data":${data}}`;
  };

  it('refuses 5,000 levels with a 400 naming event_data, and accepts the documented 32', async () => {
    const headers = { ...(await newCompany().auth('integration')), 'content-type': 'application/json' };
    const deep = await t.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers,
      payload: eventWith(nested(5000)),
    });
    expect(deep.statusCode).toBe(400);
    expect(deep.headers['content-type']).toContain('application/problem+json');
    expect(deep.json().errors).toEqual([
      { path: 'body.event_data', message: 'must be nested at most 32 levels deep' },
    ]);
    const edge = await t.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers,
      payload: eventWith(nested(32)),
    });
    expect(edge.statusCode).toBe(201);
    const over = await t.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers,
      payload: eventWith(nested(33)),
    });
    expect(over.statusCode).toBe(400);
  });

  it('in a batch, rejects the deep item alone (with its index) and stores the others', async () => {
    const co = newCompany();
    const headers = { ...(await co.auth('integration')), 'content-type': 'application/json' };
    const payload = `[${JSON.stringify(eventInput())},${eventWith(nested(5000))},${JSON.stringify(eventInput())}]`;
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/events/batch', headers, payload });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ stored: 2, rejected: 1 });
    expect(body.results.map((r: { index: number; status: number }) => [r.index, r.status])).toEqual([
      [0, 201],
      [1, 400],
      [2, 201],
    ]);
    expect(body.results[1].error.errors).toEqual([
      { path: 'body.1.event_data', message: 'must be nested at most 32 levels deep' },
    ]);
    const list = await t.app.inject({ url: '/api/v1/events', headers: await co.auth('admin') });
    expect(list.json().items).toHaveLength(2);
  });

  it('refuses a PATCH whose event_data is too deep', async () => {
    const co = newCompany();
    const headers = { ...(await co.auth('admin')), 'content-type': 'application/json' };
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: { ...(await co.auth('integration')), 'content-type': 'application/json' },
      payload: eventInput(),
    });
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/events/${created.json().id}`,
      headers,
      payload: `{"event_data":${nested(5000)}}`,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('body.event_data');
  });
});
