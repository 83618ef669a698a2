import { expect, it } from 'vitest';
import { describeApp, newCompany } from '../test/app.js';
import { client, person } from './testing.js';

describeApp('timelines: sharing and permissions', (t) => {
  const api = client(t);

  async function setup() {
    const co = newCompany();
    const owner = await person(t, co, 'rep');
    const viewer = await person(t, co, 'agent');
    const editor = await person(t, co, 'rep');
    const reader = await person(t, co, 'marketing'); // same company, not shared: sees it only when public
    const admin = await person(t, co, 'admin');
    const other = newCompany();
    const stranger = await person(t, other, 'admin');
    const created = await api.post('/timelines', owner, {
      timeline_name: 'Key accounts',
      timeline_type: 'company',
      shared_with_users: [
        { user_id: viewer.id, permission: 'view' },
        { user_id: editor.id, permission: 'edit' },
      ],
    });
    expect(created.status).toBe(201);
    return { co, owner, viewer, editor, reader, admin, stranger, id: created.body.id as string };
  }

  it('owner, shared viewer, shared editor and admin read it; others in the company and other companies get 404', async () => {
    const s = await setup();
    const read = async (who: typeof s.owner) => api.get(`/timelines/${s.id}`, who);
    const mine = await read(s.owner);
    expect(mine.body).toMatchObject({ relation: 'mine', permissions: { edit: true, manage: true } });
    expect(mine.body.shared_with_users[0].user_name).toMatch(/^agent /);
    expect((await read(s.viewer)).body).toMatchObject({
      relation: 'shared',
      permissions: { edit: false, manage: false },
    });
    expect((await read(s.editor)).body).toMatchObject({
      relation: 'shared',
      permissions: { edit: true, manage: false },
    });
    expect((await read(s.admin)).body).toMatchObject({
      relation: 'other',
      permissions: { edit: true, manage: true },
    });
    const hidden = await read(s.reader);
    const foreign = await read(s.stranger);
    expect(hidden.status).toBe(404);
    expect(foreign.status).toBe(404);
    // A foreign id answers exactly like a missing one.
    const missing = await api.get('/timelines/00000000-0000-4000-8000-000000000000', s.stranger);
    expect(foreign.body.detail).toBe(missing.body.detail);
    for (const verb of ['events', 'histogram'])
      expect((await api.get(`/timelines/${s.id}/${verb}`, s.stranger)).status).toBe(404);
    expect((await api.post(`/timelines/${s.id}/duplicate`, s.stranger)).status).toBe(404);
    expect((await api.patch(`/timelines/${s.id}`, s.stranger, { timeline_name: 'x' })).status).toBe(404);
    expect((await api.del(`/timelines/${s.id}`, s.stranger)).status).toBe(404);
  });

  it('public timelines are read-only for the whole company and listed under "public"', async () => {
    const s = await setup();
    expect((await api.patch(`/timelines/${s.id}`, s.owner, { is_public: true })).status).toBe(200);
    const got = await api.get(`/timelines/${s.id}`, s.reader);
    expect(got.body).toMatchObject({ relation: 'public', permissions: { edit: false, manage: false } });
    expect((await api.patch(`/timelines/${s.id}`, s.reader, { timeline_name: 'Mine now' })).status).toBe(403);
    expect((await api.del(`/timelines/${s.id}`, s.reader)).status).toBe(403);
    const listed = await api.get('/timelines?relation=public', s.reader);
    expect(listed.body.items.map((x: { id: string }) => x.id)).toEqual([s.id]);
    expect((await api.get(`/timelines/${s.id}`, s.stranger)).status).toBe(404);
  });

  it('a viewer cannot edit; an editor edits but cannot change sharing or delete; the owner can', async () => {
    const s = await setup();
    const viewerEdit = await api.patch(`/timelines/${s.id}`, s.viewer, { timeline_name: 'Renamed' });
    expect(viewerEdit.status).toBe(403);
    expect(viewerEdit.headers['content-type']).toMatch(/problem\+json/);
    const editorEdit = await api.patch(`/timelines/${s.id}`, s.editor, { timeline_name: 'Renamed' });
    expect(editorEdit.status).toBe(200);
    expect(editorEdit.body.timeline_name).toBe('Renamed');
    expect((await api.patch(`/timelines/${s.id}`, s.editor, { is_public: true })).status).toBe(403);
    const grab = await api.patch(`/timelines/${s.id}`, s.editor, { shared_with_users: [] });
    expect(grab.status).toBe(403);
    // Sending sharing back unchanged (a full-object save) is not a sharing change.
    const current = (await api.get(`/timelines/${s.id}`, s.editor)).body;
    const unchanged = current.shared_with_users.map(
      ({ user_id, permission }: { user_id: string; permission: string }) => ({ user_id, permission }),
    );
    expect(
      (await api.patch(`/timelines/${s.id}`, s.editor, { is_public: false, shared_with_users: unchanged }))
        .status,
    ).toBe(200);
    expect((await api.del(`/timelines/${s.id}`, s.editor)).status).toBe(403);
    expect((await api.del(`/timelines/${s.id}`, s.viewer)).status).toBe(403);
    expect((await api.patch(`/timelines/${s.id}`, s.admin, { timeline_name: 'By admin' })).status).toBe(200);
    expect((await api.del(`/timelines/${s.id}`, s.owner)).status).toBe(204);
  });

  it('a user removed from sharing loses access at once (read, events, list)', async () => {
    const s = await setup();
    expect((await api.get('/timelines?relation=shared', s.viewer)).body.items).toHaveLength(1);
    const removed = await api.patch(`/timelines/${s.id}`, s.owner, {
      shared_with_users: [{ user_id: s.editor.id, permission: 'edit' }],
    });
    expect(removed.status).toBe(200);
    expect((await api.get(`/timelines/${s.id}`, s.viewer)).status).toBe(404);
    expect((await api.get(`/timelines/${s.id}/events`, s.viewer)).status).toBe(404);
    expect((await api.get('/timelines?relation=shared', s.viewer)).body.items).toHaveLength(0);
    // Downgrading edit to view takes effect at once too.
    await api.patch(`/timelines/${s.id}`, s.owner, {
      shared_with_users: [{ user_id: s.editor.id, permission: 'view' }],
    });
    expect((await api.patch(`/timelines/${s.id}`, s.editor, { timeline_name: 'x' })).status).toBe(403);
  });

  it('If-Match: a stale ETag gets 412 and changes nothing; the current one succeeds', async () => {
    const s = await setup();
    const first = await api.get(`/timelines/${s.id}`, s.owner);
    const etag = first.headers.etag as string;
    expect(etag).toBe(`"${first.body.version}"`);
    const byEditor = await api.patch(
      `/timelines/${s.id}`,
      s.editor,
      { timeline_name: 'Editor wins' },
      { 'if-match': etag },
    );
    expect(byEditor.status).toBe(200);
    expect(byEditor.headers.etag).toBe(`"${first.body.version + 1}"`);
    const lost = await api.patch(
      `/timelines/${s.id}`,
      s.owner,
      { timeline_name: 'Owner loses' },
      { 'if-match': etag },
    );
    expect(lost.status).toBe(412);
    expect((await api.get(`/timelines/${s.id}`, s.owner)).body.timeline_name).toBe('Editor wins');
    expect((await api.del(`/timelines/${s.id}`, s.owner, { 'if-match': etag })).status).toBe(412);
    const bad = await api.patch(
      `/timelines/${s.id}`,
      s.owner,
      { timeline_name: 'x' },
      { 'if-match': 'yesterday' },
    );
    expect(bad.status).toBe(400);
    const fresh = byEditor.headers.etag as string;
    expect((await api.del(`/timelines/${s.id}`, s.owner, { 'if-match': fresh })).status).toBe(204);
    expect((await api.get(`/timelines/${s.id}`, s.owner)).status).toBe(404);
  });

  it('concurrent patches without If-Match both apply (no lost field), versions count each change', async () => {
    const s = await setup();
    const [a, b] = await Promise.all([
      api.patch(`/timelines/${s.id}`, s.owner, { timeline_name: 'A' }),
      api.patch(`/timelines/${s.id}`, s.editor, { real_time_updates: false }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const now = (await api.get(`/timelines/${s.id}`, s.owner)).body;
    expect(now).toMatchObject({ timeline_name: 'A', real_time_updates: false, version: 3 });
  });

  it('anyone who can read may duplicate into a private copy of their own', async () => {
    const s = await setup();
    const copy = await api.post(`/timelines/${s.id}/duplicate`, s.viewer, { timeline_name: 'My copy' });
    expect(copy.status).toBe(201);
    expect(copy.headers.location).toBe(`/api/v1/timelines/${copy.body.id}`);
    expect(copy.body).toMatchObject({
      timeline_name: 'My copy',
      user_id: s.viewer.id,
      created_by_user_id: s.viewer.id,
      is_public: false,
      shared_with_users: [],
      relation: 'mine',
      permissions: { edit: true, manage: true },
    });
    expect((await api.get(`/timelines/${copy.body.id}`, s.owner)).status).toBe(404);
    const defaultName = await api.post(`/timelines/${s.id}/duplicate`, s.owner);
    expect(defaultName.body.timeline_name).toBe('Copy of Key accounts');
  });
});
