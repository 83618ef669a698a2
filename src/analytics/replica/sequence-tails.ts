/**
 * The common change, a new event at the end of its customer's sequence, kept at the cost of its
 * batch. Its sequence facts (sequence-facts.ts) need only the customer's last event (its place,
 * instant and previous instants and types: the `tails` table) and, for its first-reply part, the
 * customer's inbound events that have no reply yet (`open_inbound`): an outbound event at the end
 * can answer nothing else. The general path (applyWithFacts) instead reads the events around each
 * change from the events table (joins over the company's events: a scan per batch).
 *
 * Both tables are derived from the events' facts and brought up to date, for the customers
 * concerned, wherever the general path or the load computed facts (refreshTouchedTails,
 * refreshTails), in the same transaction.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { AnalyticsReplica } from './replica.js';
import { CODE_TYPES, CODES, FACT_COLUMNS, firstRepliesSql } from './sequence-facts.js';

/** The tails table's columns after the company and customer: the last event's id and facts. */
const TAIL_COLUMNS = ['last_id', 'ts_us', 'type_code', 'prev_us', 'prev2_us', 'prev3_us', 'prev_types'];

/** Rewrites the company's tails and open inbound events from its events' facts (the load's end). */
export async function refreshTails(w: DuckDBConnection, companyId: string) {
  const c = { c: companyId };
  await w.run('delete from tails where company_id = $c::uuid', c);
  await w.run('delete from open_inbound where company_id = $c::uuid', c);
  await w.run(`insert into tails ${TAILS_OF_EVENTS}`, c);
  await w.run(`insert into open_inbound ${OPEN_OF_EVENTS}`, c);
}

/** The tails as the company's events say they are (tails' columns). */
const TAILS_OF_EVENTS = `
  select company_id, customer_id, ${TAIL_COLUMNS.map((col) => `l.${col}`).join(', ')}
  from (select company_id, customer_id, max_by({${TAIL_COLUMNS.map(
    (col) => `'${col}': ${col === 'last_id' ? 'id' : col}`,
  ).join(', ')}}, {'t': ts_us, 'i': id}) as l
    from events where company_id = $c::uuid group by company_id, customer_id)`;

/** The open inbound events as the company's events say they are (open_inbound's columns). */
const OPEN_OF_EVENTS = `
  select company_id, customer_id, id, ts_us, thread_id from events
  where company_id = $c::uuid and direction = 'inbound' and reply_us is null`;

/**
 * For `analytics verify`: rows of the company's tails and open inbound events that differ from
 * what its events say (0: consistent). A difference would give the next appended events wrong facts.
 */
export async function tailDifferences(replica: AnalyticsReplica, companyId: string): Promise<number> {
  const differ = (table: string, derived: string) => `(select count(*) from (
      (select * from ${table} where company_id = $c::uuid except all ${derived})
      union all
      (${derived} except all select * from ${table} where company_id = $c::uuid)))`;
  const [row] = await replica.read<{ n: number }>(
    `select ${differ('tails', TAILS_OF_EVENTS)} + ${differ('open_inbound', OPEN_OF_EVENTS)} as n`,
    { c: companyId },
  );
  return Number(row?.n ?? 0);
}

/**
 * The touched customers' tails and open inbound events after the general path, from what it read
 * and recomputed (apply_src, apply_facts) and what they were: a customer's last event is its old
 * one when that stays (with new facts when they were recomputed), else an incoming event or one of
 * the rows read (the events before a removed last event are the context of its point); an event
 * opens or closes only where its first reply was asked again, it arrived or it left. So nothing of
 * a customer's history is read again. After applyWithFacts, which leaves those tables for it.
 */
export async function refreshTouchedTails(w: DuckDBConnection, companyId: string) {
  const c = { c: companyId };
  const fact = (col: string) => `case when f.id is null then s.${col} else f.${col} end as ${col}`;
  const left = 'select id from old where id not in (select id from same)';
  await w.run(
    `create or replace temp table tails_want as
     select $c::uuid as company_id, customer_id, ${TAIL_COLUMNS.map((col) => `l.${col}`).join(', ')}
     from (select customer_id, max_by({${TAIL_COLUMNS.map((col) => `'${col}': ${col}`).join(', ')}},
         {'t': ts_us, 'i': last_id}) as l
       from (
         select s.customer_id, s.id as last_id, s.ts_us,
           ${['type_code', 'prev_us', 'prev2_us', 'prev3_us', 'prev_types'].map(fact).join(', ')}
         from apply_src s left join apply_facts f using (id)
         union all
         select customer_id, ${TAIL_COLUMNS.join(', ')} from tails
         where company_id = $c::uuid and customer_id in (select customer_id from apply_touched)
           and last_id not in (select id from apply_src) and last_id not in (${left})
       ) group by customer_id)`,
    c,
  );
  await moveTails(w, companyId, 'tails_want');
  await w.run(
    `delete from tails where company_id = $c::uuid and customer_id in (select customer_id from apply_touched)
       and customer_id not in (select customer_id from tails_want)`,
    c,
  );
  await w.run('drop table tails_want');
  await w.run(
    `delete from open_inbound where company_id = $c::uuid
       and customer_id in (select customer_id from apply_touched union select customer_id from old)
       and id in (${left} union all select id from apply_src where ask and not incoming)`,
    c,
  );
  await w.run(
    `insert into open_inbound select $c::uuid, s.customer_id, s.id, s.ts_us, s.thread_id
     from apply_src s join apply_facts f using (id) where s.ask and f.reply_us is null`,
    c,
  );
}

/**
 * Sets the tails of the customers in `want` (tails' columns): in place where a customer has one
 * and it changed, appended where it has none. In place, not deleted and appended again: a batch
 * that touches 5,000 customers rewrote 5,000 rows, and the log of those rewrites (~0.5 MB per
 * batch) filled the write-ahead log between checkpoints, each of which then took 0.8 s to fold
 * them into the file; updated in place, the same 50 batches checkpoint in 24 ms (10M events).
 */
async function moveTails(w: DuckDBConnection, companyId: string, want: string) {
  const c = { c: companyId };
  await w.run(
    `update tails set ${TAIL_COLUMNS.map((col) => `${col} = n.${col}`).join(', ')}
     from ${want} n where tails.company_id = $c::uuid and tails.customer_id = n.customer_id
       and (${TAIL_COLUMNS.map((col) => `tails.${col} is distinct from n.${col}`).join(' or ')})`,
    c,
  );
  await w.run(
    `insert into tails select n.* from ${want} n
     where n.customer_id not in (select customer_id from tails where company_id = $c::uuid)`,
    c,
  );
}

/**
 * Customers of the batch whose changes are not all appends (`removed`: old versions of moved or
 * deleted events; `incoming`: their new versions and new events, facts unset): an event that is
 * not after the customer's last one. They take the general path; their incoming rows stay in
 * `incoming`, the others' move to `appended`.
 */
export async function splitAppends(w: DuckDBConnection, companyId: string) {
  await w.run(
    `create or replace temp table general as
     select customer_id from removed
     union
     select i.customer_id from incoming i join tails t
       on t.company_id = $c::uuid and t.customer_id = i.customer_id
       and (i.ts_us < t.ts_us or i.ts_us = t.ts_us and i.id <= t.last_id)`,
    { c: companyId },
  );
  await w.run(
    `create or replace temp table appended as
     select * from incoming where customer_id not in (select customer_id from general)`,
  );
  await w.run('delete from incoming where customer_id not in (select customer_id from general)');
}

/**
 * Inserts `appended` (events' shape, facts unset: events after their customers' last ones) with
 * their facts, sets the first replies they are to open inbound events, and moves the tails and
 * open inbound events on. Runs on the writer, inside the caller's transaction.
 */
export async function appendAtTails(w: DuckDBConnection, companyId: string) {
  const c = { c: companyId };
  // Previous events: row k of a customer's appended rows (in (ts_us, id) order) has k - 1 appended
  // rows before it, then the tail's last event and its own previous ones.
  const tailUs = 'list_value(t.ts_us, t.prev_us, t.prev2_us, t.prev3_us)';
  // The tail's type codes, its last event's lowest: one base-16 digit each.
  const tailTypes = 'coalesce(t.type_code::int + 16 * (t.prev_types & 4095), 0)';
  const back = [1, 2, 3, 4];
  await w.run(
    `create or replace temp table appended_facts as
     select a.id, a.customer_id, a.ts_us, a.k, a.c as type_code,
       ${back.map((n) => `case when a.k > ${n} then a.us${n} else ${tailUs}[${n + 1} - a.k] end as prev${n === 1 ? '' : n}_us`).join(', ')},
       ${back.map((n) => `(case when a.k > ${n} then coalesce(a.c${n}, 0) else (${tailTypes} >> (4 * (${n} - a.k))) & 15 end)::int * ${16 ** (n - 1)}`).join(' + ')} as prev_types
     from (
       select id, customer_id, ts_us, c, row_number() over w as k,
         ${back.map((n) => `lag(ts_us, ${n}) over w as us${n}, lag(c, ${n}) over w as c${n}`).join(', ')}
       from (select id, customer_id, ts_us, list_position($codes::varchar[], event_type)::utinyint as c from appended)
       window w as (partition by customer_id order by ts_us, id)
     ) a
     left join tails t on t.company_id = $c::uuid and t.customer_id = a.customer_id`,
    { ...c, ...CODES },
    CODE_TYPES,
  );
  // First replies: of the appended inbound events, and of the open ones an appended outbound event
  // can answer (an unthreaded one of its customer, a threaded one of its customer and thread), among
  // the appended outbound events (the only later ones there are). Most open inbound events are
  // threaded, and a thread rarely gets its reply: asking each of the customer's would ask hundreds.
  // The asks are kept in a table of their own: the reply join reads them twice (unthreaded and
  // threaded), and open_inbound is the largest table the short path reads. (One semi join with
  // `thread_id is null or` in its condition is no hash join: 27 s for 5,000 events at 10M.)
  const outbound = "(select distinct customer_id, thread_id from appended where direction = 'outbound')";
  await w.run(
    `create or replace temp table appended_asks as
     select id, customer_id, thread_id, ts_us, false as open from appended where direction = 'inbound'
     union all
     select id, customer_id, thread_id, ts_us, true from open_inbound
       where company_id = $c::uuid and thread_id is null and customer_id in (select customer_id from ${outbound})
     union all
     select o.id, o.customer_id, o.thread_id, o.ts_us, true from open_inbound o
       semi join ${outbound} r on r.customer_id = o.customer_id and r.thread_id = o.thread_id
       where o.company_id = $c::uuid and o.thread_id is not null`,
    c,
  );
  await w.run(
    `create or replace temp table appended_replies as ${firstRepliesSql(
      'appended_asks',
      `(select * from appended where direction = 'outbound')`,
    )}`,
  );
  await w.run(
    `insert into events by name
     select a.* exclude (${FACT_COLUMNS.join(', ')}), f.* exclude (id, customer_id, ts_us, k), r.reply_us, r.reply_user_id
     from appended a join appended_facts f using (id) left join appended_replies r using (id)
     order by a.ts_us, a.id`,
  );
  // Open inbound events answered now (from the asks: no second read of open_inbound). The instant
  // narrows the update's scan to the row groups that can hold them (events are clustered by time).
  await w.run(
    `create or replace temp table answered as
     select a.id, a.ts_us, r.reply_us, r.reply_user_id from appended_asks a join appended_replies r using (id)
     where a.open and r.reply_us is not null`,
  );
  await w.run(
    `update events set reply_us = a.reply_us, reply_user_id = a.reply_user_id from answered a
     where events.company_id = $c::uuid and events.ts_us = a.ts_us and events.id = a.id`,
    c,
  );
  await w.run(`delete from open_inbound where company_id = $c::uuid and id in (select id from answered)`, c);
  await w.run(
    `insert into open_inbound
     select $c::uuid, a.customer_id, a.id, a.ts_us, a.thread_id
     from appended a join appended_replies r using (id) where r.reply_us is null`,
    c,
  );
  // Each customer's last appended event is its new tail.
  await w.run(
    `create or replace temp table new_tails as
     select customer_id, id as last_id, ts_us, type_code, prev_us, prev2_us, prev3_us, prev_types
     from appended_facts qualify row_number() over (partition by customer_id order by k desc) = 1`,
  );
  await moveTails(w, companyId, '(select $c::uuid as company_id, * from new_tails)');
  for (const t of ['appended_facts', 'appended_asks', 'appended_replies', 'answered', 'new_tails'])
    await w.run(`drop table ${t}`);
}
