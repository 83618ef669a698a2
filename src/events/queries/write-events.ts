/**
 * Every write to crm_activity_events goes through here, in one transaction with:
 * the per-company sequence (so changes commit in seq order), the change log the live stream reads,
 * the analytics rollups, and a NOTIFY that wakes the streams of every instance.
 */
import { sql, type Transaction } from 'kysely';
import { maintainRollups } from '../../analytics/rollups/maintain.js';
import type { Scope } from '../../db/scope.js';
import type { Database, EventRow } from '../../db/types.js';

export const EVENTS_CHANNEL = 'crm_events';
const CHUNK = 1000; // rows per INSERT: well under PostgreSQL's 65,535 parameters at ~20 columns

export type NewEvent = Omit<
  EventRow,
  'company_id' | 'seq' | 'search_vector' | 'created_at' | 'updated_at' | 'is_deleted'
>;

export type InsertOutcome =
  | { status: 'created'; id: string }
  | { status: 'duplicate'; id: string }
  | { status: 'conflict'; id: string; detail: string };

/** Locks the company's sequence row (creating it) and reserves `count` numbers; returns the first. */
async function reserveSeq(trx: Transaction<Database>, companyId: string, count: number): Promise<number> {
  const row = await trx
    .insertInto('company_sequences')
    .values({ company_id: companyId, last_seq: count })
    .onConflict((oc) =>
      oc.column('company_id').doUpdateSet({ last_seq: sql`company_sequences.last_seq + ${count}` }),
    )
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  return row.last_seq - count + 1;
}

async function notify(trx: Transaction<Database>, companyId: string, seq: number) {
  // Delivered at commit, to every instance LISTENing; the payload is small, streams read rows themselves.
  await sql`select pg_notify(${EVENTS_CHANNEL}, ${`${companyId}:${seq}`})`.execute(trx);
}

/**
 * Inserts events idempotently: an item whose (source, external_id) is stored already, or repeats an
 * earlier item of the same call, answers `duplicate` with the stored id. Outcomes are in input order.
 */
export async function insertEvents(scope: Scope, events: NewEvent[]): Promise<InsertOutcome[]> {
  if (events.length === 0) return [];
  return scope.db.transaction().execute(async (trx) => {
    const companyId = scope.companyId;
    // Lock first: under this lock no other transaction of the company inserts, so the duplicate
    // checks below cannot race. Reserving 0 numbers just takes the lock.
    await reserveSeq(trx, companyId, 0);
    const existingByKey = await findExternalIds(trx, companyId, events);
    const existingIds = await findIds(
      trx,
      companyId,
      events.map((e) => e.id),
    );

    const outcomes: InsertOutcome[] = [];
    const fresh: NewEvent[] = [];
    const seenKeys = new Map<string, string>();
    const seenIds = new Set<string>();
    for (const e of events) {
      const key = e.external_id === null ? null : `${e.event_source}\u0000${e.external_id}`;
      const known = key === null ? undefined : (existingByKey.get(key) ?? seenKeys.get(key));
      if (known) outcomes.push({ status: 'duplicate', id: known });
      else if (existingIds.has(e.id) || seenIds.has(e.id)) {
        outcomes.push({ status: 'conflict', id: e.id, detail: `An event with id ${e.id} already exists.` });
      } else {
        if (key !== null) seenKeys.set(key, e.id);
        seenIds.add(e.id);
        fresh.push(e);
        outcomes.push({ status: 'created', id: e.id });
      }
    }
    if (fresh.length === 0) return outcomes;

    const first = await reserveSeq(trx, companyId, fresh.length);
    const rows = fresh.map((e, i) => ({
      ...e,
      company_id: companyId,
      seq: first + i,
      event_data: JSON.stringify(e.event_data),
      participants: JSON.stringify(e.participants),
      related_objects: JSON.stringify(e.related_objects),
    }));
    for (let i = 0; i < rows.length; i += CHUNK) {
      await trx
        .insertInto('crm_activity_events')
        .values(rows.slice(i, i + CHUNK))
        .execute();
      await trx
        .insertInto('event_changes')
        .values(
          rows
            .slice(i, i + CHUNK)
            .map((r) => ({ company_id: companyId, seq: r.seq, event_id: r.id, kind: 'created' as const })),
        )
        .execute();
    }
    await maintainRollups(trx, companyId, [], fresh);
    await notify(trx, companyId, first + fresh.length - 1);
    return outcomes;
  });
}

async function findExternalIds(trx: Transaction<Database>, companyId: string, events: NewEvent[]) {
  const keyed = events.filter((e) => e.external_id !== null);
  const found = new Map<string, string>();
  if (keyed.length === 0) return found;
  const rows = await trx
    .selectFrom('crm_activity_events')
    .select(['id', 'event_source', 'external_id'])
    .where('company_id', '=', companyId)
    .where(
      sql<boolean>`(event_source, external_id) in (select * from unnest(${keyed.map((e) => e.event_source)}::text[], ${keyed.map((e) => e.external_id)}::text[]))`,
    )
    .execute();
  for (const r of rows) found.set(`${r.event_source}\u0000${r.external_id}`, r.id);
  return found;
}

async function findIds(trx: Transaction<Database>, companyId: string, ids: string[]) {
  const rows = await trx
    .selectFrom('crm_activity_events')
    .select('id')
    .where('company_id', '=', companyId)
    .where(sql<boolean>`id = any(${ids}::uuid[])`)
    .execute();
  return new Set(rows.map((r) => r.id));
}

export type EventChanges = Partial<
  Pick<
    EventRow,
    | 'status'
    | 'priority'
    | 'event_title'
    | 'event_description'
    | 'event_data'
    | 'sentiment'
    | 'engagement_score'
    | 'is_deleted'
  >
>;

export type UpdateOutcome =
  | { status: 'missing' }
  | { status: 'stale'; current: EventRow }
  | { status: 'ok'; row: EventRow };

/**
 * Applies changes to one live event. `expectedSeq` (from If-Match) guards against lost updates:
 * when the stored event changed since, nothing is written and `stale` is returned.
 */
export async function updateEvent(
  scope: Scope,
  id: string,
  changes: EventChanges,
  expectedSeq?: number,
): Promise<UpdateOutcome> {
  return scope.db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('crm_activity_events')
      .selectAll()
      .where('company_id', '=', scope.companyId)
      .where('id', '=', id)
      .where('is_deleted', '=', false)
      .forUpdate()
      .executeTakeFirst();
    if (!before) return { status: 'missing' };
    if (expectedSeq !== undefined && before.seq !== expectedSeq) return { status: 'stale', current: before };
    const seq = await reserveSeq(trx, scope.companyId, 1);
    const { event_data, ...plain } = changes;
    const after = await trx
      .updateTable('crm_activity_events')
      .set({
        ...plain,
        ...(event_data !== undefined ? { event_data: JSON.stringify(event_data) } : {}),
        seq,
        updated_at: sql`now()`,
      })
      .where('company_id', '=', scope.companyId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const kind = changes.is_deleted ? 'deleted' : 'updated';
    await trx
      .insertInto('event_changes')
      .values({ company_id: scope.companyId, seq, event_id: id, kind })
      .execute();
    await maintainRollups(trx, scope.companyId, [before], changes.is_deleted ? [] : [after]);
    await notify(trx, scope.companyId, seq);
    return { status: 'ok', row: after };
  });
}
