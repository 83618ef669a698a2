/**
 * Instants written to or compared in the database come from the database's clock (`now()` in the
 * statement), never from this process's: several instances whose clocks disagree then still agree
 * on what is due, late, stale or expired. Tests of calendar arithmetic may fix the instant instead.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';

/** `now()`, or the fixed instant given (a bound value). */
export function sqlNow(fixed?: Date): RawBuilder<Date> {
  return fixed ? sql<Date>`cast(${fixed.toISOString()} as timestamptz)` : sql<Date>`now()`;
}

/** `now()` moved by `ms` milliseconds (negative: before now). */
export function sqlNowPlus(ms: number, fixed?: Date): RawBuilder<Date> {
  return sql<Date>`${sqlNow(fixed)} + make_interval(secs => ${ms / 1000})`;
}

/** The database's clock read once, for calendar arithmetic done here (the next cron slot). */
export async function databaseNow<DB>(db: Kysely<DB>): Promise<Date> {
  const { rows } = await sql<{ now: Date | string }>`select now() as now`.execute(db);
  return new Date((rows[0] as { now: Date | string }).now);
}
