/** Kysely type of the upkeep watermark table (migration 0031), merged into the Database interface. */
export interface AnalyticsUpkeepStateTable {
  company_id: string;
  /** Last change seq (event_changes.seq) whose analytics upkeep is applied. */
  applied_seq: number;
}

declare module '../../db/types.js' {
  interface Database {
    analytics_upkeep_state: AnalyticsUpkeepStateTable;
  }
}
