import { expect, it } from 'vitest';
import { describeApp, newCompany } from '../test/app.js';
import { eventInput } from '../test/factories.js';

describeApp('tenancy', (t) => {
  it("a company can neither read, change, delete nor detect another company's events", async () => {
    const a = newCompany();
    const b = newCompany();
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: await a.auth('integration'),
      payload: eventInput({ external_id: 'x-1' }),
    });
    const id = created.json().id as string;
    const missing = '00000000-0000-4000-8000-000000000000';
    const bInt = await b.auth('integration');
    const bAdmin = await b.auth('admin');
    for (const target of [id, missing]) {
      const reads = [
        await t.app.inject({ url: `/api/v1/events/${target}`, headers: bAdmin }),
        await t.app.inject({
          method: 'PATCH',
          url: `/api/v1/events/${target}`,
          headers: bInt,
          payload: { status: 'cancelled' },
        }),
        await t.app.inject({ method: 'DELETE', url: `/api/v1/events/${target}`, headers: bInt }),
      ];
      // Foreign ids answer exactly like ids that do not exist.
      for (const r of reads) {
        expect(r.statusCode).toBe(404);
        expect(r.json().detail).toBe('Event not found.');
      }
    }
    expect((await t.app.inject({ url: '/api/v1/events', headers: bAdmin })).json().items).toHaveLength(0);
    expect((await t.app.inject({ url: '/api/v1/events/histogram', headers: bAdmin })).json().total).toBe(0);
    // The same external id in company B is a new event of B, not a duplicate of A's.
    const bCopy = await t.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: bInt,
      payload: eventInput({ external_id: 'x-1' }),
    });
    expect(bCopy.statusCode).toBe(201);
    expect(bCopy.json().id).not.toBe(id);
    // A's event is untouched.
    const aRead = await t.app.inject({ url: `/api/v1/events/${id}`, headers: await a.auth('rep') });
    expect(aRead.json().status).toBe('active');
  });

  it('company_id in a request body is refused, never used', async () => {
    const a = newCompany();
    const b = newCompany();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: await a.auth('integration'),
      payload: { ...eventInput(), company_id: b.id },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('body.company_id');
  });

  it('directory entries are per company', async () => {
    const a = newCompany();
    const b = newCompany();
    const id = '11111111-1111-4111-8111-111111111111';
    await t.app.inject({
      method: 'PUT',
      url: `/api/v1/directory/users/${id}`,
      headers: await a.auth('admin'),
      payload: { name: 'A user', role: 'rep' },
    });
    await t.app.inject({
      method: 'PUT',
      url: `/api/v1/directory/users/${id}`,
      headers: await b.auth('admin'),
      payload: { name: 'B user', role: 'agent' },
    });
    const aList = (
      await t.app.inject({ url: '/api/v1/directory/users', headers: await a.auth('rep') })
    ).json().items;
    expect(aList).toEqual([expect.objectContaining({ id, name: 'A user', role: 'rep' })]);
  });
});
