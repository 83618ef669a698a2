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

/**
 * The outcomes, the events stored and the change seq of the first of them. The common case first:
 * every event is new. Their rows go in straight away, the unique indexes on (company, id) and
 * (company, source, external_id) being the duplicate check: probing for duplicates beforehand read
 * both indexes a second time (~10% of the database's work per batch, bench/). A unique violation
 * rolls that transaction back (its numbers with it), and a second one sorts the batch out item by
 * item. A resent batch fails at its first row, cheaply. No savepoint: that was one more round trip
 * per batch, under the company's lock, for the rare case.
 */
async function storeBatch(scope: Scope, events: NewEvent[]) {
  if (events.length === 0) return { outcomes: [], fresh: [], first: 0 };
  const columns = chunkColumns(events); // before the lock: nobody waits on this
  try {
    return await scope.db.transaction().execute(async (trx) => {
      // Lock first: under this lock no other transaction of the company inserts, and last_seq
      // cannot move until we commit. A number per event, taken here, needs no second write.
      const first = await reserveSeq(trx, scope.companyId, events.length);
      await insertChunks(trx, scope.companyId, columns, first);
      const outcomes = events.map((e): InsertOutcome => ({ status: 'created', id: e.id }));
      return finish(trx, scope, { outcomes, fresh: events, first });
    });
  } catch (error) {
    if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
  }
  return scope.db.transaction().execute(async (trx) => {
    // Same lock first, so the duplicate checks below cannot race.
    const first = await reserveSeq(trx, scope.companyId, events.length);
    const { outcomes, fresh } = await sortOutKnown(trx, scope.companyId, events);
    await insertChunks(trx, scope.companyId, chunkColumns(fresh), first);
    // Give back the numbers of the events not stored (the lock is still ours: nobody took more).
    await trx
      .updateTable('company_sequences')
      .set({ last_seq: first + fresh.length - 1 })
      .where('company_id', '=', scope.companyId)
      .execute();
    return finish(trx, scope, { outcomes, fresh, first });
  });
}
const UNIQUE_VIOLATION = '23505';

/** The notification and the audit entry of a batch that stored something. */
async function finish<T extends { fresh: NewEvent[]; first: number }>(
  trx: Transaction<Database>,
  scope: Scope,
  stored: T,
): Promise<T> {
  const { fresh, first } = stored;
  if (fresh.length === 0) return stored;
  // The notification takes effect at commit, in seq order. A statement of its own that touches no
  // table: on Citus the coordinator runs it, where the instances listen.
  await notify(trx, scope.companyId, first + fresh.length - 1);
  await recordAudit(trx, auditContext(scope, 'ingest'), ingestEntry(fresh, first)); // one entry per batch
  return stored;
}

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

/**
 * The rows as one array per column, in chunks of CHUNK rows (one INSERT each: bounds a statement's
 * size). Arrays, not one json document read by json_to_recordset: decoding the same 1,000 bench
 * events cost PostgreSQL ~55 ms of CPU from json and ~8 from arrays (EXPLAIN ANALYZE of the insert:
 * its function scan 140–400 ms against 2–37 ms on the loaded machine), and insertEvents' PostgreSQL
 * CPU per 1,000 fell from a median 214 to 130 ms (bench/ingest-statements.ts, 2026-12-06, load ~27).
 * A multi-row VALUES would need ~20 parameters per row, which pg and PostgreSQL encode, parse and
 * plan far slower still.
 */
function chunkColumns(rows: NewEvent[]): EventColumns[] {
  const chunks: EventColumns[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) chunks.push(eventColumns(rows.slice(i, i + CHUNK)));
  return chunks;
}

type EventColumns = ReturnType<typeof eventColumns>;
function eventColumns(rows: NewEvent[]) {
  const pick = <T>(f: (e: NewEvent) => T) => rows.map(f);
  return {
    id: pick((e) => e.id),
    external_id: pick((e) => e.external_id),
    customer_id: pick((e) => e.customer_id),
    contact_id: pick((e) => e.contact_id),
    user_id: pick((e) => e.user_id),
    event_type: pick((e) => e.event_type),
    event_source: pick((e) => e.event_source),
    event_title: pick((e) => e.event_title),
    event_description: pick((e) => e.event_description),
    event_timestamp: pick((e) =>
      typeof e.event_timestamp === 'string' ? e.event_timestamp : e.event_timestamp.toISOString(),
    ),
    duration_minutes: pick((e) => e.duration_minutes),
    event_data: pick((e) => jsonText(e.event_data)),
    participants: pick((e) => jsonText(e.participants)),
    related_objects: pick((e) => jsonText(e.related_objects)),
    priority: pick((e) => e.priority),
    status: pick((e) => e.status),
    engagement_score: pick((e) => e.engagement_score),
    sentiment: pick((e) => e.sentiment),
    direction: pick((e) => e.direction),
    visibility: pick((e) => e.visibility),
  };
}
const jsonText = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));

async function insertChunks(
  trx: Transaction<Database>,
  companyId: string,
  chunks: EventColumns[],
  seq0: number,
) {
  let seq = seq0;
  for (const c of chunks) {
    await insertRows(trx, companyId, c, seq);
    seq += c.id.length;
  }
}

/**
 * Two statements per chunk write the events and their change-log rows. The seq of a row is
 * seq0 + its position (WITH ORDINALITY).
 *
 * Each statement selects from the company's company_sequences row (locked by storeBatch already,
 * so it exists) and takes company_id from it: on Citus an INSERT … SELECT whose SELECT reads one
 * shard of a colocated table, feeding the distribution column, is one router task on that shard's
 * worker (from a function alone it would be pulled through the coordinator). Two statements,
 * not one with data-modifying CTEs: Citus routes no INSERT inside a CTE.
 */
async function insertRows(trx: Transaction<Database>, companyId: string, c: EventColumns, seq0: number) {
  const events = await sql`
    insert into crm_activity_events (company_id, id, external_id, customer_id, contact_id, user_id, event_type,
      event_source, event_title, event_description, event_timestamp, duration_minutes, event_data, participants,
      related_objects, priority, status, engagement_score, sentiment, direction, visibility, seq)
    select s.company_id, r.id, r.external_id, r.customer_id, r.contact_id, r.user_id, r.event_type,
      r.event_source, r.event_title, r.event_description, r.event_timestamp, r.duration_minutes,
      coalesce(r.event_data, '{}'), coalesce(r.participants, '[]'), coalesce(r.related_objects, '[]'),
      r.priority, r.status, r.engagement_score, r.sentiment, r.direction, coalesce(r.visibility, 'default'),
      ${seq0}::bigint + r.n - 1
    from company_sequences s, unnest(${c.id}::uuid[], ${c.external_id}::text[], ${c.customer_id}::uuid[],
      ${c.contact_id}::uuid[], ${c.user_id}::uuid[], ${c.event_type}::text[], ${c.event_source}::text[],
      ${c.event_title}::text[], ${c.event_description}::text[], ${c.event_timestamp}::timestamptz[],
      ${c.duration_minutes}::integer[], ${c.event_data}::jsonb[], ${c.participants}::jsonb[],
      ${c.related_objects}::jsonb[], ${c.priority}::text[], ${c.status}::text[], ${c.engagement_score}::numeric[],
      ${c.sentiment}::text[], ${c.direction}::text[], ${c.visibility}::text[]) with ordinality as r(id,
      external_id, customer_id, contact_id, user_id, event_type, event_source, event_title, event_description,
      event_timestamp, duration_minutes, event_data, participants, related_objects, priority, status,
      engagement_score, sentiment, direction, visibility, n)
    where s.company_id = ${companyId}`.execute(trx);
  const changes = await sql`
    insert into event_changes (company_id, seq, event_id, kind)
    select s.company_id, ${seq0}::bigint + r.n - 1, r.id, 'created'
    from company_sequences s, unnest(${c.id}::uuid[]) with ordinality as r(id, n)
    where s.company_id = ${companyId}`.execute(trx);
  // Every row must land: a silent short count would break the change log's seq order.
  const expected = BigInt(c.id.length);
  if (events.numAffectedRows !== expected || changes.numAffectedRows !== expected)
    throw new Error(
      `inserted ${events.numAffectedRows} events, ${changes.numAffectedRows} changes of ${c.id.length}`,
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
