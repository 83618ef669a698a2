/**
 * Rebuilds a company's rollups from the raw events, optionally in a new zone (after the company's
 * time zone changed). Takes the company's sequence row lock, like every write, so no event is
 * written between the delete and the re-insert. One transaction: on PGlite it blocks other queries
 * while it runs (seconds per million events); run it off-peak.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/types.js';
import { rebuildResponsePairs } from './response-pairs.js';
import './tables.js';

export interface RebuildResult {
  tz: string;
  dailyRows: number;
  userDailyRows: number;
  responsePairs: number;
}

export async function rebuildRollups(
  db: Kysely<Database>,
  companyId: string,
  tz?: string,
): Promise<RebuildResult> {
  return db.transaction().execute(async (trx) => {
    await sql`insert into company_sequences (company_id, last_seq) values (${companyId}::uuid, 0)
      on conflict (company_id) do update set last_seq = company_sequences.last_seq`.execute(trx);
    const zone =
      tz ??
      (
        await sql<{
          tz: string;
        }>`select coalesce((select timezone from companies where id = ${companyId}::uuid), 'UTC') as tz`.execute(
          trx,
        )
      ).rows[0]?.tz ??
      'UTC';
    await sql`insert into analytics_rollup_state (company_id, tz, rebuilt_at) values (${companyId}::uuid, ${zone}, now())
      on conflict (company_id) do update set tz = excluded.tz, rebuilt_at = excluded.rebuilt_at`.execute(trx);
    await trx.deleteFrom('analytics_daily').where('company_id', '=', companyId).execute();
    await trx.deleteFrom('analytics_user_daily').where('company_id', '=', companyId).execute();
    const day = sql`(e.event_timestamp at time zone ${zone})::date`;
    const daily = await sql`insert into analytics_daily
        (company_id, day, event_type, event_source, direction, events, duration_minutes)
      select e.company_id, ${day}, e.event_type, e.event_source, coalesce(e.direction, 'unknown'),
        count(*), coalesce(sum(e.duration_minutes), 0)
      from crm_activity_events e
      where e.company_id = ${companyId}::uuid and not e.is_deleted
      group by 1, 2, 3, 4, 5`.execute(trx);
    const perUser = await sql`insert into analytics_user_daily
        (company_id, day, user_id, event_type, events, duration_minutes, completed, with_outcome)
      select e.company_id, ${day}, e.user_id, e.event_type, count(*), coalesce(sum(e.duration_minutes), 0),
        count(*) filter (where e.status = 'completed'), count(*) filter (where e.event_data ? 'outcome')
      from crm_activity_events e
      where e.company_id = ${companyId}::uuid and not e.is_deleted
      group by 1, 2, 3, 4`.execute(trx);
    const responsePairs = await rebuildResponsePairs(trx, companyId);
    // Fresh statistics: the planner otherwise still sees the tables as empty (sorts spill to disk).
    await sql`analyze analytics_daily, analytics_user_daily, analytics_response_pairs`.execute(trx);
    return {
      tz: zone,
      dailyRows: Number(daily.numAffectedRows ?? 0),
      userDailyRows: Number(perUser.numAffectedRows ?? 0),
      responsePairs,
    };
  });
}
