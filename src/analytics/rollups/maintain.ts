/**
 * Keeps the analytics rollups (per local day and per UTC hour, migrations 0020 and 0032) in step with the raw events, inside the writing transaction:
 * `removed` rows are subtracted (old state of updated or deleted events), `added` rows are added.
 * Callers hold the company's upkeep lock (src/analytics/upkeep/watermark.ts), so rollup upserts of
 * one company never interleave: the insert upkeep (after the insert commits) takes it alone; updates,
 * segment moves and rebuilds take it after the company's sequence row lock.
 */
import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import type { Database, EventRow } from '../../db/types.js';
import { maintainResponsePairs } from './response-pairs.js';
import './tables.js';

export type RollupRow = Pick<
  EventRow,
  | 'id'
  | 'customer_id'
  | 'user_id'
  | 'event_type'
  | 'event_source'
  | 'event_timestamp'
  | 'duration_minutes'
  | 'event_data'
  | 'priority'
  | 'status'
  | 'sentiment'
  | 'direction'
  | 'engagement_score'
>;

/** The zone of the company's rollup days; recorded on first use from the company setting (default UTC). */
export async function rollupZone(db: Kysely<Database> | Transaction<Database>, companyId: string) {
  const row = await db
    .selectFrom('analytics_rollup_state')
    .select('tz')
    .where('company_id', '=', companyId)
    .executeTakeFirst();
  return row?.tz ?? null;
}

export async function ensureRollupZone(trx: Transaction<Database>, companyId: string): Promise<string> {
  const known = await rollupZone(trx, companyId);
  if (known) return known;
  await sql`insert into analytics_rollup_state (company_id, tz)
    select ${companyId}::uuid, coalesce((select timezone from companies where id = ${companyId}::uuid), 'UTC')
    on conflict (company_id) do nothing`.execute(trx);
  return (await rollupZone(trx, companyId)) ?? 'UTC';
}

interface Delta {
  ts: string;
  type: string;
  source: string;
  direction: string;
  user: string;
  customer: string;
  sign: number;
  duration: number;
  completed: number;
  outcome: number;
  /** Scheduled without an event_data.due_at: due at its own timestamp (the overdue count). */
  scheduled: number;
}

/** One signed delta per row; an update that changes nothing a rollup keeps cancels out here. */
function netDeltas(removed: RollupRow[], added: RollupRow[]): Delta[] {
  const byKey = new Map<string, Delta>();
  const push = (r: RollupRow, sign: number) => {
    const d: Delta = {
      ts: new Date(r.event_timestamp).toISOString(),
      type: r.event_type,
      source: r.event_source,
      direction: r.direction ?? 'unknown',
      user: r.user_id,
      customer: r.customer_id,
      sign,
      duration: sign * (r.duration_minutes ?? 0),
      completed: r.status === 'completed' ? sign : 0,
      outcome: r.event_data && 'outcome' in (r.event_data as object) ? sign : 0,
      scheduled:
        r.status === 'scheduled' && !(r.event_data && 'due_at' in (r.event_data as object)) ? sign : 0,
    };
    const key = [d.ts, d.type, d.source, d.direction, d.user, d.customer].join('|');
    const prev = byKey.get(key);
    if (!prev) byKey.set(key, d);
    else {
      prev.sign += d.sign;
      prev.duration += d.duration;
      prev.completed += d.completed;
      prev.outcome += d.outcome;
      prev.scheduled += d.scheduled;
    }
  };
  for (const r of removed) push(r, -1);
  for (const r of added) push(r, 1);
  return [...byKey.values()].filter(
    (d) => d.sign !== 0 || d.duration || d.completed || d.outcome || d.scheduled,
  );
}

export async function maintainRollups(
  trx: Transaction<Database>,
  companyId: string,
  removed: RollupRow[],
  added: RollupRow[],
): Promise<void> {
  // Pairs first: a change no count sees (a reply's thread_id) can still re-pair inbound events.
  await maintainResponsePairs(trx, companyId, removed, added);
  const deltas = netDeltas(removed, added);
  if (deltas.length === 0) return;
  const tz = await ensureRollupZone(trx, companyId);
  const col = <K extends keyof Delta>(k: K) => deltas.map((d) => d[k]);
  const rows = sql`unnest(${col('ts')}::timestamptz[], ${col('type')}::text[], ${col('source')}::text[],
      ${col('direction')}::text[], ${col('user')}::uuid[], ${col('customer')}::uuid[], ${col('sign')}::int[],
      ${col('duration')}::int[], ${col('completed')}::int[], ${col('outcome')}::int[], ${col('scheduled')}::int[])
    as t(ts, type, source, direction, user_id, customer_id, sign, duration, completed, outcome, scheduled)`;
  // The coarse tables keep the customer's segment as it is now (segments.ts moves it on a change).
  const coarse = sql`(select t.ts, t.type, t.source, t.direction, coalesce(c.segment, 'unknown') as segment,
      t.sign, t.duration, t.scheduled
    from ${rows} left join customers c on c.company_id = ${companyId}::uuid and c.id = t.customer_id)`;
  await addCounts(trx, companyId, tz, { coarse, user: sql`(select * from ${rows})` });
  // A key whose last event went away is deleted, so the tables equal a rebuild row for row. Only
  // a removal can bring a count to zero: a write that only adds skips these (they read ~14k pages).
  if (removed.length === 0) return;
  await deleteEmptied(trx, companyId, tz, sql`unnest(${col('ts')}::timestamptz[])`, 'both');
}

/**
 * Adds signed counts to the day and hour tables: `coarse` yields rows (ts, type, source, direction,
 * segment, sign, duration, scheduled), `user` rows (ts, type, user_id, sign, duration, completed,
 * outcome, scheduled); each is summed per key and added to the stored row (or makes a new one).
 */
export async function addCounts(
  trx: Transaction<Database>,
  companyId: string,
  tz: string,
  from: { coarse: RawBuilder<unknown>; user?: RawBuilder<unknown> },
) {
  // Local day in the rollup zone, and UTC hour.
  for (const [column, grain, table, userTable] of [
    ['day', sql`(t.ts at time zone ${tz})::date`, 'analytics_daily', 'analytics_user_daily'],
    ['hour', sql`date_trunc('hour', t.ts, 'UTC')`, 'analytics_hourly', 'analytics_user_hourly'],
  ] as const) {
    const at = sql.ref(column);
    await sql`insert into ${sql.table(table)} as a
        (company_id, ${at}, event_type, event_source, direction, segment, events, duration_minutes, scheduled)
      select ${companyId}::uuid, ${grain}, t.type, t.source, t.direction, t.segment, sum(t.sign), sum(t.duration),
        sum(t.scheduled)
      from ${from.coarse} t group by 2, 3, 4, 5, 6
      on conflict (company_id, ${at}, event_type, event_source, direction, segment) do update
        set events = a.events + excluded.events, duration_minutes = a.duration_minutes + excluded.duration_minutes,
            scheduled = a.scheduled + excluded.scheduled`.execute(trx);
    if (!from.user) continue;
    await sql`insert into ${sql.table(userTable)} as a
        (company_id, ${at}, user_id, event_type, events, duration_minutes, completed, with_outcome, scheduled)
      select ${companyId}::uuid, ${grain}, t.user_id, t.type, sum(t.sign), sum(t.duration), sum(t.completed),
        sum(t.outcome), sum(t.scheduled)
      from ${from.user} t group by 2, 3, 4
      on conflict (company_id, ${at}, user_id, event_type) do update
        set events = a.events + excluded.events, duration_minutes = a.duration_minutes + excluded.duration_minutes,
            completed = a.completed + excluded.completed, with_outcome = a.with_outcome + excluded.with_outcome,
            scheduled = a.scheduled + excluded.scheduled`.execute(trx);
  }
}

/** Deletes the rows left at zero events on the days and hours of `instants` (a set of timestamptz). */
export async function deleteEmptied(
  trx: Transaction<Database>,
  companyId: string,
  tz: string,
  instants: RawBuilder<unknown>,
  tables: 'both' | 'coarse',
) {
  const days = sql`(select distinct (x.ts at time zone ${tz})::date from ${instants} as x(ts))`;
  const hours = sql`(select distinct date_trunc('hour', x.ts, 'UTC') from ${instants} as x(ts))`;
  const all = [
    ['analytics_daily', 'day', days],
    ['analytics_hourly', 'hour', hours],
    ['analytics_user_daily', 'day', days],
    ['analytics_user_hourly', 'hour', hours],
  ] as const;
  for (const [table, at, keys] of tables === 'both' ? all : all.slice(0, 2)) {
    await sql`delete from ${sql.table(table)}
      where company_id = ${companyId}::uuid and ${sql.ref(at)} in ${keys} and events = 0`.execute(trx);
  }
}
