/**
 * Rebuilds a company's rollups from the raw events, optionally in a new zone (after the company's
 * time zone changed). Takes the company's sequence row lock, like every write, so no event is
 * written between the delete and the re-insert. One transaction: on PGlite it blocks other queries
 * while it runs (seconds per million events); run it off-peak.
 */
import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import type { Database } from '../../db/types.js';
import { rebuildResponsePairs } from './response-pairs.js';
import './tables.js';

export interface RebuildResult {
  tz: string;
  dailyRows: number;
  userDailyRows: number;
  hourlyRows: number;
  userHourlyRows: number;
  responsePairs: number;
}

/** The steps of a rebuild, in the order it runs them; progress reports name them. */
export const REBUILD_STEPS = [
  'write lock',
  'clearing rollups',
  'day rollups',
  'per-user day rollups',
  'hour rollups',
  'per-user hour rollups',
  'response pairs',
  'statistics',
] as const;
export type RebuildStep = (typeof REBUILD_STEPS)[number];

/** Where a rebuild is: the step now running (the last one once all are done) and how many are done. */
export interface RebuildProgress {
  step: RebuildStep;
  stepsDone: number;
  stepsTotal: number;
}

/**
 * Reported at the start of each step and once more when all are done (stepsDone = stepsTotal),
 * from inside the transaction: a report of the last step is not yet a commit.
 */
export type OnRebuildProgress = (progress: RebuildProgress) => void;

export async function rebuildRollups(
  db: Kysely<Database>,
  companyId: string,
  tz?: string,
  onProgress?: OnRebuildProgress,
): Promise<RebuildResult> {
  const at = (step: RebuildStep, stepsDone: number = REBUILD_STEPS.indexOf(step)) =>
    onProgress?.({ step, stepsDone, stepsTotal: REBUILD_STEPS.length });
  return db.transaction().execute(async (trx) => {
    at('write lock');
    await sql`insert into company_sequences (company_id, last_seq) values (${companyId}::uuid, 0)
      on conflict (company_id) do update set last_seq = company_sequences.last_seq`.execute(trx);
    at('clearing rollups');
    const zone = tz ?? (await readCompanyZone(trx, companyId));
    // Setting rebuilt_at fires migration 0031's trigger: it takes the upkeep lock and moves the
    // upkeep watermark to the last seq, so inserts still pending are not counted again on top.
    await sql`insert into analytics_rollup_state (company_id, tz, rebuilt_at) values (${companyId}::uuid, ${zone}, now())
      on conflict (company_id) do update set tz = excluded.tz, rebuilt_at = excluded.rebuilt_at`.execute(trx);
    await trx.deleteFrom('analytics_daily').where('company_id', '=', companyId).execute();
    await trx.deleteFrom('analytics_user_daily').where('company_id', '=', companyId).execute();
    await trx.deleteFrom('analytics_hourly').where('company_id', '=', companyId).execute();
    await trx.deleteFrom('analytics_user_hourly').where('company_id', '=', companyId).execute();
    const day: Grain = { column: 'day', grain: sql`(e.event_timestamp at time zone ${zone})::date` };
    const hour: Grain = { column: 'hour', grain: sql`date_trunc('hour', e.event_timestamp, 'UTC')` };
    at('day rollups');
    const dailyRows = await insertCoarse(trx, companyId, day, 'analytics_daily');
    at('per-user day rollups');
    const userDailyRows = await insertPerUser(trx, companyId, day, 'analytics_user_daily');
    at('hour rollups');
    const hourlyRows = await insertCoarse(trx, companyId, hour, 'analytics_hourly');
    at('per-user hour rollups');
    const userHourlyRows = await insertPerUser(trx, companyId, hour, 'analytics_user_hourly');
    at('response pairs');
    const responsePairs = await rebuildResponsePairs(trx, companyId);
    at('statistics');
    // Fresh statistics: the planner otherwise still sees the tables as empty (sorts spill to disk).
    await sql`analyze analytics_daily, analytics_user_daily, analytics_hourly, analytics_user_hourly,
      analytics_response_pairs`.execute(trx);
    at('statistics', REBUILD_STEPS.length);
    return { tz: zone, dailyRows, userDailyRows, hourlyRows, userHourlyRows, responsePairs };
  });
}

async function readCompanyZone(trx: Transaction<Database>, companyId: string): Promise<string> {
  const { rows } = await sql<{ tz: string }>`
    select coalesce((select timezone from companies where id = ${companyId}::uuid), 'UTC') as tz`.execute(
    trx,
  );
  return rows[0]?.tz ?? 'UTC';
}

/** A rollup family's time key: its column and the expression computing it from an event. */
interface Grain {
  column: 'day' | 'hour';
  grain: RawBuilder<unknown>;
}

const SCHEDULED = sql`count(*) filter (where e.status = 'scheduled' and not (e.event_data ? 'due_at'))`;

/** Inserts the (type, source, direction, segment) rows of one family; returns how many. */
async function insertCoarse(trx: Transaction<Database>, companyId: string, g: Grain, table: string) {
  const r = await sql`insert into ${sql.table(table)}
      (company_id, ${sql.ref(g.column)}, event_type, event_source, direction, segment, events, duration_minutes,
       scheduled)
    select e.company_id, ${g.grain}, e.event_type, e.event_source, coalesce(e.direction, 'unknown'),
      coalesce(c.segment, 'unknown'), count(*), coalesce(sum(e.duration_minutes), 0), ${SCHEDULED}
    from crm_activity_events e
    left join customers c on c.company_id = e.company_id and c.id = e.customer_id
    where e.company_id = ${companyId}::uuid and not e.is_deleted
    group by 1, 2, 3, 4, 5, 6`.execute(trx);
  return Number(r.numAffectedRows ?? 0);
}

/** Inserts the (user, type) rows of one family; returns how many. */
async function insertPerUser(trx: Transaction<Database>, companyId: string, g: Grain, table: string) {
  const r = await sql`insert into ${sql.table(table)}
      (company_id, ${sql.ref(g.column)}, user_id, event_type, events, duration_minutes, completed, with_outcome,
       scheduled)
    select e.company_id, ${g.grain}, e.user_id, e.event_type, count(*), coalesce(sum(e.duration_minutes), 0),
      count(*) filter (where e.status = 'completed'), count(*) filter (where e.event_data ? 'outcome'), ${SCHEDULED}
    from crm_activity_events e
    where e.company_id = ${companyId}::uuid and not e.is_deleted
    group by 1, 2, 3, 4`.execute(trx);
  return Number(r.numAffectedRows ?? 0);
}
