/** Directory upserts and look-ups, all scoped to the company. */
import type { Insertable, Transaction } from 'kysely';
import { directoryEntry } from '../audit/directory-entry.js';
import { auditContext, recordAudit } from '../audit/record.js';
import type { Scope } from '../db/scope.js';
import type { Database } from '../db/types.js';
import { logDirectoryChanges } from '../events/queries/write-events.js';
import { containsPattern } from './like.js';
import type { CustomerInput, DirectoryQuery, TeamInput, UserInput } from './schema.js';

const CHUNK = 1000;

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Users in chunks, each in one transaction. A change of team or active flag (or a new user) is
 * logged in the change log for analytics (their team breakdowns and filters read it); rows are
 * locked first, in id order, so the old values compared are the ones replaced.
 */
export async function upsertUsers(scope: Scope, users: Array<UserInput & { id: string }>) {
  for (let i = 0; i < users.length; i += CHUNK) {
    const rows = users
      .slice(i, i + CHUNK)
      .map((u) => ({
        company_id: scope.companyId,
        id: u.id.toLowerCase(),
        name: u.name,
        email: u.email?.toLowerCase() ?? null,
        role: u.role,
        team_id: u.team_id?.toLowerCase() ?? null,
        active: u.active ?? true,
      }))
      .sort(byId);
    await scope.db.transaction().execute(async (trx) => {
      // New users first, so every row of the chunk exists and is locked below in id order (no
      // deadlock between writers naming the same new users); a new user is a change.
      const inserted = await trx
        .insertInto('users')
        .values(rows)
        .onConflict((oc) => oc.columns(['company_id', 'id']).doNothing())
        .returning('id')
        .execute();
      const before = await trx
        .selectFrom('users')
        .select(['id', 'name', 'email', 'role', 'team_id', 'active'])
        .where('company_id', '=', scope.companyId)
        .where(
          'id',
          'in',
          rows.map((r) => r.id),
        )
        .orderBy('id')
        .forNoKeyUpdate()
        .execute();
      const old = new Map(before.map((b) => [b.id, b]));
      for (const a of inserted) old.delete(a.id);
      const audit = directoryEntry('users', rows, old, new Set(inserted.map((a) => a.id)));
      await trx
        .insertInto('users')
        .values(rows)
        .onConflict((oc) =>
          oc.columns(['company_id', 'id']).doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            email: eb.ref('excluded.email'),
            role: eb.ref('excluded.role'),
            team_id: eb.ref('excluded.team_id'),
            active: eb.ref('excluded.active'),
            updated_at: eb.ref('excluded.updated_at'), // the column default, now(): Citus refuses now() here
          })),
        )
        .execute();
      const changed = rows.filter((r) => {
        const o = old.get(r.id);
        return !o || o.team_id !== r.team_id || o.active !== r.active;
      });
      await logDirectoryChanges(
        trx,
        scope.companyId,
        changed.map((r) => ({ kind: 'user', id: r.id })),
      );
      await recordAudit(trx, auditContext(scope), audit);
    });
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
    await scope.db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('teams')
        .select(['id', 'name', 'lead_user_id'])
        .where('company_id', '=', scope.companyId)
        .where(
          'id',
          'in',
          rows.map((r) => r.id),
        )
        .execute();
      const old = new Map(before.map((b) => [b.id, b]));
      await trx
        .insertInto('teams')
        .values(rows)
        .onConflict((oc) =>
          oc.columns(['company_id', 'id']).doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            lead_user_id: eb.ref('excluded.lead_user_id'),
            updated_at: eb.ref('excluded.updated_at'), // the column default, now(): Citus refuses now() here
          })),
        )
        .execute();
      const inserted = new Set(rows.filter((r) => !old.has(r.id)).map((r) => r.id));
      await recordAudit(trx, auditContext(scope), directoryEntry('teams', rows, old, inserted));
    });
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
      .sort(byId);
    await scope.db.transaction().execute(async (trx) => {
      const audit = await upsertCustomerChunk(trx, scope.companyId, rows);
      await recordAudit(trx, auditContext(scope), audit);
    });
  }
}

type CustomerRow = Omit<Insertable<Database['customers']>, 'updated_at'> & {
  id: string;
  segment: string | null;
};

/**
 * One chunk in one transaction; returns its audit entry (the caller records it last). Analytics group and filter by a customer's segment, so a segment
 * change (or a new customer with a segment) is logged in the change log, which takes the company's
 * sequence lock; a write that keeps every segment takes only its rows' locks and never waits
 * behind ingest. Locks, in this order only: the chunk's customer rows (in id order), then the
 * company sequence; ingest and event updates take no customer row lock, so there is no cycle.
 */
async function upsertCustomerChunk(trx: Transaction<Database>, companyId: string, rows: CustomerRow[]) {
  // New customers first, without a segment, so every row of the chunk exists and is locked below
  // in id order: locking only the existing ones let two writers meet on a row a third one added
  // in between (deadlock). A new customer's segment is then a change like any other.
  const inserted = await trx
    .insertInto('customers')
    .values(rows.map((r) => ({ ...r, segment: null })))
    .onConflict((oc) => oc.columns(['company_id', 'id']).doNothing())
    .returning('id')
    .execute();
  const before = await trx
    .selectFrom('customers')
    .select(['id', 'name', 'segment', 'owner_user_id', 'lifecycle_stage'])
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
  for (const a of inserted) old.set(a.id, null);
  const fresh = new Set(inserted.map((a) => a.id));
  const audit = directoryEntry('customers', rows, new Map(before.map((b) => [b.id, b])), fresh);
  await trx
    .insertInto('customers')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['company_id', 'id']).doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        segment: eb.ref('excluded.segment'),
        owner_user_id: eb.ref('excluded.owner_user_id'),
        lifecycle_stage: eb.ref('excluded.lifecycle_stage'),
        updated_at: eb.ref('excluded.updated_at'), // the column default, now(): Citus refuses now() here
      })),
    )
    .execute();
  // Segment changes, a new customer's segment included; a new customer without one is, to
  // analytics, what an unknown one already is, so it need not wait for the company lock.
  const moved = rows.filter((r) => (old.get(r.id) ?? null) !== r.segment);
  await logDirectoryChanges(
    trx,
    companyId,
    moved.map((r) => ({ kind: 'customer', id: r.id })),
  );
  return audit;
}

export async function listUsers(scope: Scope, query: DirectoryQuery) {
  let q = scope.db
    .selectFrom('users')
    .select(['id', 'name', 'email', 'role', 'team_id', 'active'])
    .where('company_id', '=', scope.companyId);
  if (query.id?.length) q = q.where('id', 'in', query.id);
  if (query.q) {
    const pattern = containsPattern(query.q);
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
  if (query.id?.length) q = q.where('id', 'in', query.id);
  if (query.q) q = q.where('name', 'ilike', containsPattern(query.q));
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
  if (query.id?.length) q = q.where('id', 'in', query.id);
  if (query.q) q = q.where('name', 'ilike', containsPattern(query.q));
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
