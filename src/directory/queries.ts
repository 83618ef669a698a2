/** Directory upserts and look-ups, all scoped to the company. */
import { sql } from 'kysely';
import { lockCompanyWrites, moveSegments } from '../analytics/rollups/segments.js';
import type { Scope } from '../db/scope.js';
import type { CustomerInput, DirectoryQuery, TeamInput, UserInput } from './schema.js';

const CHUNK = 1000;

export async function upsertUsers(scope: Scope, users: Array<UserInput & { id: string }>) {
  for (let i = 0; i < users.length; i += CHUNK) {
    const rows = users.slice(i, i + CHUNK).map((u) => ({
      company_id: scope.companyId,
      id: u.id,
      name: u.name,
      email: u.email?.toLowerCase() ?? null,
      role: u.role,
      team_id: u.team_id ?? null,
      active: u.active ?? true,
    }));
    await scope.db
      .insertInto('users')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['company_id', 'id']).doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          email: eb.ref('excluded.email'),
          role: eb.ref('excluded.role'),
          team_id: eb.ref('excluded.team_id'),
          active: eb.ref('excluded.active'),
          updated_at: sql`now()`,
        })),
      )
      .execute();
  }
}

export async function upsertTeams(scope: Scope, teams: Array<TeamInput & { id: string }>) {
  for (let i = 0; i < teams.length; i += CHUNK) {
    const rows = teams.slice(i, i + CHUNK).map((t) => ({
      company_id: scope.companyId,
      id: t.id,
      name: t.name,
      lead_user_id: t.lead_user_id ?? null,
    }));
    await scope.db
      .insertInto('teams')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['company_id', 'id']).doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          lead_user_id: eb.ref('excluded.lead_user_id'),
          updated_at: sql`now()`,
        })),
      )
      .execute();
  }
}

export async function upsertCustomers(scope: Scope, customers: Array<CustomerInput & { id: string }>) {
  for (let i = 0; i < customers.length; i += CHUNK) {
    const rows = customers.slice(i, i + CHUNK).map((c) => ({
      company_id: scope.companyId,
      id: c.id,
      name: c.name,
      segment: c.segment ?? null,
      owner_user_id: c.owner_user_id ?? null,
      lifecycle_stage: c.lifecycle_stage ?? null,
    }));
    // One transaction per chunk: a segment change moves the customer's events in the rollups
    // (segments.ts), under the lock every event write takes first.
    await scope.db.transaction().execute(async (trx) => {
      await lockCompanyWrites(trx, scope.companyId);
      const before = await trx
        .selectFrom('customers')
        .select(['id', 'segment'])
        .where('company_id', '=', scope.companyId)
        .where(
          'id',
          'in',
          rows.map((r) => r.id),
        )
        .execute();
      const old = new Map(before.map((b) => [b.id, b.segment]));
      await trx
        .insertInto('customers')
        .values(rows)
        .onConflict((oc) =>
          oc.columns(['company_id', 'id']).doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            segment: eb.ref('excluded.segment'),
            owner_user_id: eb.ref('excluded.owner_user_id'),
            lifecycle_stage: eb.ref('excluded.lifecycle_stage'),
            updated_at: sql`now()`,
          })),
        )
        .execute();
      await moveSegments(
        trx,
        scope.companyId,
        rows.map((r) => ({ customerId: r.id, from: old.get(r.id) ?? null, to: r.segment })),
      );
    });
  }
}

const contains = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function listUsers(scope: Scope, query: DirectoryQuery) {
  let q = scope.db
    .selectFrom('users')
    .select(['id', 'name', 'email', 'role', 'team_id', 'active'])
    .where('company_id', '=', scope.companyId);
  if (query.q) {
    const pattern = contains(query.q);
    q = q.where((eb) => eb.or([eb('name', 'ilike', pattern), eb('email', 'ilike', pattern)]));
  }
  if (query.team_id?.length) q = q.where('team_id', 'in', query.team_id);
  return q
    .orderBy('name')
    .orderBy('id')
    .limit(query.limit ?? 200)
    .execute();
}

export async function listTeams(scope: Scope, query: DirectoryQuery) {
  let q = scope.db
    .selectFrom('teams')
    .select(['id', 'name', 'lead_user_id'])
    .where('company_id', '=', scope.companyId);
  if (query.q) q = q.where('name', 'ilike', contains(query.q));
  return q
    .orderBy('name')
    .orderBy('id')
    .limit(query.limit ?? 200)
    .execute();
}

export async function listCustomers(scope: Scope, query: DirectoryQuery) {
  let q = scope.db
    .selectFrom('customers')
    .select(['id', 'name', 'segment', 'owner_user_id', 'lifecycle_stage'])
    .where('company_id', '=', scope.companyId);
  if (query.q) q = q.where('name', 'ilike', contains(query.q));
  if (query.segment?.length) q = q.where('segment', 'in', query.segment);
  return q
    .orderBy('name')
    .orderBy('id')
    .limit(query.limit ?? 200)
    .execute();
}

export async function listSegments(scope: Scope): Promise<string[]> {
  const rows = await scope.db
    .selectFrom('customers')
    .select('segment')
    .distinct()
    .where('company_id', '=', scope.companyId)
    .where('segment', 'is not', null)
    .orderBy('segment')
    .execute();
  return rows.map((r) => r.segment as string);
}
