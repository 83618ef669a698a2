import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { upsertUsers } from '../directory/queries.js';
import { describeApp, newCompany } from '../test/app.js';
import { client, person } from './testing.js';

describeApp('timelines: validation', (t) => {
  const api = client(t);
  const base = { timeline_name: 'V', timeline_type: 'company' };

  it('every field is validated on create, answering 400 problem+json with the offending path', async () => {
    const co = newCompany();
    const me = await person(t, co);
    const former = await person(t, co, 'agent');
    await upsertUsers(co.scope(t.db), [{ id: former.id, name: 'Left', role: 'agent', active: false }]);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ timeline_name: '' }, 'body.timeline_name'],
      [{ timeline_name: '   ' }, 'body.timeline_name'],
      [{ saved_filters: [{ name: ' ', filters: {} }] }, 'body.saved_filters.0.name'],
      [
        { shared_with_users: [{ user_id: former.id, permission: 'view' }] },
        'body.shared_with_users.0.user_id',
      ],
      [{ timeline_type: 'galaxy' }, 'body.timeline_type'],
      [{ default_filters: { type: ['fax'] } }, 'body.default_filters.type.0'],
      [{ default_filters: { colour: 'red' } }, 'body.default_filters.colour'],
      [{ default_filters: 'everything' }, 'body.default_filters'],
      [
        { default_filters: { from: '2025-02-01T00:00:00Z', to: '2025-01-01T00:00:00Z' } },
        'body.default_filters.from',
      ],
      [
        { saved_filters: [{ name: 'S', filters: { priority: ['critical'] } }] },
        'body.saved_filters.0.filters.priority.0',
      ],
      [
        { saved_filters: [{ name: 'S', filters: { segment: 'x', bogus: 1 } }] },
        'body.saved_filters.0.filters.bogus',
      ],
      [{ saved_filters: [{ filters: {} }] }, 'body.saved_filters.0.name'],
      [
        {
          saved_filters: [
            { name: 'Calls', filters: {} },
            { name: 'calls', filters: {} },
          ],
        },
        'body.saved_filters.1.name',
      ],
      [{ view_preferences: { grouping: 'month' } }, 'body.view_preferences.grouping'],
      [{ view_preferences: { open_panels: ['filters', 'filters'] } }, 'body.view_preferences.open_panels'],
      [{ column_configuration: [{ field: 'password', width: 100 }] }, 'body.column_configuration.0.field'],
      [{ column_configuration: [{ field: 'priority', width: 10 }] }, 'body.column_configuration.0.width'],
      [{ column_configuration: [] }, 'body.column_configuration'],
      [
        {
          column_configuration: [
            { field: 'priority', width: 90 },
            { field: 'priority', width: 80 },
          ],
        },
        'body.column_configuration.1.field',
      ],
      [{ color_scheme: { call: 'red' } }, 'body.color_scheme.call'],
      [{ color_scheme: { fax: '#000000' } }, 'body.color_scheme.fax'],
      [{ activity_sources: ['fax'] }, 'body.activity_sources.0'],
      [{ date_range_default: { relative: 'last_week_of_june' } }, 'body.date_range_default.relative'],
      [
        { date_range_default: { relative: 'today', from: '2025-01-01T00:00:00Z' } },
        'body.date_range_default.relative',
      ],
      [
        { date_range_default: { from: '2025-02-01T00:00:00Z', to: '2025-01-01T00:00:00Z' } },
        'body.date_range_default.from',
      ],
      [{ date_range_default: { from: 'yesterday' } }, 'body.date_range_default.from'],
      [{ real_time_updates: 'often' }, 'body.real_time_updates'],
      [
        { notification_preferences: { priorities: ['critical'] } },
        'body.notification_preferences.priorities.0',
      ],
      [{ notification_preferences: { email: true } }, 'body.notification_preferences.email'],
      [
        { shared_with_users: [{ user_id: randomUUID(), permission: 'view' }] },
        'body.shared_with_users.0.user_id',
      ],
      [{ shared_with_users: [{ user_id: me.id, permission: 'view' }] }, 'body.shared_with_users.0.user_id'],
      [{ shared_with_users: [{ user_id: 'bob', permission: 'view' }] }, 'body.shared_with_users.0.user_id'],
      [
        { shared_with_users: [{ user_id: randomUUID(), permission: 'admin' }] },
        'body.shared_with_users.0.permission',
      ],
      [{ owner: randomUUID() }, 'body.owner'],
    ];
    for (const [fields, path] of cases) {
      const res = await api.post('/timelines', me, { ...base, ...fields });
      expect(res.status, JSON.stringify(fields)).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(
        res.body.errors.map((e: { path: string }) => e.path),
        JSON.stringify(fields),
      ).toContain(path);
    }
    // Nothing invalid was stored: only the default timeline (created by the list) exists.
    expect((await api.get('/timelines', me)).body.items).toHaveLength(1);
  });

  it('a colleague shared twice is reported once per duplicate, with all problems at once', async () => {
    const co = newCompany();
    const me = await person(t, co);
    const mate = await person(t, co);
    const res = await api.post('/timelines', me, {
      ...base,
      color_scheme: { call: 'blue' },
      shared_with_users: [
        { user_id: mate.id, permission: 'view' },
        { user_id: mate.id, permission: 'edit' },
      ],
    });
    expect(res.status).toBe(400);
    // Schema errors come first; the cross-field checks run once the shapes are right.
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.color_scheme.call']);
    const again = await api.post('/timelines', me, {
      ...base,
      column_configuration: [
        { field: 'priority', width: 90 },
        { field: 'priority', width: 80 },
      ],
      shared_with_users: [
        { user_id: mate.id, permission: 'view' },
        { user_id: mate.id, permission: 'edit' },
      ],
    });
    expect(again.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'body.column_configuration.1.field',
      'body.shared_with_users.1.user_id',
    ]);
  });

  it('PATCH validates too and leaves the timeline unchanged on failure', async () => {
    const co = newCompany();
    const me = await person(t, co);
    const created = (await api.post('/timelines', me, base)).body;
    const url = `/timelines/${created.id}`;
    expect((await api.patch(url, me, {})).status).toBe(400);
    const bad = await api.patch(url, me, {
      timeline_name: 'ok',
      saved_filters: [{ name: 'x', filters: { type: 'call,fax' } }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toMatch(/^body\.saved_filters\.0\.filters\.type/);
    const toCustomer = await api.patch(url, me, { timeline_type: 'customer' });
    expect(toCustomer.body.errors.map((e: { path: string }) => e.path)).toEqual([
      'body.default_filters.customer_id',
    ]);
    const after = await api.get(url, me);
    expect(after.body).toMatchObject({ timeline_name: 'V', timeline_type: 'company', version: 1 });
    expect((await api.get('/timelines/not-a-uuid', me)).body.errors[0].path).toBe('params.id');
    const malformed = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1${url}`,
      headers: { ...me.headers, 'content-type': 'application/json' },
      payload: '{"timeline_name": ',
    });
    expect(malformed.statusCode).toBe(400);
  });

  it('saved filters keep their ids across edits and new ones get ids', async () => {
    const co = newCompany();
    const me = await person(t, co);
    const created = (
      await api.post('/timelines', me, {
        ...base,
        saved_filters: [{ name: 'Calls', filters: { type: ['call'] } }],
      })
    ).body;
    const [calls] = created.saved_filters;
    const patched = await api.patch(`/timelines/${created.id}`, me, {
      saved_filters: [calls, { name: 'Urgent', filters: { priority: ['urgent'] } }],
    });
    expect(patched.body.saved_filters[0]).toEqual(calls);
    expect(patched.body.saved_filters[1]).toMatchObject({ id: expect.any(String), name: 'Urgent' });
  });
});
