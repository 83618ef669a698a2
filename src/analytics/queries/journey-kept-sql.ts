/**
 * KPI 6b's SQL over the sequence facts the replica keeps (replica/sequence-facts.ts), for a
 * selection that keeps each customer's period events whole (event-filters.ts wholeSequences): the
 * same rows as journeySql, from one scan and group-bys, without sorting the period per request.
 *
 * An event's previous events within the period are those of its kept previous instants at or after
 * the period's start (k of them, at most 4). The runs ending at each touchpoint are the runs
 * starting at each touchpoint of journeySql, counted from the other end: the same multiset.
 */
import type { SqlParams } from '../replica/sql-params.js';
import { type JourneyOptions, lengthOf, PAIRS_SQL, PATH_ROWS_SQL } from './get-journey-paths.js';
import { attributionSql } from './get-touch-attribution.js';

export function keptJourneySql(
  p: SqlParams,
  where: string,
  periodFrom: Date,
  o: Required<Omit<JourneyOptions, 'sequences' | 'customerKey'>>,
): string {
  const { maxLength } = o;
  const from = p.int(periodFrom.getTime() * 1000);
  const shown = Array.from({ length: maxLength - 1 }, (_, i) => i + 2).filter((n) => n >= o.minLength);
  const each = (sql: (n: number) => string, none: string) =>
    shown.length ? shown.map(sql).join(' union all ') : `select ${none} where false`;
  const mask = (n: number) => 16 ** n - 1; // the last n digits of a run: its last n types
  const inPeriod = ['prev_us', 'prev2_us', 'prev3_us', 'prev4_us']
    .map((c) => `coalesce(e.${c} >= ${from}, false)::int`)
    .join(' + ');
  return `
    with ev as not materialized (
      select e.customer_id as key, e.ts_us, e.id,
        e.type_code::int as c0, e.prev_types as pt, e.ts_us - e.prev_us as gap_us,
        coalesce(e.outcome = ${p.text(o.outcome)}, false) as won, ${inPeriod} as k
      from events e where ${where}
    ),
    -- One row per touchpoint: pc, the previous touchpoint's type (0: the first of the period); k2,
    -- the pair ending here; r, the run of the last m types ending here (oldest first). No order:
    -- nothing below needs it but attribution's few touchpoints with the outcome (read from ev).
    seq as materialized (
      select key, c0, m, case when k > 0 then pt & 15 else 0 end as pc,
        case when k > 0 then (pt & 15) * 16 + c0 end as k2, case when k > 0 then gap_us end as gap_us,
        (pt & ((1 << (4 * (m - 1))) - 1)) * 16 + c0 as r
      from (select *, least(k + 1, ${p.int(maxLength)}) as m from ev) x
    ),
    ${PAIRS_SQL},
    longest as materialized (select r, m, count(*) as n from seq group by r, m),
    -- The top runs of each length by a top-n per length (a window over all the counted runs
    -- partitioned by length cost several times as much).
    top as (
      ${each((n) => `select * from (select r & ${mask(n)} as code, sum(n) as n from longest where m >= ${n} group by 1 order by n desc, code limit ${p.int(o.limit)})`, '0 as code, 0 as n')}
    ),
    hits as (
      ${each((n) => `select r & ${mask(n)} as code, key from seq where m >= ${n} and (r & ${mask(n)}) in (select code from top)`, '0 as code, null::uuid as key')}
    ),
    -- The touchpoints with the outcome are few: their order is read from the events, not kept in seq.
    ${attributionSql(`select key, arg_min(case when k > 0 then pt & 15 else 0 end, {'t': ts_us, 'i': id}) as last_c
      from ev where won group by key`)}
    select * from (
      ${PATH_ROWS_SQL}
      union all
      select 'transition', code, n, null, median_minutes from pairs
      union all
      select 'touch', code, n, null, null from touches
    ) r
    order by kind, ${lengthOf(maxLength)}, n desc, code`;
}
