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
  hourlyRows: number;
  userHourlyRows: number;
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
    await trx.deleteFrom('analytics_hourly').where('company_id', '=', companyId).execute();
    await trx.deleteFrom('analytics_user_hourly').where('company_id', '=', companyId).execute();
    const scheduled = sql`count(*) filter (where e.status = 'scheduled' and not (e.event_data ? 'due_at'))`;
    const affected: number[] = [];
    for (const [column, grain, table, userTable] of [
      ['day', sql`(e.event_timestamp at time zone ${zone})::date`, 'analytics_daily', 'analytics_user_daily'],
      [
        'hour',
        sql`date_trunc('hour', e.event_timestamp, 'UTC')`,
        'analytics_hourly',
        'analytics_user_hourly',
      ],
    ] as const) {
      const coarse = await sql`insert into ${sql.table(table)}
          (company_id, ${sql.ref(column)}, event_type, event_source, direction, segment, events, duration_minutes,
           scheduled)
        select e.company_id, ${grain}, e.event_type, e.event_source, coalesce(e.direction, 'unknown'),
          coalesce(c.segment, 'unknown'), count(*), coalesce(sum(e.duration_minutes), 0), ${scheduled}
        from crm_activity_events e
        left join customers c on c.company_id = e.company_id and c.id = e.customer_id
        where e.company_id = ${companyId}::uuid and not e.is_deleted
        group by 1, 2, 3, 4, 5, 6`.execute(trx);
      const perUser = await sql`insert into ${sql.table(userTable)}
          (company_id, ${sql.ref(column)}, user_id, event_type, events, duration_minutes, completed, with_outcome,
           scheduled)
        select e.company_id, ${grain}, e.user_id, e.event_type, count(*), coalesce(sum(e.duration_minutes), 0),
          count(*) filter (where e.status = 'completed'), count(*) filter (where e.event_data ? 'outcome'), ${scheduled}
        from crm_activity_events e
        where e.company_id = ${companyId}::uuid and not e.is_deleted
        group by 1, 2, 3, 4`.execute(trx);
      affected.push(Number(coarse.numAffectedRows ?? 0), Number(perUser.numAffectedRows ?? 0));
    }
    const responsePairs = await rebuildResponsePairs(trx, companyId);
    // Fresh statistics: the planner otherwise still sees the tables as empty (sorts spill to disk).
    await sql`analyze analytics_daily, analytics_user_daily, analytics_hourly, analytics_user_hourly,
      analytics_response_pairs`.execute(trx);
    const [dailyRows = 0, userDailyRows = 0, hourlyRows = 0, userHourlyRows = 0] = affected;
    return { tz: zone, dailyRows, userDailyRows, hourlyRows, userHourlyRows, responsePairs };
  });
}
