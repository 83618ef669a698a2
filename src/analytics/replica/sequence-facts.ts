/**
 * Sequence facts: what each event's place in its customer's sequence says — its previous events
 * (instants and types, up to four back) and, for an inbound event, its first reply. Journeys,
 * interaction gaps and response times need them, and computing them per request means sorting the
 * period by customer and time (a window pass or an ASOF join: hundreds of ms for a 90-day window
 * at 10M events, the floor of those KPIs). They change only when the customer's own events change,
 * so the writer keeps them: after a load for the whole company, after each applied batch for the
 * customers whose events it touched, in the same transaction as the rows and the watermark.
 *
 * Order is (ts_us, id), the order every KPI uses. A first reply is the earliest later outbound
 * event of the same customer (ties at its instant: lowest id), in the inbound's thread when it has
 * one; strictly later (a reply at the same microsecond does not count). Whether it falls within a
 * request's window, or is visible to the viewer, is the request's to decide (list-response-pairs.ts).
 */
import { type DuckDBConnection, LIST, listValue, VARCHAR } from '@duckdb/node-api';
import { EVENT_TYPES } from '../../events/catalogue.js';

/** Event types by name (bytewise); a type's journey code is its 1-based position here. */
export const TYPE_CODES = [...EVENT_TYPES].sort();

/** The greatest uuid: an inbound event's ASOF key sorts after every outbound event of its instant. */
const LAST_ID = "'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid";

/**
 * Recomputes the facts of the company's events: of every customer when `customerIds` is null (a
 * load), else of those customers only (their whole sequences: a change moves its neighbours' facts).
 * Runs on the writer, inside the caller's transaction.
 */
export async function refreshSequenceFacts(
  w: DuckDBConnection,
  companyId: string,
  customerIds: string[] | null,
): Promise<void> {
  if (customerIds?.length === 0) return;
  const mine = `company_id = $c::uuid ${customerIds ? 'and customer_id in (select unnest($customers::uuid[]))' : ''}`;
  const lag = (column: string, n: number) => `lag(${column}, ${n}) over w`;
  const asked = (threaded: boolean) => `(select id, customer_id, thread_id, {'t': ts_us, 'i': ${LAST_ID}} as k
      from events where ${mine} and direction = 'inbound' and thread_id is ${threaded ? 'not null' : 'null'})`;
  const replies = (
    threaded: boolean,
  ) => `(select customer_id, thread_id, ts_us, user_id, {'t': ts_us, 'i': id} as k
      from events where ${mine} and direction = 'outbound' ${threaded ? 'and thread_id is not null' : ''})`;
  // Rows rewritten, not updated: DuckDB rewrites a whole row group per UPDATE, so updating every
  // event of a company (a load) took minutes where delete + insert by name takes seconds.
  const facts = `
    select x.* exclude (${FACTS.join(', ')}), s.pos, s.c as type_code, s.p1 as prev_us, s.p2 as prev2_us,
      s.p3 as prev3_us, s.p4 as prev4_us, s.pt as prev_types, r.reply_us, r.reply_user_id
    from (select * from events where ${mine}) x
    join (
      select id, row_number() over w as pos, c, ${[1, 2, 3, 4].map((n) => `${lag('ts_us', n)} as p${n}`).join(', ')},
        ${[1, 2, 3, 4].map((n) => `coalesce(${lag('c', n)}, 0)::int * ${16 ** (n - 1)}`).join(' + ')} as pt
      from (select id, customer_id, ts_us, list_position($codes::varchar[], event_type)::utinyint as c
        from events where ${mine}) e
      window w as (partition by customer_id order by ts_us, id)
    ) s using (id)
    left join (
      select i.id, r.ts_us as reply_us, r.user_id as reply_user_id from ${asked(false)} i
        asof left join ${replies(false)} r on r.customer_id = i.customer_id and i.k < r.k
      union all
      select i.id, r.ts_us, r.user_id from ${asked(true)} i
        asof left join ${replies(true)} r
        on r.customer_id = i.customer_id and r.thread_id = i.thread_id and i.k < r.k
    ) r using (id)`;
  const values: Record<string, ReturnType<typeof listValue> | string> = {
    c: companyId,
    codes: listValue(TYPE_CODES),
  };
  const types: Record<string, ReturnType<typeof LIST>> = { codes: LIST_VARCHAR };
  if (customerIds) {
    values.customers = listValue(customerIds);
    types.customers = LIST_VARCHAR;
  }
  await w.run(`create or replace temp table sequence_rows as ${facts}`, values, types);
  const { codes: _, ...ids } = values;
  const { codes: __, ...idTypes } = types;
  await w.run(`delete from events where ${mine}`, ids, idTypes);
  await w.run('insert into events by name select * from sequence_rows');
  await w.run('drop table sequence_rows');
}

const LIST_VARCHAR = LIST(VARCHAR);
/** The events table's fact columns (schema.ts). */
const FACTS = [
  'pos',
  'type_code',
  'prev_us',
  'prev2_us',
  'prev3_us',
  'prev4_us',
  'prev_types',
  'reply_us',
  'reply_user_id',
];
