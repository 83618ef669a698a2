/** Test helpers of the timelines suites: directory people with tokens, and request shortcuts. */
import { randomUUID } from 'node:crypto';
import type { Role } from '../auth/roles.js';
import { upsertUsers } from '../directory/queries.js';
import type { TestCompany, TestContext } from '../test/app.js';

export interface Person {
  id: string;
  headers: { authorization: string };
}

/** A user of the company, in its directory (so timelines can be shared with them), with a token. */
export async function person(
  t: TestContext,
  co: TestCompany,
  role: Role = 'rep',
  opts: { teamId?: string | null; name?: string } = {},
): Promise<Person> {
  const id = randomUUID();
  await upsertUsers(co.scope(t.db), [
    { id, name: opts.name ?? `${role} ${id.slice(0, 4)}`, role, team_id: opts.teamId ?? null },
  ]);
  return { id, headers: await co.auth(role, { userId: id, teamId: opts.teamId ?? null }) };
}

/** `app.inject` shortcuts returning status, JSON body and headers. */
export function client(t: TestContext) {
  const call = async (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    who: Person,
    payload?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const res = await t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { ...who.headers, ...headers },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    return { status: res.statusCode, body: res.body ? res.json() : undefined, headers: res.headers };
  };
  return {
    get: (url: string, who: Person) => call('GET', url, who),
    post: (url: string, who: Person, body?: unknown) => call('POST', url, who, body),
    patch: (url: string, who: Person, body: unknown, headers?: Record<string, string>) =>
      call('PATCH', url, who, body, headers),
    del: (url: string, who: Person, headers?: Record<string, string>) =>
      call('DELETE', url, who, undefined, headers),
  };
}
