/** Reports follow the sharing rules of saved timelines (src/sharing/): view, edit, public, 404 for others. */
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { upsertUsers } from '../directory/queries.js';
import { describeApp, newCompany } from '../test/app.js';

describeApp('report sharing', (t) => {
  const co = newCompany();
  const [owner, viewer, editor, stranger] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  const as = (userId: string, role: 'rep' | 'admin' = 'rep') => co.auth(role, { userId });
  const definition = { metrics: ['activities'], dimensions: ['type'], visualization: 'bar' };
  let id: string;

  const call = async (
    userId: string,
    method: 'GET' | 'PATCH' | 'DELETE',
    path = '',
    payload?: object,
    role?: 'admin',
  ) =>
    t.app.inject({ method, url: `/api/v1/reports/${id}${path}`, headers: await as(userId, role), payload });

  it('the owner saves a report shared with a viewer and an editor', async () => {
    await upsertUsers(co.scope(t.db), [
      { id: owner, name: 'Owner', role: 'rep', team_id: null },
      { id: viewer, name: 'Viewer', role: 'rep', team_id: null },
      { id: editor, name: 'Editor', role: 'rep', team_id: null },
      { id: stranger, name: 'Stranger', role: 'rep', team_id: null },
    ]);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: await as(owner),
      payload: {
        report_name: 'Calls by type',
        definition,
        shared_with_users: [
          { user_id: viewer, permission: 'view' },
          { user_id: editor, permission: 'edit' },
        ],
      },
    });
    expect(res.statusCode).toBe(201);
    id = res.json().id;
    expect(res.json().shared_with_users.map((s: { user_name: string }) => s.user_name)).toEqual([
      'Viewer',
      'Editor',
    ]);
    expect(res.json().definition).toEqual(definition);
  });

  it('others in the company and other companies get 404, for the report and its run', async () => {
    expect((await call(stranger, 'GET')).statusCode).toBe(404);
    expect((await call(stranger, 'GET', '/run')).statusCode).toBe(404);
    const other = newCompany();
    const res = await t.app.inject({ url: `/api/v1/reports/${id}`, headers: await other.auth('admin') });
    expect(res.statusCode).toBe(404);
  });

  it('a viewer reads and runs it but gets 403 on edit; an editor edits but may not reshare or delete', async () => {
    expect((await call(viewer, 'GET')).json().relation).toBe('shared');
    expect((await call(viewer, 'GET', '/run')).statusCode).toBe(200);
    const denied = await call(viewer, 'PATCH', '', { report_name: 'Mine now' });
    expect(denied.statusCode).toBe(403);
    const edited = await call(editor, 'PATCH', '', { report_name: 'Edited' });
    expect(edited.statusCode).toBe(200);
    expect(edited.json().version).toBe(2);
    expect((await call(editor, 'PATCH', '', { is_public: true })).statusCode).toBe(403);
    expect((await call(editor, 'DELETE')).statusCode).toBe(403);
    expect((await call(owner, 'GET')).json().report_name).toBe('Edited');
  });

  it('public: the whole company reads it (read-only) and lists it under "public"', async () => {
    expect((await call(owner, 'PATCH', '', { is_public: true })).statusCode).toBe(200);
    const list = await t.app.inject({ url: '/api/v1/reports?relation=public', headers: await as(stranger) });
    expect(list.json().items.map((r: { id: string }) => r.id)).toEqual([id]);
    expect((await call(stranger, 'PATCH', '', { report_name: 'x' })).statusCode).toBe(403);
    const mine = await t.app.inject({ url: '/api/v1/reports?relation=mine', headers: await as(owner) });
    expect(mine.json().items.map((r: { relation: string }) => r.relation)).toEqual(['mine']);
  });

  it('a stale If-Match is refused (412); an admin deletes; then it is gone for everyone', async () => {
    const stale = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/reports/${id}`,
      headers: { ...(await as(owner)), 'if-match': '"1"' },
      payload: { report_name: 'Late' },
    });
    expect(stale.statusCode).toBe(412);
    expect((await call(randomUUID(), 'DELETE', '', undefined, 'admin')).statusCode).toBe(204);
    expect((await call(owner, 'GET')).statusCode).toBe(404);
  });
});

describeApp('report duplicate and share removal', (t) => {
  const co = newCompany();
  const [owner, viewer, other] = [randomUUID(), randomUUID(), randomUUID()];
  const as = (userId: string) => co.auth('rep', { userId });
  const definition = {
    metrics: ['activities'],
    dimensions: ['user'],
    filters: { segment: ['enterprise'] },
    sort: { by: 'activities', order: 'desc' },
    limit: 5,
    period: { from: '2026-01-01T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z' },
    visualization: 'table',
  };

  it('removing a share: the user no longer reads the report; the other share stays', async () => {
    await upsertUsers(co.scope(t.db), [
      { id: owner, name: 'Owner', role: 'rep', team_id: null },
      { id: viewer, name: 'Viewer', role: 'rep', team_id: null },
      { id: other, name: 'Other', role: 'rep', team_id: null },
    ]);
    const shares = [
      { user_id: viewer, permission: 'view' },
      { user_id: other, permission: 'edit' },
    ];
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: await as(owner),
      payload: { report_name: 'Busiest users', definition, shared_with_users: shares },
    });
    const id = created.json().id;
    expect((await t.app.inject({ url: `/api/v1/reports/${id}`, headers: await as(viewer) })).statusCode).toBe(
      200,
    );
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/reports/${id}`,
      headers: await as(owner),
      payload: { shared_with_users: [shares[1]] },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().shared_with_users.map((s: { user_id: string }) => s.user_id)).toEqual([other]);
    expect((await t.app.inject({ url: `/api/v1/reports/${id}`, headers: await as(viewer) })).statusCode).toBe(
      404,
    );
    expect((await t.app.inject({ url: `/api/v1/reports/${id}`, headers: await as(other) })).statusCode).toBe(
      200,
    );
  });

  it('a reader duplicates a report into a private copy of their own, definition kept', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: await as(owner),
      payload: {
        report_name: 'Team view',
        description: 'Why',
        definition,
        shared_with_users: [{ user_id: viewer, permission: 'view' }],
      },
    });
    const id = created.json().id;
    const copy = await t.app.inject({
      method: 'POST',
      url: `/api/v1/reports/${id}/duplicate`,
      headers: await as(viewer),
    });
    expect(copy.statusCode).toBe(201);
    expect(copy.json()).toMatchObject({
      report_name: 'Copy of Team view',
      description: 'Why',
      definition,
      user_id: viewer,
      relation: 'mine',
      is_public: false,
      shared_with_users: [],
    });
    expect(copy.json().id).not.toBe(id);
    expect(copy.headers.location).toBe(`/api/v1/reports/${copy.json().id}`);
    // The copy is the viewer's own: they may edit it, the original's owner cannot see it.
    const renamed = await t.app.inject({
      method: 'POST',
      url: `/api/v1/reports/${id}/duplicate`,
      headers: await as(viewer),
      payload: { report_name: 'Mine' },
    });
    expect(renamed.json().report_name).toBe('Mine');
    const seen = await t.app.inject({
      url: `/api/v1/reports/${copy.json().id}`,
      headers: await as(owner),
    });
    expect(seen.statusCode).toBe(404);
    const blank = await t.app.inject({
      method: 'POST',
      url: `/api/v1/reports/${id}/duplicate`,
      headers: await as(viewer),
      payload: { report_name: '  ' },
    });
    expect(blank.statusCode).toBe(400);
    const stranger = await t.app.inject({
      method: 'POST',
      url: `/api/v1/reports/${id}/duplicate`,
      headers: await as(randomUUID()),
    });
    expect(stranger.statusCode).toBe(404);
  });
});
