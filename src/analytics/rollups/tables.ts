/** Kysely types of the analytics rollup tables (migration 0020), merged into the Database interface. */
import type { ColumnType } from 'kysely';

export interface AnalyticsRollupStateTable {
  company_id: string;
  /** IANA zone whose local days the rollup rows are keyed by. */
  tz: string;
  rebuilt_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface AnalyticsDailyTable {
  company_id: string;
  /** Local date (YYYY-MM-DD) in the rollup zone. */
  day: string;
  event_type: string;
  event_source: string;
  /** 'inbound' | 'outbound' | 'internal' | 'unknown' (null direction). */
  direction: string;
  events: number;
  duration_minutes: number;
}

export interface AnalyticsUserDailyTable {
  company_id: string;
  day: string;
  user_id: string;
  event_type: string;
  events: number;
  duration_minutes: number;
  completed: number;
  with_outcome: number;
}

declare module '../../db/types.js' {
  interface Database {
    analytics_rollup_state: AnalyticsRollupStateTable;
    analytics_daily: AnalyticsDailyTable;
    analytics_user_daily: AnalyticsUserDailyTable;
  }
}
