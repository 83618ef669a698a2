/**
 * Erasure of one customer's personal content from their events, in the caller's transaction:
 * title → a placeholder, description → null, related_objects → [], event_data → only the keys
 * analytics read that hold no free text (outcome, due_at) plus thread_id replaced by its digest
 * (response pairing still matches the same threads), participants → one digest per participant
 * (distinct-participant figures are unchanged). Type, times, duration, status, scores and ids stay,
 * so counts do too. Every event gets an 'updated' change: the replica re-reads the erased rows.
 */
import { sql, type Transaction } from 'kysely';
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
export async function eraseCustomerEvents(
  trx: Transaction<Database>,
  companyId: string,
  customerId: string,
  chunkSize = ERASE_CHUNK,
): Promise<number> {
  // Lock order as updateEvent: the event rows, then the company sequence.
  const targets = await trx
    .selectFrom('crm_activity_events')
    .select('id')
    .where('company_id', '=', companyId)
    .where('customer_id', '=', customerId)
    .orderBy('id')
    .forUpdate()
    .execute();
  if (targets.length === 0) return 0;
  const first = await reserveSeq(trx, companyId, targets.length);
  const ids = targets.map((t) => t.id);
  // Plain statements, each one task on Citus (it plans no INSERT fed by a modifying CTE): the
  // i-th id (0-based) takes seq first + i, in the update and in its change row alike. Updates go
  // by chunks so that array_position stays cheap for a customer with many events.
  for (let at = 0; at < ids.length; at += chunkSize) {
    const chunk = ids.slice(at, at + chunkSize);
    await sql`update crm_activity_events e set
        event_title = ${ERASED_TITLE}, event_description = null, related_objects = '[]',
        event_data = coalesce((select jsonb_object_agg(k, v) from jsonb_each(e.event_data) as x(k, v)
                               where k in ('outcome', 'due_at')), '{}')
          || case when e.event_data ? 'thread_id'
               then jsonb_build_object('thread_id', ${digest(sql`e.event_data->>'thread_id'`)}) else '{}' end,
        participants = coalesce((select jsonb_agg(jsonb_build_object('id',
            ${digest(sql`case when jsonb_typeof(p->'email') = 'string' then 'email:' || (p->>'email') else 'id:' || (p->>'id') end`)}))
          from jsonb_array_elements(case when jsonb_typeof(e.participants) = 'array' then e.participants else '[]' end) p
          where jsonb_typeof(p) = 'object' and (jsonb_typeof(p->'email') = 'string'
            or (p ? 'id' and jsonb_typeof(p->'id') in ('string', 'number')))), '[]'),
        seq = ${first + at}::bigint + array_position(${chunk}::uuid[], e.id) - 1, updated_at = now()
      where e.company_id = ${companyId} and e.id = any(${chunk}::uuid[])`.execute(trx);
  }
  await sql`insert into event_changes (company_id, seq, event_id, kind)
    select ${companyId}::uuid, ${first}::bigint + t.n - 1, t.id, 'updated'
    from unnest(${ids}::uuid[]) with ordinality as t(id, n)`.execute(trx);
  await notify(trx, companyId, first + ids.length - 1);
  return ids.length;
}
