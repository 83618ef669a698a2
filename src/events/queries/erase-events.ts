/**
 * Erasure of personal content from events (one customer's, or those concerning one person: see
 * person-events.ts), in the caller's transaction:
 * title → a placeholder, description → null, related_objects → [], event_data → only the keys
 * analytics read that hold no free text (outcome, due_at) plus thread_id replaced by its digest
 * (response pairing still matches the same threads), participants → one digest per participant
 * (distinct-participant figures are unchanged). Type, times, duration, status, scores and ids stay,
 * so counts do too. Every event gets an 'updated' change: the replica re-reads the erased rows.
 */
import { type RawBuilder, sql, type Transaction } from 'kysely';
import type { Database } from '../../db/types.js';
import { notify, reserveSeq } from './write-events.js';

export const ERASED_TITLE = 'Erased activity';
export const ERASED_FIELDS = [
  'event_title',
  'event_description',
  'event_data (all but outcome and due_at; thread_id as a digest)',
  'participants (as digests)',
  'related_objects',
] as const;

const ERASE_CHUNK = 1000;

const digest = (text: ReturnType<typeof sql>) =>
  sql`'erased:' || encode(sha256(convert_to(${text}, 'UTF8')), 'hex')`;

/** Erases the content of every event of `customerId` (deleted ones too); returns how many. */
export function eraseCustomerEvents(
  trx: Transaction<Database>,
  companyId: string,
  customerId: string,
  chunkSize = ERASE_CHUNK,
): Promise<number> {
  return eraseEventsWhere(trx, companyId, sql<boolean>`customer_id = ${customerId}`, chunkSize);
}

/**
 * Erases the content of every event of the company (deleted ones too) for which `condition` (SQL on
 * the columns of crm_activity_events, unqualified) holds; returns how many.
 */
export async function eraseEventsWhere(
  trx: Transaction<Database>,
  companyId: string,
  condition: RawBuilder<boolean>,
  chunkSize = ERASE_CHUNK,
): Promise<number> {
  // Lock order as updateEvent: the event rows, then the company sequence.
  const targets = await trx
    .selectFrom('crm_activity_events')
    .select('id')
    .where('company_id', '=', companyId)
    .where(condition)
    .orderBy('id')
    .forUpdate()
    .execute();
  if (targets.length === 0) return 0;
  const first = await reserveSeq(trx, companyId, targets.length);
  const ids = targets.map((t) => t.id);
  // Citus plans no INSERT fed by a modifying CTE, and no stable function (jsonb_build_object,
  // convert_to) inside CASE or COALESCE of an UPDATE: so the erased content is computed by a
  // SELECT, then written by plain UPDATEs by chunks of ids, then the change rows. The i-th id
  // (0-based) takes seq first + i, in its row and in its change row alike.
  for (let at = 0; at < ids.length; at += chunkSize) {
    const chunk = ids.slice(at, at + chunkSize);
    const { rows } = await sql<{ id: string; data: string; participants: string }>`
      select e.id,
        (coalesce((select jsonb_object_agg(k, v) from jsonb_each(e.event_data) as x(k, v)
                   where k in ('outcome', 'due_at')), '{}')
          || case when e.event_data ? 'thread_id'
               then jsonb_build_object('thread_id', ${digest(sql`e.event_data->>'thread_id'`)}) else '{}' end)::text as data,
        coalesce((select jsonb_agg(jsonb_build_object('id',
            ${digest(sql`case when jsonb_typeof(p->'email') = 'string' then 'email:' || (p->>'email') else 'id:' || (p->>'id') end`)}))
          from jsonb_array_elements(case when jsonb_typeof(e.participants) = 'array' then e.participants else '[]' end) p
          where jsonb_typeof(p) = 'object' and (jsonb_typeof(p->'email') = 'string'
            or (p ? 'id' and jsonb_typeof(p->'id') in ('string', 'number')))), '[]')::text as participants
      from crm_activity_events e
      where e.company_id = ${companyId} and e.id = any(${chunk}::uuid[])`.execute(trx);
    const erased = new Map(rows.map((r) => [r.id, r]));
    const data = chunk.map((id) => erased.get(id)?.data ?? '{}');
    const participants = chunk.map((id) => erased.get(id)?.participants ?? '[]');
    await sql`update crm_activity_events e set
        event_title = ${ERASED_TITLE}, event_description = null, related_objects = '[]',
        event_data = x.data::jsonb, participants = x.participants::jsonb,
        seq = ${first + at}::bigint + x.n - 1, updated_at = now()
      from unnest(${chunk}::uuid[], ${data}::text[], ${participants}::text[])
        with ordinality as x(id, data, participants, n)
      where e.company_id = ${companyId} and e.id = x.id`.execute(trx);
  }
  // Read from the company's (locked) sequence row, as ingest does: on Citus that makes the insert
  // one task on the company's shard; from unnest alone it would go through the coordinator by COPY,
  // which row-level security refuses.
  await sql`insert into event_changes (company_id, seq, event_id, kind)
    select s.company_id, ${first}::bigint + t.n - 1, t.id, 'updated'
    from company_sequences s, unnest(${ids}::uuid[]) with ordinality as t(id, n)
    where s.company_id = ${companyId}`.execute(trx);
  await notify(trx, companyId, first + ids.length - 1);
  return ids.length;
}
