import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeApp, newCompany } from '../test/app.js';

describeApp('directory', (t) => {
  it('upserts one, bulk-upserts many, lists and searches', async () => {
    const co = newCompany();
    const admin = await co.auth('admin');
    const team = randomUUID();
    const put = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/directory/teams/${team}`,
      headers: admin,
      payload: { name: 'Sales East' },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toEqual({ id: team, name: 'Sales East', lead_user_id: null });
    const users = Array.from({ length: 30 }, (_, i) => ({
      id: randomUUID(),
      name: `User ${String(i).padStart(2, '0')}`,
      role: 'rep',
      team_id: i < 10 ? team : null,
      email: `U${i}@Example.com`,
    }));
    const bulk = await t.app.inject({
      method: 'POST',
      url: '/api/v1/directory/users/bulk',
      headers: await co.auth('integration'),
      payload: users,
    });
    expect(bulk.json()).toEqual({ upserted: 30 });
    // An update of an existing row changes it in place.
    await t.app.inject({
      method: 'PUT',
      url: `/api/v1/directory/users/${users[0]?.id}`,
      headers: admin,
      payload: { name: 'Renamed', role: 'team_lead', team_id: team },
    });
    const rep = await co.auth('rep');
    const inTeam = (
      await t.app.inject({ url: `/api/v1/directory/users?team_id=${team}`, headers: rep })
    ).json().items;
    expect(inTeam).toHaveLength(10);
    expect(inTeam.find((u: { id: string }) => u.id === users[0]?.id)).toMatchObject({
      name: 'Renamed',
      role: 'team_lead',
      email: null,
    });
    const search = (await t.app.inject({ url: '/api/v1/directory/users?q=user%202', headers: rep })).json()
      .items;
    expect(search.map((u: { name: string }) => u.name)).toEqual([
      'User 20',
      'User 21',
      'User 22',
      'User 23',
      'User 24',
      'User 25',
      'User 26',
      'User 27',
      'User 28',
      'User 29',
    ]);
    await t.app.inject({
      method: 'PUT',
      url: `/api/v1/directory/customers/${randomUUID()}`,
      headers: admin,
      payload: { name: 'Acme', segment: 'SMB' },
    });
    await t.app.inject({
      method: 'PUT',
      url: `/api/v1/directory/customers/${randomUUID()}`,
      headers: admin,
      payload: { name: 'Beta', segment: 'Enterprise' },
    });
    expect((await t.app.inject({ url: '/api/v1/directory/segments', headers: rep })).json().items).toEqual([
      'Enterprise',
      'SMB',
    ]);
    expect(
      (await t.app.inject({ url: '/api/v1/directory/customers?segment=SMB', headers: rep })).json().items,
    ).toHaveLength(1);
  });

  it('looks entries up by id: only the caller company entries, a malformed id is a 400 naming the field', async () => {
    const co = newCompany();
    const other = newCompany();
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    const bulk = ids.map((id, i) => ({ id, name: `Customer ${i}` }));
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/directory/customers/bulk',
      headers: await co.auth('admin'),
      payload: bulk,
    });
    const foreign = randomUUID();
    await t.app.inject({
      method: 'PUT',
      url: `/api/v1/directory/customers/${foreign}`,
      headers: await other.auth('admin'),
      payload: { name: 'Not yours' },
    });
    const rep = await co.auth('rep');
    const get = (query: string) =>
      t.app.inject({ url: `/api/v1/directory/customers?${query}`, headers: rep });
    expect((await get(`id=${ids[1]}`)).json().items.map((c: { name: string }) => c.name)).toEqual([
      'Customer 1',
    ]);
    expect(
      (await get(`id=${ids[0]},${ids[2]}`))
        .json()
        .items.map((c: { id: string }) => c.id)
        .sort(),
    ).toEqual([ids[0], ids[2]].sort());
    expect((await get(`id=${foreign}`)).json().items).toEqual([]);
    const bad = await get('id=not-a-uuid');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toMatch(/id/);
  });

  it('only admin and integration write; invalid rows are refused with their path', async () => {
    const co = newCompany();
    const id = randomUUID();
    const asRep = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/directory/users/${id}`,
      headers: await co.auth('rep'),
      payload: { name: 'X', role: 'rep' },
    });
    expect(asRep.statusCode).toBe(403);
    const bad = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/directory/users/${id}`,
      headers: await co.auth('admin'),
      payload: { name: '', role: 'boss' },
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['body.name', 'body.role']);
    const badBulk = await t.app.inject({
      method: 'POST',
      url: '/api/v1/directory/customers/bulk',
      headers: await co.auth('admin'),
      payload: [{ id: 'nope', name: 'A' }],
    });
    expect(badBulk.statusCode).toBe(400);
  });
});

describeApp('directory bulk input', (t) => {
  it('refuses a bulk upsert naming the same id twice with 400 naming both items, and stores nothing of it', async () => {
    const co = newCompany();
    const auth = await co.auth('integration');
    const id = randomUUID();
    for (const kind of ['users', 'teams', 'customers'] as const) {
      const item = (name: string) =>
        kind === 'users' ? { id, name, role: 'rep' } : { id: kind === 'teams' ? id : id.toUpperCase(), name };
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/directory/${kind}/bulk`,
        headers: auth,
        payload: [item('First'), { ...item('Other'), id: randomUUID() }, item('Second')],
      });
      expect(res.statusCode, `${kind}: ${res.body}`).toBe(400);
      expect(res.json().detail).toContain(id);
      expect(res.json().errors).toEqual([{ path: 'body.2.id', message: 'same id as item 0' }]);
      const list = await t.app.inject({ url: `/api/v1/directory/${kind}`, headers: await co.auth('admin') });
      expect(list.json().items).toEqual([]);
    }
  });
});
