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
 * `tail` (positional facts recomputed), `ask` (an inbound whose reply is recomputed), `candidate`
 * (an outbound event that may be an ask's first reply). Rows neither tail nor ask are context only;
 * an ask row that is not tail keeps its stored positional facts, a tail row that is not ask its
 * stored reply.
 */
function factsSql(src: string): string {
  const lag = (column: string, n: number) => `lag(${column}, ${n}) over w`;
  const kept = (c: string) => `case when s.tail then p.${c} else s.${c} end as ${c}`;
  return `
    select s.id, s.tail, ${['type_code', 'prev_us', 'prev2_us', 'prev3_us', 'prev4_us', 'prev_types'].map(kept).join(', ')},
      ${['reply_us', 'reply_user_id'].map((c) => `case when s.ask then r.${c} else s.${c} end as ${c}`).join(', ')}
    from ${src} s
    left join (
      select id, c as type_code,
        ${[1, 2, 3, 4].map((n) => `${lag('ts_us', n)} as prev${n === 1 ? '' : n}_us`).join(', ')},
        ${[1, 2, 3, 4].map((n) => `coalesce(${lag('c', n)}, 0)::int * ${16 ** (n - 1)}`).join(' + ')} as prev_types
      from (select id, customer_id, ts_us, list_position($codes::varchar[], event_type)::utinyint as c
        from ${src} where win) e
      window w as (partition by customer_id order by ts_us, id)
    ) p using (id)
    left join (${firstRepliesSql(`(select * from ${src} where ask)`, `(select * from ${src} where candidate)`)}) r using (id)
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
       true as win, true as tail, direction = 'inbound' as ask, direction = 'outbound' as candidate
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
 * in events yet). An event's positional facts depend on its 4 previous events only, so for each
 * touched customer, with the batch's changes between `from_us` and `to_us`, only the events from
 * `from_us` on whose 4th previous event (as stored) is at or before `to_us` can change: a delete or
 * a move costs the few events after it, not the customer's history. A first reply changes only for
 * an inbound event whose reply left (a removed event at its instant) or that an incoming outbound
 * event answers first. Existing rows are updated only where a fact differs; the incoming rows are
 * inserted with theirs. Runs on the writer, inside the caller's transaction.
 */
export async function applyWithFacts(w: DuckDBConnection, companyId: string): Promise<bigint | null> {
  const ident = 'id, customer_id, ts_us, event_type, direction, thread_id, user_id';
  const c = { c: companyId };
  await w.run(
    `create or replace temp table apply_touched as
     select customer_id, min(ts_us) as from_us, max(ts_us) as to_us, bool_or(outbound) as outbound from (
       select customer_id, ts_us, false as outbound from removed
       union all select customer_id, ts_us, direction = 'outbound' from incoming
     ) group by customer_id`,
  );
  // The touched customers' events that can be anything below: those from the first change on, and
  // earlier inbound ones whose reply is at or after it, or missing when an incoming outbound event
  // answers them. Three reads, each bounded by a constant the scan can prune row groups with (events
  // are clustered by time, and replies follow their asks): one pass over the company's events with
  // the three conditions OR-ed read every row group, 755 ms per batch at 10M. The open ones come from
  // open_inbound, asked like the short path does (sequence-tails.ts). (Correlated EXISTS subqueries
  // were decorrelated into joins over the whole events table: 14 s for 1,000 deletes at 10M events.)
  const [from = null] = await bigints(w, 'select min(from_us) from apply_touched');
  const cols = `${ident}, ${FACT_COLUMNS.join(', ')}, t.from_us, t.to_us`;
  await w.run(
    `create or replace temp table apply_events as
     select ${cols} from events e join apply_touched t using (customer_id)
     where e.company_id = $c::uuid and e.ts_us >= $from and e.ts_us >= t.from_us
     union all
     select ${cols} from events e join apply_touched t using (customer_id)
     where e.company_id = $c::uuid and e.direction = 'inbound' and e.reply_us >= $from
       and e.ts_us < t.from_us and e.reply_us >= t.from_us`,
    { ...c, from: from ?? 0n },
  );
  // Only the kinds of open events the batch's outbound events can answer are looked up (each a read
  // of open_inbound, 2.5M rows at 10M events): unthreaded ones by customer, threaded by thread.
  const kinds = (
    await w.runAndReadAll(
      `select count(*) filter (where thread_id is null) as plain, count(*) filter (where thread_id is not null) as threaded
       from incoming where direction = 'outbound'`,
    )
  ).getRowObjects()[0] as { plain: bigint; threaded: bigint };
  const asked = (
    threaded: boolean,
  ) => `select o.id, o.ts_us from open_inbound o join apply_touched t using (customer_id)
       semi join (select customer_id, ${threaded ? 'thread_id, ' : ''}max(ts_us) as last_us from incoming
         where direction = 'outbound' and thread_id is ${threaded ? 'not null' : 'null'} group by all) i
         on i.customer_id = o.customer_id ${threaded ? 'and i.thread_id = o.thread_id' : ''} and i.last_us > o.ts_us
       where o.company_id = $c::uuid and o.thread_id is ${threaded ? 'not null' : 'null'} and o.ts_us < t.from_us`;
  const parts = [...(kinds.plain > 0n ? [asked(false)] : []), ...(kinds.threaded > 0n ? [asked(true)] : [])];
  await w.run(
    `create or replace temp table apply_open as ${
      parts.length ? parts.join(' union all ') : 'select id, ts_us from open_inbound limit 0'
    }`,
    parts.length ? c : undefined,
  );
  const [lo = null, hi = null] = await bigints(w, 'select min(ts_us), max(ts_us) from apply_open');
  if (lo !== null && hi !== null)
    await w.run(
      `insert into apply_events
       select ${cols} from events e join apply_touched t using (customer_id)
         semi join apply_open q on q.id = e.id and q.ts_us = e.ts_us
       where e.company_id = $c::uuid and e.ts_us between $lo and $hi`,
      { ...c, lo, hi },
    );
  // How far back each customer's sequence can matter: the first event at or after its first change,
  // in the sequence as it was (its old version when it left), stores the instants of its 4 previous
  // events, which are the window's context (all before the change). So the context, the tail and
  // the open inbound events to rewrite lie at or after that 4th previous instant (`floor_us`), and
  // not the customer's whole history: a new event before a few scheduled (future) ones is the
  // common case this path takes, and ordering all of a busy customer's events cost 2.6 s per
  // 5,000 changes at 10M events. (null floor: no bound.)
  await w.run(
    `create or replace temp table apply_bounds as
     select t.customer_id, t.from_us, f.floor_us from apply_touched t left join (
       select customer_id,
         arg_min(coalesce(prev4_us, prev3_us, prev2_us, prev_us, from_us), {'t': ts_us, 'i': id}) as floor_us
       from (
         select customer_id, id, ts_us, prev_us, prev2_us, prev3_us, prev4_us, from_us
           from apply_events where ts_us >= from_us
         union all
         -- The old versions that left (not those put back unmoved: they may lie before the change).
         select o.customer_id, o.id, o.ts_us, o.prev_us, o.prev2_us, o.prev3_us, o.prev4_us, t.from_us
           from old o join apply_touched t using (customer_id) where o.id not in (select id from same)
       ) group by customer_id
     ) f using (customer_id)`,
  );
  // The lowest floor, or none when a customer has no floor.
  const [floor = null] = await bigints(
    w,
    'select case when bool_or(floor_us is null) then null else min(floor_us) end from apply_bounds',
  );
  // The window's context: each customer's last 4 events before its first change. The company-wide
  // lowest floor is a constant, so the scan skips the row groups before it (events are clustered by
  // time); the customer's own floor trims what the window orders.
  await w.run(
    `create or replace temp table apply_context as
     select ${ident}, ${FACT_COLUMNS.join(', ')}, t.from_us, t.to_us
     from events e join apply_touched t using (customer_id) join apply_bounds b using (customer_id)
     where e.company_id = $c::uuid and e.ts_us < t.from_us ${floor === null ? '' : 'and e.ts_us >= $floor'}
       and (b.floor_us is null or e.ts_us >= b.floor_us)
     qualify row_number() over (partition by e.customer_id order by e.ts_us desc, e.id desc) <= 4`,
    floor === null ? c : { ...c, floor },
  );
  // Inbound events an incoming outbound event answers first: it falls after them and no later than
  // their present reply (ties at that instant go by id: asked again, decided by the reply join).
  await w.run(
    `create or replace temp table apply_answered as
     select distinct e.id from apply_events e join incoming o on o.customer_id = e.customer_id
     where e.direction = 'inbound' and o.direction = 'outbound'
       and (e.thread_id is null or o.thread_id = e.thread_id)
       and o.ts_us > e.ts_us and (e.reply_us is null or o.ts_us <= e.reply_us)`,
  );
  // The outbound events an ask's new first reply can be: every ask lies at or before the batch's
  // last change (to_us) and has no outbound event between itself and the first change, so its
  // first reply is an outbound event up to to_us or the first one after it (of the customer, or of
  // its thread). Offering every later outbound event of the customer instead made the reply join
  // sort a busy customer's history: most of 17 s for 1,000 deletes at 10M events.
  await w.run(
    `create or replace temp table apply_next as
     select arg_min(id, {'t': ts_us, 'i': id}) as id from apply_events
       where direction = 'outbound' and ts_us > to_us group by customer_id
     union
     select arg_min(id, {'t': ts_us, 'i': id}) from apply_events
       where direction = 'outbound' and ts_us > to_us and thread_id is not null group by customer_id, thread_id`,
  );
  await w.run(
    `create or replace temp table apply_src as
     with x as (
       select e.* exclude (from_us, to_us), false as incoming,
         e.ts_us >= e.from_us and (e.prev4_us is null or e.prev4_us <= e.to_us) as tail,
         k.id is not null as context,
         -- Its reply left (a removed event at its instant), or an incoming event answers it first.
         e.direction = 'inbound' and (l.customer_id is not null or a.id is not null) as ask,
         e.direction = 'outbound' and e.ts_us >= e.from_us and (e.ts_us <= e.to_us or n.id is not null)
           as candidate
       from (select * from apply_events
         union all select * from apply_context where id not in (select id from apply_events)) e
       left join apply_context k on k.id = e.id
       left join apply_next n on n.id = e.id
       left join apply_answered a on a.id = e.id
       left join (select distinct customer_id, ts_us from removed) l
         on l.customer_id = e.customer_id and l.ts_us = e.reply_us
     )
     select * exclude (context), tail or context as win from x where tail or context or ask or candidate
     union all by name
     select ${ident}, ${FACT_COLUMNS.join(', ')}, true as incoming, true as tail, true as win,
       direction = 'inbound' as ask, direction = 'outbound' as candidate
     from incoming`,
  );
  await w.run(`create or replace temp table apply_facts as ${factsSql('apply_src')}`, CODES, CODE_TYPES);
  const differs = FACT_COLUMNS.map((col) => `s.${col} is distinct from f.${col}`).join(' or ');
  // The instant narrows the update's scan to the row groups that can hold the rows (the table is
  // clustered by time).
  await w.run(
    `update events set ${FACT_COLUMNS.map((col) => `${col} = f.${col}`).join(', ')}
     from (select f.*, s.ts_us from apply_facts f join apply_src s using (id)
       where not s.incoming and (${differs})) f
     where events.company_id = $c::uuid and events.ts_us = f.ts_us and events.id = f.id`,
    c,
  );
  await w.run(
    `insert into events by name
     select i.* exclude (${FACT_COLUMNS.join(', ')}), f.* exclude (id, tail)
     from incoming i join apply_facts f using (id) order by i.ts_us, i.id`,
  );
  // apply_bounds, apply_src and apply_facts stay for refreshTouchedTails (sequence-tails.ts), which
  // takes the lowest floor returned here.
  for (const t of [
    'apply_touched',
    'apply_events',
    'apply_open',
    'apply_context',
    'apply_answered',
    'apply_next',
  ])
    await w.run(`drop table ${t}`);
  return floor;
}

/** The first row of a query whose columns are bigints (each null when none). */
async function bigints(w: DuckDBConnection, query: string): Promise<Array<bigint | null>> {
  const r = await w.runAndReadAll(query);
  return (r.getRows()[0] ?? []).map((v) => (v as bigint | null | undefined) ?? null);
}
