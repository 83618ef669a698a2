/**
 * Sequence facts: what each event's place in its customer's sequence says — its previous events
 * (instants and types, up to four back) and, for an inbound event, its first reply. Journeys,
 * interaction gaps and response times need them, and computing them per request means sorting the
 * period by customer and time (a window pass or an ASOF join: hundreds of ms for a 90-day window
 * at 10M events, the floor of those KPIs). They change only when the customer's own events change,
 * so the writer keeps them: for the whole company while it loads (load-company.ts), and for each
 * applied batch around each changed instant (the few events after it, the replies it can change),
 * in the same transaction as the rows and the watermark (apply-changes.ts).
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
 * stored reply. `carried`: columns of `src` passed through to the result as they are.
 */
function factsSql(src: string, carried: string[] = []): string {
  const lag = (column: string, n: number) => `lag(${column}, ${n}) over w`;
  const kept = (c: string) => `case when s.tail then p.${c} else s.${c} end as ${c}`;
  return `
    select s.id, s.tail, ${carried.map((c) => `s.${c}, `).join('')}${['type_code', 'prev_us', 'prev2_us', 'prev3_us', 'prev4_us', 'prev_types'].map(kept).join(', ')},
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
 * company at once. The rows go in in the stage's order, which the load fills in (ts_us, id) order,
 * so the table stays clustered by time (zone maps prune periods): the facts, sorted by their row's
 * position in the stage, are paired with the staged rows by a positional join. (Sorting the joined
 * rows, every column wide, took DuckDB ~700 MB past its memory limit at 10M events.) Runs on the
 * writer, inside the caller's transaction.
 */
export async function insertWithFacts(w: DuckDBConnection, staged: string): Promise<void> {
  await w.run(
    `create or replace temp table load_src as
     select rowid as pos, id, customer_id, ts_us, event_type, direction, thread_id, user_id,
       ${FACT_COLUMNS.map((c) => `null::${c === 'reply_user_id' ? 'uuid' : 'bigint'} as ${c}`).join(', ')},
       true as win, true as tail, direction = 'inbound' as ask, direction = 'outbound' as candidate
     from ${staged}`,
  );
  await w.run(
    `create or replace temp table load_facts as select * from (${factsSql('load_src', ['pos'])}) order by pos`,
    CODES,
    CODE_TYPES,
  );
  // Every staged row has its facts, in the same position (the check costs a comparison per row).
  await w.run(
    `insert into events by name
     select s.* exclude (${FACT_COLUMNS.join(', ')}), f.* exclude (id, tail, pos)
     from ${staged} s positional join load_facts f
     where case when s.id = f.id then true else error('sequence facts out of step with the staged rows') end`,
  );
  await w.run('drop table load_src');
  await w.run('drop table load_facts');
}

/** Below every instant: a stored 4th previous event that is missing (fewer than 4 before it). */
const NO_INSTANT = '(-9223372036854775807)::bigint';

/**
 * After a batch: `removed` (customer_id, ts_us of the old versions of the changed events, already
 * deleted from events), `old` and `same` (the old versions; those put back unmoved), and
 * `incoming` (their current live versions, events' shape, facts unset, not in events yet). Each
 * changed instant is a change point of its customer. An event's positional facts depend on its 4
 * previous events only, so they change only where a point lies between its stored 4th previous
 * event and itself: a few events after each point, wherever the points fall in a customer's
 * history. Their window's context is the 4 events before each point, whose instants the first
 * event at or after the point stores. A first reply changes only for an inbound event whose reply
 * left (a removed event at its instant) or that an incoming outbound event answers first; its new
 * reply is an incoming outbound event or the first outbound event at or after the old reply. So a
 * batch costs its points' neighbourhoods, not the histories between them (1,000 deletes spread
 * over a customer of 585k events recomputed most of it: 17 s of CPU at 10M events). Existing rows
 * are updated only where a fact differs; the incoming rows are inserted with theirs. Leaves
 * `apply_touched`, `apply_src` and `apply_facts` for refreshTouchedTails. Runs on the writer,
 * inside the caller's transaction.
 */
export async function applyWithFacts(w: DuckDBConnection, companyId: string): Promise<void> {
  const ident = 'id, customer_id, ts_us, event_type, direction, thread_id, user_id';
  const cols = `${ident}, ${FACT_COLUMNS.join(', ')}`;
  const c = { c: companyId };
  await w.run(
    `create or replace temp table apply_points as
     select customer_id, ts_us from removed union select customer_id, ts_us from incoming`,
  );
  await w.run('create or replace temp table apply_touched as select distinct customer_id from apply_points');
  const [from = null] = await bigints(w, 'select min(ts_us) from apply_points');
  // Rows whose positional facts are recomputed: a point between the stored 4th previous event and
  // the event itself (inclusive: ties at an instant are recomputed, which costs nothing wrong). A
  // hash join on the customer with the interval as its residual (no OR in the condition: with
  // one, DuckDB's join is no hash join).
  await w.run(
    `create or replace temp table apply_tail as
     select ${cols} from events e semi join apply_points p
       on p.customer_id = e.customer_id and p.ts_us <= e.ts_us and p.ts_us >= coalesce(e.prev4_us, ${NO_INSTANT})
     where e.company_id = $c::uuid and e.ts_us >= $from`,
    { ...c, from: from ?? 0n },
  );
  // Each point's context: the 4 events before it, whose instants the first event at or after it
  // stores (it is a recomputed row, or an old version that left: not one put back unmoved, which
  // is in events), or, with no event after the point, the customer's last 4 (its tail). An
  // equality join on those instants; the earlier events an event removed there hid are the
  // context of that removal's own point.
  await w.run(
    `create or replace temp table apply_context_at as
     select distinct customer_id, unnest(list_filter(instants, x -> x is not null)) as ts_us from (
       select p.customer_id, case when p.f is not null
           then [p.f.prev_us, p.f.prev2_us, p.f.prev3_us, p.f.prev4_us]
           else [t.ts_us, t.prev_us, t.prev2_us, t.prev3_us] end as instants
       from (
         -- Filtered: a point with no event after it gets a key of nulls from the left join, and a
         -- struct of nulls is not null, so arg_min would return its nulls as the first event.
         select p.customer_id, p.ts_us,
           arg_min({'prev_us': f.prev_us, 'prev2_us': f.prev2_us, 'prev3_us': f.prev3_us, 'prev4_us': f.prev4_us},
             {'t': f.ts_us, 'i': f.id}) filter (where f.id is not null) as f
         from apply_points p left join (
           select customer_id, id, ts_us, prev_us, prev2_us, prev3_us, prev4_us from apply_tail
           union all
           select customer_id, id, ts_us, prev_us, prev2_us, prev3_us, prev4_us from old
             where id not in (select id from same)
         ) f on f.customer_id = p.customer_id and f.ts_us >= p.ts_us
         group by p.customer_id, p.ts_us
       ) p left join tails t on t.company_id = $c::uuid and t.customer_id = p.customer_id
     )`,
    c,
  );
  const [lo = null, hi = null] = await bigints(w, 'select min(ts_us), max(ts_us) from apply_context_at');
  await w.run(
    lo === null
      ? `create or replace temp table apply_context as select ${cols} from events limit 0`
      : `create or replace temp table apply_context as
         select ${cols} from events e semi join apply_context_at k on k.customer_id = e.customer_id and k.ts_us = e.ts_us
         where e.company_id = $c::uuid and e.ts_us between $lo and $hi`,
    lo === null ? undefined : { ...c, lo, hi },
  );
  await collectAsks(w, companyId, cols);
  await collectCandidates(w, companyId, cols);
  await w.run(
    `create or replace temp table apply_src as
     with r as (
       select * from apply_tail union select * from apply_context
       union select * from apply_asks union select * from apply_candidates
     )
     select r.*, false as incoming,
       r.id in (select id from apply_tail) as tail,
       r.id in (select id from apply_tail union all select id from apply_context) as win,
       r.id in (select id from apply_asks) as ask,
       r.id in (select id from apply_candidates) as candidate
     from r
     union all by name
     select ${cols}, true as incoming, true as tail, true as win,
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
  for (const t of [
    'apply_points',
    'apply_tail',
    'apply_context_at',
    'apply_context',
    'apply_asks',
    'apply_candidates',
  ])
    await w.run(`drop table ${t}`);
}

/**
 * `apply_asks`: the live inbound events whose first reply can change. Those whose reply left (a
 * removed event at its instant: an equality join), those an incoming outbound event answers
 * before their present reply (after them, no later than it; ties at that instant go by id, so
 * they are asked again and the reply join decides), and the open ones it answers (from
 * open_inbound, as the short path asks them).
 */
async function collectAsks(w: DuckDBConnection, companyId: string, cols: string) {
  const c = { c: companyId };
  const [leftFrom = null] = await bigints(w, 'select min(ts_us) from removed');
  await w.run(
    leftFrom === null
      ? `create or replace temp table apply_asks as select ${cols} from events limit 0`
      : `create or replace temp table apply_asks as
         select ${cols} from events e semi join (select distinct customer_id, ts_us from removed) r
           on r.customer_id = e.customer_id and r.ts_us = e.reply_us
         where e.company_id = $c::uuid and e.direction = 'inbound' and e.reply_us >= $leftFrom`,
    leftFrom === null ? undefined : { ...c, leftFrom },
  );
  const [outFrom = null, outTo = null] = await bigints(
    w,
    `select min(ts_us), max(ts_us) from incoming where direction = 'outbound'`,
  );
  if (outFrom === null || outTo === null) return;
  const bounds = { ...c, outFrom, outTo };
  // Answered before their present reply: an unthreaded one by any outbound event of its customer,
  // a threaded one by one of its thread (two equi-joins, not one with an OR).
  await w.run(
    `insert into apply_asks
     select ${cols} from events e semi join (select customer_id, ts_us from incoming where direction = 'outbound') o
       on o.customer_id = e.customer_id and o.ts_us > e.ts_us and o.ts_us <= e.reply_us
     where e.company_id = $c::uuid and e.direction = 'inbound' and e.thread_id is null
       and e.reply_us >= $outFrom and e.ts_us < $outTo
     union all
     select ${cols} from events e semi join (select customer_id, thread_id, ts_us from incoming where direction = 'outbound') o
       on o.customer_id = e.customer_id and o.thread_id = e.thread_id and o.ts_us > e.ts_us and o.ts_us <= e.reply_us
     where e.company_id = $c::uuid and e.direction = 'inbound' and e.thread_id is not null
       and e.reply_us >= $outFrom and e.ts_us < $outTo`,
    bounds,
  );
  // The open ones it answers: an unthreaded one by any later outbound event of its customer, a
  // threaded one by a later one of its thread (asked only when the batch has such an event).
  const [threaded = 0n] = await bigints(
    w,
    `select count(*) from incoming where direction = 'outbound' and thread_id is not null`,
  );
  const open = (byThread: boolean) => `select o.id, o.ts_us from open_inbound o
       semi join (select customer_id, ${byThread ? 'thread_id, ' : ''}max(ts_us) as last_us from incoming
         where direction = 'outbound' ${byThread ? 'and thread_id is not null' : ''} group by all) i
         on i.customer_id = o.customer_id ${byThread ? 'and i.thread_id = o.thread_id' : ''} and i.last_us > o.ts_us
       where o.company_id = $c::uuid and o.thread_id is ${byThread ? 'not null' : 'null'}`;
  await w.run(
    `create or replace temp table apply_open as ${open(false)}${threaded ? ` union all ${open(true)}` : ''}`,
    c,
  );
  const [lo = null, hi = null] = await bigints(w, 'select min(ts_us), max(ts_us) from apply_open');
  if (lo !== null && hi !== null)
    await w.run(
      `insert into apply_asks
       select ${cols} from events e semi join apply_open q on q.id = e.id and q.ts_us = e.ts_us
       where e.company_id = $c::uuid and e.ts_us between $lo and $hi`,
      { ...c, lo, hi },
    );
  await w.run('drop table apply_open');
}

/**
 * `apply_candidates`: the live outbound events an ask's new first reply can be, besides the
 * incoming ones. An ask had no outbound event between itself and its present reply (of its
 * thread, or of its customer when unthreaded), so its new one is the first at or after that
 * reply's instant (the reply itself when it stays); an incoming inbound event's is the first after
 * its own instant. Any live outbound event may be offered (the reply join takes the first after
 * each ask), so the offer is made cheap where it can be: the outbound events at the present
 * replies' instants (an equality join), and every recomputed outbound row. After a change point,
 * the recomputed rows are the events that follow it, contiguous, so the first outbound one among
 * them is the first after the point. Only the instants neither answers are looked up further, by
 * an ASOF join over the customer's (or the thread's) later outbound events. (Offering every later
 * outbound event of a touched customer made the reply join sort a busy customer's history.)
 */
async function collectCandidates(w: DuckDBConnection, companyId: string, cols: string) {
  const c = { c: companyId };
  // The instants to look after: a present reply's, inclusive (`incl`); an incoming inbound event's, not.
  await w.run(
    `create or replace temp table apply_keys as
     select k.*, exists (select 1 from apply_points p where p.customer_id = k.customer_id and p.ts_us = k.t) as point
     from (
       select distinct customer_id, thread_id, reply_us as t, true as incl from apply_asks where reply_us is not null
       union
       select customer_id, thread_id, ts_us, false from incoming where direction = 'inbound'
     ) k`,
  );
  const [lo = null, hi = null] = await bigints(w, 'select min(t), max(t) from apply_keys where incl');
  await w.run(
    `create or replace temp table apply_candidates as
     select * from apply_tail where direction = 'outbound'
     ${
       lo === null
         ? ''
         : `union
     select ${cols} from events e semi join (select customer_id, t from apply_keys where incl) k
       on k.customer_id = e.customer_id and k.t = e.ts_us
     where e.company_id = $c::uuid and e.direction = 'outbound' and e.ts_us between $lo and $hi`
     }`,
    lo === null ? undefined : { ...c, lo, hi },
  );
  // The instants answered: by an outbound event at the instant itself (for `incl`), or by a
  // recomputed outbound row after a change point and within its recomputed rows (its 4th previous
  // event not after the point). A threaded instant only by its thread's. (Equi-joins, no OR.)
  const proved = (threaded: boolean) => {
    const thread = threaded ? 'and e.thread_id = k.thread_id' : '';
    const keys = `(select * from apply_keys where thread_id is ${threaded ? 'not null' : 'null'})`;
    return `select k.* from ${keys} k semi join apply_candidates e
        on e.customer_id = k.customer_id ${thread} and e.ts_us = k.t where k.incl
      union
      select k.* from ${keys} k semi join (select * from apply_tail where direction = 'outbound') e
        on e.customer_id = k.customer_id ${thread} and e.ts_us > k.t - k.incl::int
        and coalesce(e.prev4_us, ${NO_INSTANT}) <= k.t
      where k.point`;
  };
  await w.run(
    `create or replace temp table apply_unanswered as
     select * from apply_keys except select * from (${proved(false)} union ${proved(true)})`,
  );
  const [from = null] = await bigints(w, 'select min(t) from apply_unanswered');
  if (from !== null) {
    const next = (threaded: boolean) => {
      const by = threaded ? 'customer_id, thread_id' : 'customer_id';
      const thread = threaded ? 'and u.thread_id = e.thread_id' : '';
      return `select e.* exclude (k)
       from (select customer_id, thread_id, {'t': t - incl::int, 'i': ${LAST_ID}} as k from apply_unanswered
         where thread_id is ${threaded ? 'not null' : 'null'}) k
       asof join (select ${cols}, {'t': ts_us, 'i': id} as k from events e
         semi join (select distinct ${by} from apply_unanswered where thread_id is ${threaded ? 'not null' : 'null'}) u
           on u.customer_id = e.customer_id ${thread}
         where e.company_id = $c::uuid and e.direction = 'outbound' and e.ts_us >= $from) e
       on e.customer_id = k.customer_id ${threaded ? 'and e.thread_id = k.thread_id' : ''} and k.k < e.k`;
    };
    await w.run(`insert into apply_candidates ${next(false)} union ${next(true)}`, { ...c, from });
  }
  await w.run('drop table apply_keys');
  await w.run('drop table apply_unanswered');
}

/** The first row of a query whose columns are bigints (each null when none). */
async function bigints(w: DuckDBConnection, query: string): Promise<Array<bigint | null>> {
  const r = await w.runAndReadAll(query);
  return (r.getRows()[0] ?? []).map((v) => (v as bigint | null | undefined) ?? null);
}
