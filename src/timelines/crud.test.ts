import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { upsertCustomers } from '../directory/queries.js';
import { EVENT_TYPE_META } from '../events/catalogue.js';
import { describeApp, newCompany } from '../test/app.js';
import { client, person } from './testing.js';

describeApp('timelines: create, defaults, list', (t) => {
  const api = client(t);

  it('creates with every field given and returns it as stored, with ETag and Location', async () => {
    const co = newCompany();
    const owner = await person(t, co, 'rep');
    const colleague = await person(t, co, 'agent', { name: 'Colleague' });
    const input = {
      timeline_name: 'Escalations',
      timeline_type: 'customer',
      default_filters: { customer_id: [randomUUID()], priority: ['high', 'urgent'] },
      saved_filters: [{ name: 'Calls', filters: { type: ['call'] } }],
      view_preferences: { density: 'compact', grouping: 'week', sort_order: 'asc', open_panels: ['details'] },
      column_configuration: [
        { field: 'event_title', width: 400 },
        { field: 'event_timestamp', width: 150 },
      ],
      color_scheme: { call: '#ff0000' },
      activity_sources: ['phone_system'],
      date_range_default: { from: '2025-01-01T00:00:00Z', to: '2025-04-01T00:00:00Z' },
      real_time_updates: false,
      notification_preferences: { enabled: true, sentiments: ['negative'], event_types: ['meeting'] },
      is_public: true,
      shared_with_users: [{ user_id: colleague.id, permission: 'edit' }],
    };
    const res = await api.post('/timelines', owner, input);
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/api/v1/timelines/${res.body.id}`);
    expect(res.headers.etag).toBe('"1"');
    const { saved_filters, color_scheme, shared_with_users, ...rest } = res.body;
    const { saved_filters: _s, color_scheme: _c, shared_with_users: _u, ...plain } = input;
    expect(rest).toMatchObject({
      ...plain,
      user_id: owner.id,
      created_by_user_id: owner.id,
      is_default: false,
      version: 1,
      relation: 'mine',
    });
    expect(saved_filters).toEqual([{ id: expect.any(String), name: 'Calls', filters: { type: ['call'] } }]);
    expect(color_scheme).toMatchObject({ call: '#ff0000', email: EVENT_TYPE_META.email.color });
    expect(shared_with_users).toEqual([
      { user_id: colleague.id, permission: 'edit', user_name: 'Colleague' },
    ]);
    expect((await api.get(`/timelines/${res.body.id}`, owner)).body).toEqual(res.body);
  });

  it('documents every timelines route, input and output in OpenAPI', async () => {
    const doc = (await t.app.inject({ url: '/openapi.json' })).json();
    const ops = Object.entries(doc.paths as Record<string, Record<string, { responses: object }>>)
      .filter(([path]) => path.startsWith('/api/v1/timelines'))
      .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    expect(ops.sort()).toEqual([
      'DELETE /api/v1/timelines/{id}',
      'GET /api/v1/timelines',
      'GET /api/v1/timelines/default',
      'GET /api/v1/timelines/{id}',
      'GET /api/v1/timelines/{id}/events',
      'GET /api/v1/timelines/{id}/histogram',
      'PATCH /api/v1/timelines/{id}',
      'POST /api/v1/timelines',
      'POST /api/v1/timelines/{id}/duplicate',
    ]);
    const post = doc.paths['/api/v1/timelines'].post;
    expect(post.requestBody.content['application/json'].schema.properties.color_scheme).toBeDefined();
    expect(post.responses['201'].content['application/json'].schema.properties.permissions).toBeDefined();
  });

  it('fills sensible defaults per type when created without filters', async () => {
    const co = newCompany();
    const teamId = randomUUID();
    const lead = await person(t, co, 'team_lead', { teamId });
    const make = async (timeline_type: string) =>
      (await api.post('/timelines', lead, { timeline_name: timeline_type, timeline_type })).body;
    const personal = await make('personal');
    expect(personal.default_filters).toEqual({ user_id: [lead.id] });
    expect(personal.date_range_default).toEqual({ relative: 'last_30_days' });
    expect(personal.notification_preferences).toMatchObject({
      priorities: ['high', 'urgent'],
      sentiments: ['negative'],
    });
    expect(personal.view_preferences).toEqual({
      density: 'comfortable',
      grouping: 'day',
      sort_order: 'desc',
      open_panels: ['filters', 'histogram'],
    });
    expect(personal.column_configuration[0]).toEqual({ field: 'event_timestamp', width: 170 });
    expect(personal.color_scheme.call).toBe(EVENT_TYPE_META.call.color);
    expect((await make('team')).default_filters).toEqual({ team_id: [teamId] });
    expect((await make('company')).date_range_default).toEqual({ relative: 'last_7_days' });
    const compliance = await make('compliance');
    expect(compliance.default_filters).toEqual({ direction: ['inbound', 'outbound'] });
    expect(compliance.column_configuration.map((c: { field: string }) => c.field)).toContain('direction');
    // An account portfolio is the customers the user owns in the directory.
    const owned = [randomUUID(), randomUUID()].sort();
    await upsertCustomers(
      co.scope(t.db),
      owned.map((id) => ({ id, name: 'C', owner_user_id: lead.id })),
    );
    expect((await make('account_portfolio')).default_filters).toEqual({ customer_id: owned });
  });

  it('refuses types whose defaults cannot be derived, naming the missing filter', async () => {
    const co = newCompany();
    const loner = await person(t, co, 'rep');
    for (const [timeline_type, path] of [
      ['customer', 'body.default_filters.customer_id'],
      ['team', 'body.default_filters.team_id'],
      ['account_portfolio', 'body.default_filters.customer_id'],
    ]) {
      const res = await api.post('/timelines', loner, { timeline_name: 'x', timeline_type });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([path]);
    }
  });

  it('each user gets a default timeline from their role on first use, once', async () => {
    const co = newCompany();
    const teamId = randomUUID();
    const cases = [
      ['rep', 'personal'],
      ['agent', 'personal'],
      ['team_lead', 'team'],
      ['marketing', 'company'],
      ['executive', 'company'],
      ['compliance', 'compliance'],
      ['admin', 'company'],
    ] as const;
    for (const [role, type] of cases) {
      const who = await person(t, co, role, { teamId: role === 'team_lead' ? teamId : null });
      const [a, b] = await Promise.all([
        api.get('/timelines/default', who),
        api.get('/timelines/default', who),
      ]);
      expect(a.status).toBe(200);
      expect(a.body).toMatchObject({ timeline_type: type, is_default: true, user_id: who.id });
      expect(b.body.id).toBe(a.body.id);
      if (type === 'personal') expect(a.body.default_filters).toEqual({ user_id: [who.id] });
    }
    const bot = await co.auth('integration');
    expect((await t.app.inject({ url: '/api/v1/timelines/default', headers: bot })).statusCode).toBe(403);
  });

  it('lists mine, shared with me and public ones (with the default), filterable by type and relation', async () => {
    const co = newCompany();
    const me = await person(t, co, 'rep');
    const other = await person(t, co, 'rep');
    const mine = (await api.post('/timelines', me, { timeline_name: 'Mine', timeline_type: 'company' })).body;
    const shared = (
      await api.post('/timelines', other, {
        timeline_name: 'Shared',
        timeline_type: 'company',
        shared_with_users: [{ user_id: me.id, permission: 'view' }],
      })
    ).body;
    const pub = (
      await api.post('/timelines', other, {
        timeline_name: 'Public',
        timeline_type: 'compliance',
        is_public: true,
      })
    ).body;
    await api.post('/timelines', other, { timeline_name: 'Private', timeline_type: 'company' });
    const deleted = (await api.post('/timelines', me, { timeline_name: 'Gone', timeline_type: 'company' }))
      .body;
    await api.del(`/timelines/${deleted.id}`, me);

    const all = (await api.get('/timelines', me)).body.items as Array<{
      id: string;
      timeline_name: string;
      relation: string;
    }>;
    expect(all.map((x) => x.timeline_name).sort()).toEqual(['Mine', 'My activity', 'Public', 'Shared']);
    const ids = (q: string) =>
      api.get(`/timelines?${q}`, me).then((r) => r.body.items.map((x: { id: string }) => x.id));
    expect(await ids('relation=shared')).toEqual([shared.id]);
    expect(await ids('relation=public')).toEqual([pub.id]);
    expect(await ids('timeline_type=compliance')).toEqual([pub.id]);
    expect((await ids('relation=mine')).sort()).toEqual(
      [mine.id, all.find((x) => x.timeline_name === 'My activity')?.id].sort(),
    );
    expect((await api.get('/timelines?timeline_type=galaxy', me)).body.errors[0].path).toBe(
      'querystring.timeline_type',
    );
  });
});
