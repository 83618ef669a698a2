/**
 * Sequence facts: what each event's place in its customer's sequence says — its previous events
 * (instants and types, up to four back) and, for an inbound event, its first reply. Journeys,
 * interaction gaps and response times need them, and computing them per request means sorting the
 * period by customer and time (a window pass or an ASOF join: hundreds of ms for a 90-day window
 * at 10M events, the floor of those KPIs). They change only when the customer's own events change,
 * so the writer keeps them: for the whole company while it loads (load-company.ts), and for each
 * applied batch from the earliest changed instant of each touched customer onward, in the same
 * transaction as the rows and the watermark (apply-changes.ts).
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

/** The events table's fact columns (schema.ts), in table order. */
export const FACT_COLUMNS = [
  'pos',
  'type_code',
  'prev_us',
  'prev2_us',
  'prev3_us',
  'prev4_us',
  'prev_types',
  'reply_us',
  'reply_user_id',
] as const;

/** The greatest uuid: an inbound event's ASOF key sorts after every outbound event of its instant. */
const LAST_ID = "'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid";
export const CODES = { codes: listValue(TYPE_CODES) };
export const CODE_TYPES = { codes: LIST(VARCHAR) };

/**
 * The facts of the rows of `src` that need them, one set-based statement. `src` has the events'
 * identity columns (id, customer_id, ts_us, event_type, direction, thread_id, user_id), their stored
 * facts, and: `win` (in the window pass: the rows recomputed and the up to 4 rows before them),
 * `base` (the customer's earlier events left out of the window pass: added to row_number), `tail`
 * (positional facts recomputed; the outbound ones are the reply candidates), `ask` (an inbound
 * whose reply is recomputed). Rows neither tail nor ask are context only; an ask row that is not
 * tail keeps its stored positional facts.
 */
function factsSql(src: string): string {
  const lag = (column: string, n: number) => `lag(${column}, ${n}) over w`;
  const kept = (c: string) => `case when s.tail then p.${c} else s.${c} end as ${c}`;
  return `
    select s.id, s.tail, ${['pos', 'type_code', 'prev_us', 'prev2_us', 'prev3_us', 'prev4_us', 'prev_types'].map(kept).join(', ')},
      r.reply_us, r.reply_user_id
    from ${src} s
    left join (
      select id, base + row_number() over w as pos, c as type_code,
        ${[1, 2, 3, 4].map((n) => `${lag('ts_us', n)} as prev${n === 1 ? '' : n}_us`).join(', ')},
        ${[1, 2, 3, 4].map((n) => `coalesce(${lag('c', n)}, 0)::int * ${16 ** (n - 1)}`).join(' + ')} as prev_types
      from (select id, customer_id, ts_us, base, list_position($codes::varchar[], event_type)::utinyint as c
        from ${src} where win) e
      window w as (partition by customer_id order by ts_us, id)
    ) p using (id)
    left join (${firstRepliesSql(`(select * from ${src} where ask)`, `(select * from ${src} where tail and direction = 'outbound')`)}) r using (id)
    where s.tail or s.ask`;
}

/**
 * The first replies (id, reply_us, reply_user_id; null when none) of the inbound events `asks`
 * (id, customer_id, thread_id, ts_us) among the outbound events `candidates` (id, customer_id,
 * thread_id, ts_us, user_id): one ASOF join for unthreaded asks (any later outbound event of the
 * customer) and one for threaded ones (a later one of the same thread).
 */
export function firstRepliesSql(asks: string, candidates: string): string {
  const asked = (threaded: boolean) => `(select id, customer_id, thread_id, {'t': ts_us, 'i': ${LAST_ID}} as k
      from ${asks} a where thread_id is ${threaded ? 'not null' : 'null'})`;
  const replies = (
    threaded: boolean,
  ) => `(select customer_id, thread_id, ts_us, user_id, {'t': ts_us, 'i': id} as k
      from ${candidates} c ${threaded ? 'where thread_id is not null' : ''})`;
  return `select i.id, r.ts_us as reply_us, r.user_id as reply_user_id from ${asked(false)} i
      asof left join ${replies(false)} r on r.customer_id = i.customer_id and i.k < r.k
    union all
    select i.id, r.ts_us, r.user_id from ${asked(true)} i
      asof left join ${replies(true)} r
      on r.customer_id = i.customer_id and r.thread_id = i.thread_id and i.k < r.k`;
}

/**
 * The load's one pass: moves the staged rows (`staged`, the events table's shape, facts unset) into
 * events with every customer's facts computed by window functions and ASOF joins over the whole
 * company at once, in (ts_us, id) order so the table stays clustered by time (zone maps prune
 * periods). Runs on the writer, inside the caller's transaction.
 */
export async function insertWithFacts(w: DuckDBConnection, staged: string): Promise<void> {
  await w.run(
    `create or replace temp table load_src as
     select id, customer_id, ts_us, event_type, direction, thread_id, user_id,
       ${FACT_COLUMNS.map((c) => `null::${c === 'reply_user_id' ? 'uuid' : 'bigint'} as ${c}`).join(', ')},
       true as win, 0 as base, true as tail, direction = 'inbound' as ask
     from ${staged}`,
  );
  await w.run(`create or replace temp table load_facts as ${factsSql('load_src')}`, CODES, CODE_TYPES);
  await w.run(
    `insert into events by name
     select s.* exclude (${FACT_COLUMNS.join(', ')}), f.* exclude (id, tail)
     from ${staged} s join load_facts f using (id) order by s.ts_us, s.id`,
  );
  await w.run('drop table load_src');
  await w.run('drop table load_facts');
}

/**
 * After a batch: `removed` (customer_id, ts_us of the old versions of the changed events, already
 * deleted from events) and `incoming` (their current live versions, events' shape, facts unset, not
 * in events yet). For each touched customer only the events from the earliest changed instant on
 * get new positional facts (earlier ones cannot change: they depend on earlier events only), plus
 * the earlier inbound events whose reply may now be another (none yet, or one at or after that
 * instant). Existing rows are updated only where a fact differs; the incoming rows are inserted
 * with theirs. Runs on the writer, inside the caller's transaction.
 */
export async function applyWithFacts(w: DuckDBConnection, companyId: string): Promise<void> {
  const ident = 'id, customer_id, ts_us, event_type, direction, thread_id, user_id';
  // Only the rows the facts need are kept: those at or after the earliest change, the 4 before
  // them (the window's context) and the earlier inbound events whose reply may change (one at or
  // after the change, or none yet and an incoming outbound event could be it). The
  // customers' whole histories are scanned (two narrow columnar passes), never materialized: a
  // batch's cost stays near its size, not the touched customers' history (a 5,000-change batch
  // touches most customers of a 10M-event company).
  await w.run(
    `create or replace temp table apply_src as
     with t as (
       select customer_id, min(ts_us) as from_us from (
         select customer_id, ts_us from removed union all select customer_id, ts_us from incoming
       ) group by customer_id
     ),
     -- Events before the earliest change: unchanged, numbered 1 … before.
     b as (
       select t.customer_id, t.from_us, count(e.id) as before
       from t left join (select customer_id, ts_us, id from events where company_id = $c::uuid) e
         on e.customer_id = t.customer_id and e.ts_us < t.from_us
       group by t.customer_id, t.from_us
     ),
     x as (
       select ${ident}, ${FACT_COLUMNS.join(', ')}, b.from_us, b.before, false as incoming
         from events e join b using (customer_id)
         where e.company_id = $c::uuid and (e.ts_us >= b.from_us or e.pos > b.before - 4
           or (e.direction = 'inbound' and (e.reply_us >= b.from_us or e.reply_us is null and exists (
             -- An earlier inbound without a reply can only get one from an incoming outbound event:
             -- the unchanged ones did not answer it before.
             select 1 from incoming o where o.direction = 'outbound' and o.customer_id = e.customer_id
               and (e.thread_id is null or o.thread_id = e.thread_id)))))
       union all
       select ${ident}, ${FACT_COLUMNS.join(', ')}, b.from_us, b.before, true
         from incoming join b using (customer_id)
     )
     select x.* exclude (before), x.ts_us >= from_us as tail, x.ts_us >= from_us or x.pos > before - 4 as win,
       before - least(before, 4) as base,
       x.direction = 'inbound' and (x.ts_us >= from_us or x.reply_us is null or x.reply_us >= from_us) as ask
     from x`,
    { c: companyId },
  );
  await w.run(`create or replace temp table apply_facts as ${factsSql('apply_src')}`, CODES, CODE_TYPES);
  const differs = FACT_COLUMNS.map((c) => `s.${c} is distinct from f.${c}`).join(' or ');
  await w.run(
    `update events set ${FACT_COLUMNS.map((c) => `${c} = f.${c}`).join(', ')}
     from (select f.* from apply_facts f join apply_src s using (id) where not s.incoming and (${differs})) f
     where events.company_id = $c::uuid and events.id = f.id`,
    { c: companyId },
  );
  await w.run(
    `insert into events by name
     select i.* exclude (${FACT_COLUMNS.join(', ')}), f.* exclude (id, tail)
     from incoming i join apply_facts f using (id) order by i.ts_us, i.id`,
  );
  await w.run('drop table apply_src');
  await w.run('drop table apply_facts');
}
