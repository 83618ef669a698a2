/**
 * Reads from the system of record what the replica stores: event rows (with the facts it derives
 * from event_data) and the directory facts. Shared by the full load and by change application.
 */
import { sql } from 'kysely';
import type { Scope } from '../../db/scope.js';
import { exactInstant } from '../../events/queries/list-events.js';

export interface SourceEvent {
  id: string;
  customer_id: string;
  contact_id: string | null;
  user_id: string;
  event_type: string;
  event_source: string;
  direction: string | null;
  status: string;
  priority: string;
  sentiment: string | null;
  outcome: string | null;
  thread_id: string | null;
  has_due_at: boolean;
  /** Epoch microseconds of the due time (see schema.ts), as text. */
  due_us: string;
  /** Epoch microseconds, as text (exact beyond 2^53 is not needed, but bigint parsing is cheap). */
  ts_us: string;
  duration_minutes: number | null;
  engagement_score: number | null;
  participants: string[];
  seq: number;
  is_deleted: boolean;
}

// Participants as match keys ('email:…' lower-cased, 'id:…'), the forms the participant filter
// probes with jsonb containment on the system of record.
const COLUMNS = sql`e.id, e.customer_id, e.contact_id, e.user_id, e.event_type, e.event_source, e.direction,
  e.status, e.priority, e.sentiment, e.outcome, e.event_data->>'thread_id' as thread_id,
  (e.event_data ? 'due_at') as has_due_at,
  (extract(epoch from coalesce(case when e.event_data->>'due_at' ~ '^\\d{4}-\\d{2}-\\d{2}T'
    then (e.event_data->>'due_at')::timestamptz end, e.event_timestamp)) * 1000000)::bigint::text as due_us,
  (extract(epoch from e.event_timestamp) * 1000000)::bigint::text as ts_us,
  e.duration_minutes, e.engagement_score::float8 as engagement_score,
  coalesce((select array_agg(k) from (
      select 'email:' || (p->>'email') as k from jsonb_array_elements(
        case when jsonb_typeof(e.participants) = 'array' then e.participants else '[]' end) p
        where jsonb_typeof(p) = 'object' and jsonb_typeof(p->'email') = 'string'
      union all
      select 'id:' || (p->>'id') from jsonb_array_elements(
        case when jsonb_typeof(e.participants) = 'array' then e.participants else '[]' end) p
        where jsonb_typeof(p) = 'object' and p ? 'id' and jsonb_typeof(p->'id') in ('string', 'number')
    ) keys), '{}'::text[]) as participants,
  e.seq, e.is_deleted`;

/**
 * One page of the company's live events in (event_timestamp, id) order after `after`, each with its
 * position `at`: the stored instant exactly (microseconds). A position from the driver's Date (ms)
 * fell before its own row when the instant had microseconds, so each next page began with that
 * row again (the bench's 10M events: every page boundary's row staged twice, 4,595 rows too many
 * in the replica once the facts were joined).
 */
export async function readEventPage(
  scope: Scope,
  after: { at: string; id: string } | null,
  limit: number,
): Promise<Array<SourceEvent & { at: string }>> {
  const keyset = after
    ? sql`and (e.event_timestamp, e.id) > (${after.at}::timestamptz, ${after.id}::uuid)`
    : sql``;
  const { rows } = await sql<SourceEvent & { at: string }>`
    select ${COLUMNS}, ${exactInstant} as at from crm_activity_events e
    where e.company_id = ${scope.companyId} and not e.is_deleted ${keyset}
    order by e.event_timestamp, e.id limit ${limit}`.execute(scope.db);
  return rows;
}

/** The current rows of the given events, deleted ones included (they say `is_deleted`). */
export async function readEventsById(scope: Scope, ids: string[]): Promise<SourceEvent[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<SourceEvent>`
    select ${COLUMNS} from crm_activity_events e
    where e.company_id = ${scope.companyId} and e.id = any(${ids}::uuid[])`.execute(scope.db);
  return rows;
}

export interface SourceCustomer {
  id: string;
  segment: string | null;
}
export interface SourceUser {
  id: string;
  team_id: string | null;
  active: boolean;
}

export async function readCustomers(scope: Scope, ids: string[] | null): Promise<SourceCustomer[]> {
  let q = scope.db
    .selectFrom('customers')
    .select(['id', 'segment'])
    .where('company_id', '=', scope.companyId);
  if (ids) {
    if (ids.length === 0) return [];
    q = q.where('id', 'in', ids);
  }
  return q.execute();
}

export async function readUsers(scope: Scope, ids: string[] | null): Promise<SourceUser[]> {
  let q = scope.db
    .selectFrom('users')
    .select(['id', 'team_id', 'active'])
    .where('company_id', '=', scope.companyId);
  if (ids) {
    if (ids.length === 0) return [];
    q = q.where('id', 'in', ids);
  }
  return q.execute();
}

/** The company's last change seq and how far its change log was pruned (0, 0 for a new company). */
export async function readLogPosition(scope: Scope): Promise<{ lastSeq: number; prunedThrough: number }> {
  const { rows } = await sql<{ last_seq: number; pruned: number }>`
    select coalesce((select last_seq from company_sequences where company_id = ${scope.companyId}), 0)::bigint as last_seq,
      coalesce((select through_seq from stream_pruned where company_id = ${scope.companyId}), 0)::bigint as pruned`.execute(
    scope.db,
  );
  return { lastSeq: Number(rows[0]?.last_seq ?? 0), prunedThrough: Number(rows[0]?.pruned ?? 0) };
}

export interface LoggedChange {
  seq: number;
  kind: 'created' | 'updated' | 'deleted' | 'customer' | 'user';
  event_id: string;
}

/** Changes with seq in (after, through], in order. */
export async function readChangesBetween(
  scope: Scope,
  after: number,
  through: number,
): Promise<LoggedChange[]> {
  return scope.db
    .selectFrom('event_changes')
    .select(['seq', 'kind', 'event_id'])
    .where('company_id', '=', scope.companyId)
    .where('seq', '>', after)
    .where('seq', '<=', through)
    .orderBy('seq')
    .execute();
}

/** Every company with a change log position (the replica follows them all). */
export async function listCompaniesWithEvents(
  db: Scope['db'],
): Promise<Array<{ id: string; lastSeq: number }>> {
  const rows = await db.selectFrom('company_sequences').select(['company_id', 'last_seq']).execute();
  return rows.map((r) => ({ id: r.company_id, lastSeq: Number(r.last_seq) }));
}
