/** Kysely types of the analytics rollup tables (migrations 0020, 0026), merged into the Database interface. */
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
  /** The customer's segment now, 'unknown' when none (migration 0032). */
  segment: string;
  events: number;
  duration_minutes: number;
  /** Scheduled events without event_data.due_at (migration 0032). */
  scheduled: number;
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
  scheduled: number;
}

/** Migration 0032: the same counts per UTC hour (`hour` is the hour's first instant). */
export interface AnalyticsHourlyTable extends Omit<AnalyticsDailyTable, 'day'> {
  hour: ColumnType<Date, Date | string, Date | string>;
}
export interface AnalyticsUserHourlyTable extends Omit<AnalyticsUserDailyTable, 'day'> {
  hour: ColumnType<Date, Date | string, Date | string>;
}

/** Migration 0026: each live inbound event with its first reply within 90 days (or none). */
export interface AnalyticsResponsePairsTable {
  company_id: string;
  inbound_id: string;
  customer_id: string;
  /** The inbound event's event_data->>'thread_id' (migration 0028). */
  thread: string | null;
  asked_at: ColumnType<Date, Date | string, Date | string>;
  event_type: string;
  event_source: string;
  reply_id: string | null;
  replied_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
  reply_user_id: string | null;
}

declare module '../../db/types.js' {
  interface Database {
    analytics_rollup_state: AnalyticsRollupStateTable;
    analytics_daily: AnalyticsDailyTable;
    analytics_user_daily: AnalyticsUserDailyTable;
    analytics_hourly: AnalyticsHourlyTable;
    analytics_user_hourly: AnalyticsUserHourlyTable;
    analytics_response_pairs: AnalyticsResponsePairsTable;
  }
}
