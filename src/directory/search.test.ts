import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeApp, newCompany } from '../test/app.js';

describeApp('directory search', (t) => {
  it('finds customers, users and teams by name, prefix matches first, one company only', async () => {
    const co = newCompany();
    const other = newCompany();
    const admin = await co.auth('admin');
    const team = randomUUID();
    const put = (kind: string, id: string, payload: object, headers = admin) =>
      t.app.inject({ method: 'PUT', url: `/api/v1/directory/${kind}/${id}`, headers, payload });
    await put('teams', team, { name: 'Iron Squad' });
    const [iron80, iron8, steel] = [randomUUID(), randomUUID(), randomUUID()];
    await put('customers', iron80, { name: 'Iron Media 80', segment: 'smb' });
    await put('customers', iron8, { name: 'Big Iron Media 8', segment: 'enterprise' });
    await put('customers', steel, { name: 'Steel Works', segment: 'smb' });
    const ivy = randomUUID();
    await put('users', ivy, { name: 'Ivy Ironside', role: 'rep', email: 'ivy@example.com' });
    // Another company's customer of the same name is never found.
    await put('customers', randomUUID(), { name: 'Iron Media 80' }, await other.auth('admin'));

    const rep = await co.auth('rep');
    const res = await t.app.inject({ url: '/api/v1/directory/search?q=iron', headers: rep });
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([
      { kind: 'customer', id: iron80, name: 'Iron Media 80', detail: 'smb' },
      { kind: 'customer', id: iron8, name: 'Big Iron Media 8', detail: 'enterprise' },
      { kind: 'user', id: ivy, name: 'Ivy Ironside', detail: 'ivy@example.com' },
      { kind: 'team', id: team, name: 'Iron Squad', detail: null },
    ]);

    const customersOnly = await t.app.inject({
      url: '/api/v1/directory/search?q=Iron%20Media%2080&kind=customer&limit=1',
      headers: rep,
    });
    expect(customersOnly.json().items).toEqual([
      { kind: 'customer', id: iron80, name: 'Iron Media 80', detail: 'smb' },
    ]);
    const byEmail = await t.app.inject({
      url: '/api/v1/directory/search?q=ivy%40&kind=user,team',
      headers: rep,
    });
    expect(byEmail.json().items.map((h: { id: string }) => h.id)).toEqual([ivy]);
    // `%` and `_` are text, not wildcards.
    const literal = await t.app.inject({ url: '/api/v1/directory/search?q=%25', headers: rep });
    expect(literal.json().items).toEqual([]);
  });

  it('answers bad input with problem+json naming the parameter', async () => {
    const co = newCompany();
    const rep = await co.auth('rep');
    for (const [url, path] of [
      ['/api/v1/directory/search', 'q'],
      ['/api/v1/directory/search?q=a&kind=contact', 'kind'],
      ['/api/v1/directory/search?q=a&limit=500', 'limit'],
    ] as const) {
      const res = await t.app.inject({ url, headers: rep });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(JSON.stringify(res.json().errors)).toContain(path);
    }
    expect((await t.app.inject({ url: '/api/v1/directory/search?q=a' })).statusCode).toBe(401);
  });
});
