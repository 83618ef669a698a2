/** Directory upserts and look-ups, all scoped to the company. */
import { type Insertable, sql, type Transaction } from 'kysely';
import { isSegmentChange, lockCompanyWrites, moveSegments } from '../analytics/rollups/segments.js';
import type { Scope } from '../db/scope.js';
import type { Database } from '../db/types.js';
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
    const rows = customers
      .slice(i, i + CHUNK)
      .map((c) => ({
        company_id: scope.companyId,
        id: c.id.toLowerCase(), // as PostgreSQL prints a uuid, so the look-ups below match
        name: c.name,
        segment: c.segment ?? null,
        owner_user_id: c.owner_user_id ?? null,
        lifecycle_stage: c.lifecycle_stage ?? null,
      }))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    await scope.db.transaction().execute((trx) => upsertCustomerChunk(trx, scope.companyId, rows));
  }
}

type CustomerRow = Omit<Insertable<Database['customers']>, 'updated_at'> & { segment: string | null };
/** A segment a new customer cannot take without moving its events: written under the company lock. */
const heldBack = (r: CustomerRow) => isSegmentChange({ from: null, to: r.segment });

/**
 * One chunk in one transaction. The rollups keep each event under its customer's segment, so a
 * segment change moves the customer's events (segments.ts) under the company write lock that
 * every event write takes first. Locks, in this order only: the chunk's customer rows (in id
 * order), then the company write lock, and that only when a segment really changes. Why:
 * - A write that keeps every segment cannot change a rollup: an insert's after-commit upkeep reads
 *   the same segment before and after this commits. So it neither waits behind ingest nor drains.
 * - Old segments are read under the row locks: a concurrent directory write of the same customers
 *   has committed (we read its segment) or waits for ours; none slips in between read and write.
 * - A customer new to the directory is inserted first under 'unknown' (what its events count under
 *   until now), so it is locked like the others; a real segment is then a change like any other.
 *   "No events yet" cannot skip it: an event committed after that look would have its upkeep read
 *   the customer before this commits, and stay counted under 'unknown'.
 * - Rows before the company lock, always; ingest and updates take no customer row lock: no cycle.
 */
async function upsertCustomerChunk(trx: Transaction<Database>, companyId: string, rows: CustomerRow[]) {
  const inserted = await trx
    .insertInto('customers')
    .values(rows.map((r) => ({ ...r, segment: heldBack(r) ? null : r.segment })))
    .onConflict((oc) => oc.columns(['company_id', 'id']).doNothing())
    .returning('id')
    .execute();
  const before = await trx
    .selectFrom('customers')
    .select(['id', 'segment'])
    .where('company_id', '=', companyId)
    .where(
      'id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('id')
    .forNoKeyUpdate() // the lock the upsert below takes; blocks other writers of these rows, not readers
    .execute();
  const old = new Map(before.map((b) => [b.id, b.segment]));
  const moves = rows.map((r) => ({ customerId: r.id, from: old.get(r.id) ?? null, to: r.segment }));
  const moving = moves.some(isSegmentChange);
  // Drains the pending insert upkeep too, so it counts those events under the old segments.
  if (moving) await lockCompanyWrites(trx, companyId);
  // Rows just added are complete unless their segment was held back.
  const added = new Set(inserted.map((a) => a.id));
  const updates = rows.filter((r) => !added.has(r.id) || heldBack(r));
  if (updates.length) {
    await trx
      .insertInto('customers')
      .values(updates)
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
  }
  if (moving) await moveSegments(trx, companyId, moves);
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
