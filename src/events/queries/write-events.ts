/**
 * Every write to crm_activity_events goes through here, in one transaction with:
 * the per-company sequence (so changes commit in seq order), the change log, and a NOTIFY that
 * wakes every instance. That is all a write does: its readers (the live stream, the analytics
 * replica) follow the change log on their own, so the write path knows none of them.
 */
import { sql, type Transaction } from 'kysely';
import { eventChangeEntry, ingestEntry } from '../../audit/entries.js';
import { auditContext, recordAudit } from '../../audit/record.js';
import { noteInsertedEvents } from '../../db/maintenance.js';
import type { Scope } from '../../db/scope.js';
import type { Database, EventRow } from '../../db/types.js';

export const EVENTS_CHANNEL = 'crm_events';
const CHUNK = 5000; // rows per INSERT statement (one json parameter): bounds the statement's size

export type NewEvent = Omit<
  EventRow,
  'company_id' | 'seq' | 'search_vector' | 'created_at' | 'updated_at' | 'is_deleted' | 'visibility'
> & { visibility?: EventRow['visibility'] };

export type InsertOutcome =
  | { status: 'created'; id: string }
  | { status: 'duplicate'; id: string }
  | { status: 'conflict'; id: string; detail: string };

/** Locks the company's sequence row (creating it) and reserves `count` numbers; returns the first. */
export async function reserveSeq(
  trx: Transaction<Database>,
  companyId: string,
  count: number,
): Promise<number> {
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

export async function notify(trx: Transaction<Database>, companyId: string, seq: number) {
  // Delivered at commit, to every instance LISTENing; the payload is small, streams read rows themselves.
  await sql`select pg_notify(${EVENTS_CHANNEL}, ${`${companyId}:${seq}`})`.execute(trx);
}

/**
 * Inserts events idempotently: an item whose (source, external_id) is stored already, or repeats an
 * earlier item of the same call, answers `duplicate` with the stored id; an item whose explicit id
 * exists answers `conflict`. Outcomes are in input order.
 */
export async function insertEvents(scope: Scope, events: NewEvent[]): Promise<InsertOutcome[]> {
  const { outcomes, fresh } = await storeBatch(scope, events);
  if (fresh.length) noteInsertedEvents(scope.handle, fresh.length); // planner statistics after bulk loads
  return outcomes;
}

/**
 * Logs directory changes that analytics must follow (a customer's segment, a user's team or active
 * flag) in the change log, under the company's sequence lock like event changes, so followers
 * apply them in one order with the events. Callers lock the directory rows first (lock order:
 * directory rows, then the company sequence).
 */
export async function logDirectoryChanges(
  trx: Transaction<Database>,
  companyId: string,
  changes: Array<{ kind: 'customer' | 'user'; id: string }>,
): Promise<void> {
  if (changes.length === 0) return;
  const first = await reserveSeq(trx, companyId, changes.length);
  await trx
    .insertInto('event_changes')
    .values(changes.map((c, i) => ({ company_id: companyId, seq: first + i, event_id: c.id, kind: c.kind })))
    .execute();
  await notify(trx, companyId, first + changes.length - 1);
}

/** One transaction: the outcomes, the events stored and the change seq of the first of them. */
async function storeBatch(scope: Scope, events: NewEvent[]) {
  if (events.length === 0) return { outcomes: [], fresh: [], first: 0 };
  return scope.db.transaction().execute(async (trx) => {
    const companyId = scope.companyId;
    // Lock first: under this lock no other transaction of the company inserts, so the duplicate
    // checks below cannot race, and last_seq cannot move until we commit. The common case (every
    // event new) takes a number per event here and needs no second write to the sequence.
    const first = await reserveSeq(trx, companyId, events.length);
    const allNew = await insertAllNew(trx, companyId, events, first);
    const { outcomes, fresh } = allNew
      ? { outcomes: events.map((e): InsertOutcome => ({ status: 'created', id: e.id })), fresh: events }
      : await sortOutKnown(trx, companyId, events);
    if (!allNew) {
      await insertRowsInChunks(trx, companyId, fresh, first);
      // Give back the numbers of the events not stored (the lock is still ours: nobody took more).
      await trx
        .updateTable('company_sequences')
        .set({ last_seq: first + fresh.length - 1 })
        .where('company_id', '=', companyId)
        .execute();
    }
    if (fresh.length === 0) return { outcomes, fresh, first };

    // The notification takes effect at commit, in seq order. A statement of its own that touches no
    // table: on Citus the coordinator runs it, where the instances listen.
    await notify(trx, companyId, first + fresh.length - 1);
    await recordAudit(trx, auditContext(scope, 'ingest'), ingestEntry(fresh, first)); // one entry per batch
    return { outcomes, fresh, first };
  });
}

/**
 * The common case first: every event is new. Their rows go in straight away, the unique indexes
 * on (company, id) and (company, source, external_id) being the duplicate check. Probing for
 * duplicates beforehand read both indexes a second time (~10% of the database's work per batch,
 * bench/). On a unique violation the savepoint undoes the attempt and false is returned; the
 * caller then sorts the batch out item by item. A resent batch fails at its first row, cheaply.
 */
async function insertAllNew(trx: Transaction<Database>, companyId: string, events: NewEvent[], seq0: number) {
  await sql`savepoint insert_all_new`.execute(trx);
  try {
    await insertRowsInChunks(trx, companyId, events, seq0);
    return true;
  } catch (error) {
    if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
    await sql`rollback to savepoint insert_all_new`.execute(trx);
    return false;
  }
}
const UNIQUE_VIOLATION = '23505';

/** Outcomes of a batch that repeats stored events or itself, and the events left to insert. */
async function sortOutKnown(trx: Transaction<Database>, companyId: string, events: NewEvent[]) {
  const existing = await findExisting(trx, companyId, events);
  const outcomes: InsertOutcome[] = [];
  const fresh: NewEvent[] = [];
  const seenKeys = new Map<string, string>();
  const seenIds = new Set<string>();
  for (const e of events) {
    const key = e.external_id === null ? null : `${e.event_source}\u0000${e.external_id}`;
    const known = key === null ? undefined : (existing.byKey.get(key) ?? seenKeys.get(key));
    if (known) outcomes.push({ status: 'duplicate', id: known });
    else if (existing.ids.has(e.id) || seenIds.has(e.id)) {
      outcomes.push({ status: 'conflict', id: e.id, detail: `An event with id ${e.id} already exists.` });
    } else {
      if (key !== null) seenKeys.set(key, e.id);
      seenIds.add(e.id);
      fresh.push(e);
      outcomes.push({ status: 'created', id: e.id });
    }
  }
  return { outcomes, fresh };
}

async function insertRowsInChunks(
  trx: Transaction<Database>,
  companyId: string,
  rows: NewEvent[],
  seq0: number,
) {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await insertRows(trx, companyId, rows.slice(i, i + CHUNK), seq0 + i);
  }
}

/**
 * Two statements per chunk write the events and their change-log rows. The rows travel as ONE json
 * parameter read by json_to_recordset: a multi-row VALUES needs ~20 parameters per row, which pg and
 * PostgreSQL encode, parse and plan far slower (measured in bench/: ~30% of the batch's time).
 * The seq of a row is seq0 + its position (WITH ORDINALITY), so the rows are serialized as they are.
 *
 * Each statement selects from the company's company_sequences row (locked by storeBatch already,
 * so it exists) and takes company_id from it: on Citus an INSERT … SELECT whose SELECT reads one
 * shard of a colocated table, feeding the distribution column, is one router task on that shard's
 * worker (from a json function alone it would be pulled through the coordinator). Two statements,
 * not one with data-modifying CTEs: Citus routes no INSERT inside a CTE.
 */
async function insertRows(trx: Transaction<Database>, companyId: string, rows: NewEvent[], seq0: number) {
  const events = await sql`
    insert into crm_activity_events (company_id, id, external_id, customer_id, contact_id, user_id, event_type,
      event_source, event_title, event_description, event_timestamp, duration_minutes, event_data, participants,
      related_objects, priority, status, engagement_score, sentiment, direction, visibility, seq)
    select s.company_id, r.id, r.external_id, r.customer_id, r.contact_id, r.user_id, r.event_type,
      r.event_source, r.event_title, r.event_description, r.event_timestamp, r.duration_minutes,
      coalesce(r.event_data, '{}'), coalesce(r.participants, '[]'), coalesce(r.related_objects, '[]'),
      r.priority, r.status, r.engagement_score, r.sentiment, r.direction, coalesce(r.visibility, 'default'),
      ${seq0}::bigint + r.n - 1
    from company_sequences s, rows from (json_to_recordset(${JSON.stringify(rows)}::json) as (id uuid,
      external_id text, customer_id uuid, contact_id uuid, user_id uuid, event_type text, event_source text,
      event_title text, event_description text, event_timestamp timestamptz, duration_minutes integer,
      event_data jsonb, participants jsonb, related_objects jsonb, priority text, status text,
      engagement_score numeric, sentiment text, direction text, visibility text)) with ordinality as r(id,
      external_id, customer_id, contact_id, user_id, event_type, event_source, event_title, event_description,
      event_timestamp, duration_minutes, event_data, participants, related_objects, priority, status,
      engagement_score, sentiment, direction, visibility, n)
    where s.company_id = ${companyId}`.execute(trx);
  const changes = await sql`
    insert into event_changes (company_id, seq, event_id, kind)
    select s.company_id, ${seq0}::bigint + r.n - 1, r.id, 'created'
    from company_sequences s, unnest(${rows.map((r) => r.id)}::uuid[]) with ordinality as r(id, n)
    where s.company_id = ${companyId}`.execute(trx);
  // Every row must land: a silent short count would break the change log's seq order.
  const expected = BigInt(rows.length);
  if (events.numAffectedRows !== expected || changes.numAffectedRows !== expected)
    throw new Error(
      `inserted ${events.numAffectedRows} events, ${changes.numAffectedRows} changes of ${rows.length}`,
    );
}

/** Stored events that share an id or a (source, external_id) with the batch: one round trip, two index probes. */
async function findExisting(trx: Transaction<Database>, companyId: string, events: NewEvent[]) {
  const keyed = events.filter((e) => e.external_id !== null);
  const { rows } = await sql<{
    by_key: boolean;
    id: string;
    event_source: string;
    external_id: string | null;
  }>`
    select true as by_key, id, event_source, external_id from crm_activity_events
    where company_id = ${companyId} and (event_source, external_id) in
      (select * from unnest(${keyed.map((e) => e.event_source)}::text[], ${keyed.map((e) => e.external_id)}::text[]))
    union all
    select false, id, event_source, external_id from crm_activity_events
    where company_id = ${companyId} and id = any(${events.map((e) => e.id)}::uuid[])`.execute(trx);
  const byKey = new Map<string, string>();
  const ids = new Set<string>();
  for (const r of rows) {
    if (r.by_key) byKey.set(`${r.event_source}\u0000${r.external_id}`, r.id);
    else ids.add(r.id);
  }
  return { byKey, ids };
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
    | 'visibility'
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
    await notify(trx, scope.companyId, seq);
    await recordAudit(trx, auditContext(scope), eventChangeEntry(before, after));
    return { status: 'ok', row: after };
  });
}
