/**
 * KPI 6b, journeys across customers: each customer's touchpoints in the period (matching the filters)
 * form a sequence of activity types, ordered by (event_timestamp, id). From it come the most frequent
 * paths (runs of 2–5 consecutive types) and the transition matrix type → next type (Sankey data).
 */
import { sql } from 'kysely';
import type { Scope } from '../../db/scope.js';
import { EVENT_TYPES } from '../../events/catalogue.js';
import type { ResolvedParams } from '../params.js';
import { periodEvents } from './period-events.js';

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

/**
 * Paths and transitions from one window pass over the period: a transition is a run of length 2,
 * so both come from the same materialized sequence (with the minutes to the next touchpoint).
 * Paths: the top `limit` per length in [minLength, maxLength], by occurrences, ties by path (byte
 * order), so the answer is deterministic. Transitions: every observed type → next type of the same
 * customer, with count and median minutes, most frequent first.
 */
export async function getJourneySequences(
  scope: Scope,
  params: ResolvedParams,
  opts: { minLength?: number; maxLength?: number; limit?: number } = {},
): Promise<{ paths: PathRow[]; transitions: TransitionRow[] }> {
  const { minLength = 2, maxLength = 5, limit = 20 } = opts;
  const ev = periodEvents(scope, params).select([
    'e.customer_id',
    sql<number>`array_position(${CODES}::text[], e.event_type)`.as('c'),
    'e.event_timestamp',
    'e.id',
  ]);
  // Each run is an integer, one base-16 digit per type (codes 1–11, by name): grouping a million
  // integers is several times cheaper than a million concatenated strings. Names sort bytewise and
  // none is a prefix of another, so among runs of one length the code order is the path order.
  const rows = await sql<{
    kind: 'path' | 'transition';
    length: number;
    code: number;
    occurrences: number;
    customers: number | null;
    median: number | null;
  }>`
    with seq as materialized (
      select customer_id, c0 * 16 + c1 as k2, (c0 * 16 + c1) * 16 + c2 as k3,
        ((c0 * 16 + c1) * 16 + c2) * 16 + c3 as k4, (((c0 * 16 + c1) * 16 + c2) * 16 + c3) * 16 + c4 as k5,
        gap_minutes
      from (
        select customer_id, c as c0,
          lead(c, 1) over w as c1, lead(c, 2) over w as c2, lead(c, 3) over w as c3, lead(c, 4) over w as c4,
          extract(epoch from (lead(event_timestamp, 1) over w - event_timestamp))::float8 / 60 as gap_minutes
        from (${ev}) ev
        window w as (partition by customer_id order by event_timestamp, id)
      ) x
    ),
    -- One pass, four hash tables (one per run length; a run too long for its sequence is null).
    counted as (
      select case grouping(k2, k3, k4, k5) when 7 then 2 when 11 then 3 when 13 then 4 else 5 end as len,
        coalesce(k2, k3, k4, k5) as code, count(*)::int as occurrences
      from seq group by grouping sets ((k2), (k3), (k4), (k5))
    ),
    top as (
      select len, code, occurrences from (
        select c.*, row_number() over (partition by len order by occurrences desc, code) as rn
        from counted c
        where c.code is not null and c.len between ${minLength}::int and ${maxLength}::int
      ) r where rn <= ${limit}::int
    ),
    -- Distinct customers only for the runs shown (counting them for every run was most of the cost).
    hits as (
      select t.len, t.code, s.customer_id from top t join seq s on t.len = 2 and s.k2 = t.code
      union all select t.len, t.code, s.customer_id from top t join seq s on t.len = 3 and s.k3 = t.code
      union all select t.len, t.code, s.customer_id from top t join seq s on t.len = 4 and s.k4 = t.code
      union all select t.len, t.code, s.customer_id from top t join seq s on t.len = 5 and s.k5 = t.code
    ),
    customers as (
      select len, code, count(distinct customer_id)::int as customers from hits group by len, code
    )
    select 'path' as kind, t.len as length, t.code, t.occurrences, c.customers, null::float8 as median
    from top t join customers c on c.len = t.len and c.code = t.code
    union all
    select 'transition', 2, k2, count(*)::int, null,
      percentile_cont(0.5) within group (order by gap_minutes)
    from seq where k2 is not null group by k2
  `.execute(scope.db);
  const byCount = (a: { occurrences: number; code: number }, b: { occurrences: number; code: number }) =>
    b.occurrences - a.occurrences || Number(a.code) - Number(b.code);
  const paths = rows.rows
    .filter((r) => r.kind === 'path')
    .sort((a, b) => a.length - b.length || byCount(a, b))
    .map((r) => ({
      length: r.length,
      path: decode(Number(r.code), r.length),
      occurrences: r.occurrences,
      customers: Number(r.customers),
    }));
  // Codes of one length sort as their paths do (byte order of the names): the old "from, to" order.
  const transitions = rows.rows
    .filter((r) => r.kind === 'transition')
    .sort(byCount)
    .map((r) => {
      const [from = '', to = ''] = decode(Number(r.code), 2);
      return { from, to, count: r.occurrences, median_minutes: Number(r.median) };
    });
  return { paths, transitions };
}

/** Event types by name (bytewise); a type's code is its 1-based position here. */
const CODES = [...EVENT_TYPES].sort();

function decode(code: number, length: number): string[] {
  const path: string[] = [];
  for (let i = length - 1; i >= 0; i--) path.push(CODES[((code >> (4 * i)) & 15) - 1] as string);
  return path;
}
