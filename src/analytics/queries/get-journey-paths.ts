/**
 * KPI 6b, journeys across customers: each customer's touchpoints in the period (matching the filters)
 * form a sequence of activity types, ordered by (time, id). From it come the most frequent paths
 * (runs of 2–5 consecutive types), the transition matrix type → next type (Sankey data) and the
 * first/last touch before an outcome, all from one sort of the period's events.
 */
import type { Scope } from '../../db/scope.js';
import type { ResolvedParams } from '../params.js';
import { eventConditions, wholeSequences } from '../replica/event-filters.js';
import { queryReplica } from '../replica/query.js';
import { TYPE_CODES } from '../replica/sequence-facts.js';
import type { SqlParams } from '../replica/sql-params.js';
import { type Attribution, attributionSql, presentAttribution } from './get-touch-attribution.js';
import { keptJourneySql } from './journey-kept-sql.js';

export interface PathRow {
  length: number;
  /** Activity types in order, e.g. ["email", "call", "meeting"]. */
  path: string[];
  /** Times the run occurs (a customer can contribute several). */
  occurrences: number;
  /** Distinct customers whose sequence contains the run. */
  customers: number;
}

export interface TransitionRow {
  from: string;
  to: string;
  count: number;
  /** Median minutes between the two touchpoints. */
  median_minutes: number;
}

export interface JourneyOptions {
  minLength?: number;
  maxLength?: number;
  /** Paths returned per length. */
  limit?: number;
  /** Outcome of the first/last-touch attribution. */
  outcome?: string;
  /**
   * How the sort tells customers apart: a 64-bit hash of the id (default, fast), or the id itself
   * (what two customers sharing a hash fall back to; tests check both agree).
   */
  customerKey?: CustomerKey;
  /**
   * 'kept' (default): read the sequence facts the replica keeps (journey-kept-sql.ts) when the
   * selection keeps customers' sequences whole; 'computed': sort the period per request (what
   * other filters need; tests check both agree).
   */
  sequences?: 'kept' | 'computed';
}

export interface JourneySequences {
  paths: PathRow[];
  transitions: TransitionRow[];
  attribution: Attribution;
}

/** One result row; `code` is a run of types (see journeySql), or first·16 + last touch for 'touch'. */
export interface SequenceRow {
  kind: 'path' | 'transition' | 'touch' | 'collision';
  code: number;
  n: number;
  customers: number | null;
  median_minutes: number | null;
}

/**
 * Paths: the top `limit` per length in [minLength, maxLength], by occurrences, ties by path (byte
 * order), so the answer is deterministic. Transitions: every observed type → next type of the same
 * customer, with count and median minutes, most frequent first. Attribution: see
 * get-touch-attribution.ts.
 */
export async function getJourneySequences(
  scope: Scope,
  params: ResolvedParams,
  opts: JourneyOptions = {},
): Promise<JourneySequences> {
  const { minLength = 2, maxLength = 5, limit = 20, outcome = 'deal_won', customerKey = 'hash' } = opts;
  const kept = opts.sequences !== 'computed' && wholeSequences(params);
  const read = (key: CustomerKey) =>
    queryReplica<SequenceRow>(scope, async (p) => {
      const where = await eventConditions(scope, params, params.period, p);
      const o = { minLength, maxLength, limit, outcome, customerKey: key };
      return kept ? keptJourneySql(p, where, params.period.from, o) : journeySql(p, where, o);
    });
  let rows = await read(customerKey);
  // Two customers of the period share a 64-bit hash (about 1 in 10^10 for 50k customers): again by id.
  if (rows.some((r) => r.kind === 'collision')) rows = await read('id');
  // SQL orders each kind: by length, then count (descending), then code, which is the path order.
  const paths = rows
    .filter((r) => r.kind === 'path')
    .map((r) => {
      const path = decode(r.code);
      return { length: path.length, path, occurrences: r.n, customers: Number(r.customers) };
    });
  const transitions = rows
    .filter((r) => r.kind === 'transition')
    .map((r) => {
      const [from = '', to = ''] = decode(r.code);
      return { from, to, count: r.n, median_minutes: Number(r.median_minutes) };
    });
  const touches = rows.filter((r) => r.kind === 'touch');
  return { paths, transitions, attribution: presentAttribution(outcome, touches, typeOf) };
}

/**
 * The SQL behind getJourneySequences over the events matching `where` (alias `e`); exported for the
 * benchmark. A run is an integer, one base-16 digit per type code (1–11): grouping integers is
 * several times cheaper than grouping lists or strings, and, as no digit is 0, a code's magnitude
 * tells its length. Each touchpoint keeps g, the run of the next maxLength types starting there,
 * left-aligned (0 digits past the end of the sequence): the run of n types starting there is
 * g >> 4·(maxLength − n) when its last digit is not 0.
 */
export function journeySql(
  p: SqlParams,
  where: string,
  o: Required<Omit<JourneyOptions, 'sequences'>>,
): string {
  const { customerKey, maxLength } = o;
  const next = Array.from({ length: maxLength - 1 }, (_, i) => i + 1); // 1..maxLength-1
  const shown = next.map((i) => i + 1).filter((n) => n >= o.minLength);
  // One select per length shown, or none (no row) when minLength > maxLength.
  const each = (sql: (n: number) => string, none: string) =>
    shown.length ? shown.map(sql).join(' union all ') : `select ${none} where false`;
  const length = lengthOf(maxLength);
  const run = (n: number) => `(g >> ${4 * (maxLength - n)})`;
  const ends = (n: number) => `(${run(n)} & 15) <> 0`; // the sequence has n types from here
  // c1…c4: the types of the next touchpoints (null past the end).
  const g = ['c::int', ...next.map((i) => `coalesce(c${i}, 0)`)].reduce((a, b) => `(${a}) * 16 + ${b}`);
  // One window pass: g, the gap to the next touchpoint, the previous type (0: none).
  const step = (ord: string, window: string, tie: string) => `
      select key, ord, ${g} as g, gap_us, won, pc, tie from (
        select key, ${ord} as ord, c, ${next.map((i) => `lead(c, ${i}) over w as c${i}`).join(', ')},
          lead(ts_us, 1) over w - ts_us as gap_us, won, coalesce(lag(c, 1) over w, 0) as pc, ${tie} as tie
        from ev ${window}
      ) x`;
  return `
    with ev as not materialized (
      select ${customerKey === 'hash' ? 'hash(e.customer_id)' : 'e.customer_id'} as key, e.customer_id, e.id, e.ts_us,
        list_position(${p.texts(CODES)}, e.event_type)::utinyint as c, coalesce(e.outcome = ${p.text(o.outcome)}, false) as won
      from events e where ${where}
    ),
    -- Ordering by (customer, time, id) is most of the cost, and (hash of the customer, time), two
    -- integers, sorts about twice as fast. It orders a customer's touchpoints exactly unless two
    -- share an instant (then id decides): such customers are flagged and sorted again by
    -- (customer, time, id) below. Two customers sharing a hash make the caller read again by id.
    fast as materialized (
      ${step('ts_us', 'window w as (partition by key order by ts_us)', 'lead(ts_us, 1) over w = ts_us')}
    ),
    odd as materialized (select distinct key from fast where tie),
    exact as materialized (
      ${step('row_number() over w', 'where key in (select key from odd) window w as (partition by customer_id order by ts_us, id)', 'false')}
    ),
    -- Each customer's touchpoints; ord orders them (time, or rank where instants tie); c0 is the
    -- touchpoint's type, k2 the pair it starts (null at the end).
    seq as not materialized (
      select *, ${run(1)} as c0, case when ${ends(2)} then ${run(2)} end as k2 from (
        select key, ord, g, gap_us, won, pc from fast where key not in (select key from odd)
        union all select key, ord, g, gap_us, won, pc from exact
      ) s
    ),
    ${PAIRS_SQL},
    longest as materialized (select g, count(*) as n from seq group by g),
    top as (
      ${each((n) => `select * from (select ${run(n)} as code, sum(n) as n from longest where ${ends(n)} group by 1 order by n desc, code limit ${p.int(o.limit)})`, '0 as code, 0 as n')}
    ),
    -- Distinct customers only for the runs shown: for every run it would take a hash table of
    -- (run, customer) pairs as big as the period. A run shown has no 0 digit, so a touchpoint matches
    -- it only where its sequence is that long.
    hits as (
      ${each((n) => `select ${run(n)} as code, key from seq where ${run(n)} in (select code from top)`, '0 as code, 0 as key')}
    ),
    ${attributionSql('select key, arg_min(pc, ord) as last_c from seq where won group by key')}
    select * from (
      ${PATH_ROWS_SQL}
      union all
      select 'transition', code, n, null, median_minutes from pairs
      union all
      select 'touch', code, n, null, null from touches
      ${customerKey === 'hash' ? COLLISION_SQL : ''}
    ) r
    order by kind, ${length}, n desc, code`;
}

/**
 * A 'collision' row when two customers of `ev` share a hash (the caller then reads again by id): one
 * group-by on the hash, not a distinct of the ids and a second one on their hashes.
 */
export const COLLISION_SQL = `union all select 'collision', 0, count(*), null, null
      from ev group by hash(customer_id) having min(customer_id) <> max(customer_id)`;

/** A run's length from its code, in SQL: a run of n types (digits 1–11) lies in [16^(n-1), 16^n). */
export const lengthOf = (max: number) =>
  `(case ${Array.from({ length: max - 1 }, (_, i) => `when code < ${16 ** (i + 1)} then ${i + 1}`).join(' ')} else ${max} end)`;

/**
 * The shown paths with their distinct customers: the (run, customer) pairs of `hits` deduplicated,
 * then counted per run (count(distinct) per run took 1.6 times as long at 10M events).
 */
export const PATH_ROWS_SQL = `select 'path' as kind, code, t.n, c.customers, null as median_minutes
      from top t join (select code, count(*) as customers from (select code, key from hits group by all) group by code) c
        using (code)`;

/** Gap buckets per pair: a gap below 2^63 µs falls in bucket 0–1007 (1/16 octave each). */
const BUCKETS = 1024;

/**
 * Transitions (runs of two) with the exact median gap, without sorting every gap: count gaps per
 * (pair, bucket of 1/16 octave), find the bucket(s) holding the middle rank(s), and count only the
 * gaps in those per value (a few percent of the gaps, or few values). Ranks are 0-based: the middle
 * ones are ⌊(n−1)/2⌋ and ⌊n/2⌋, in one bucket or two consecutive ones. The gaps of the middle buckets
 * are picked by a semi join on one integer key: joined on (pair, bucket), DuckDB spent 0.44 s of the
 * journey's 0.74 s at 10M events in that join.
 */
export const PAIRS_SQL = `
    gaps as not materialized (
      select k2, gap_us, floor(log2(gap_us + 1) * 16)::int as b from seq where k2 is not null
    ),
    buckets as (
      select k2, b, n, sum(n) over (partition by k2 order by b rows unbounded preceding) - n as below,
        sum(n) over (partition by k2) as total
      from (select k2, b, count(*) as n from gaps group by k2, b) c
    ),
    middle as materialized (
      select k2, b, below, total from buckets where (total - 1) // 2 < below + n and total // 2 >= below
    ),
    middle_values as (
      select v.k2, v.gap_us, v.n, m.below + sum(v.n) over (partition by v.k2 order by v.gap_us
          rows unbounded preceding) - v.n as first_rank, m.total
      from (
        select k2, gap_us, count(*) as n from gaps
        where k2 * ${BUCKETS} + b in (select k2 * ${BUCKETS} + b from middle) group by k2, gap_us
      ) v
      join (select k2, min(below) as below, any_value(total) as total from middle group by k2) m using (k2)
    ),
    pairs as materialized (
      select k2 as code, any_value(total) as n, avg(gap_us / 60000000) as median_minutes from middle_values
      where (total - 1) // 2 between first_rank and first_rank + n - 1 or total // 2 between first_rank and first_rank + n - 1
      group by k2
    )`;

export type CustomerKey = 'hash' | 'id';

/** Event types by name (bytewise); a type's code is its 1-based position here. */
const CODES = TYPE_CODES;
const typeOf = (code: number) => CODES[code - 1] as string;

function decode(code: number): string[] {
  const path: string[] = [];
  for (let c = code; c > 0; c >>= 4) path.unshift(typeOf(c & 15));
  return path;
}
