/** Tables owned by scheduled delivery (migration 0040_report_schedules.sql), merged into Database. */
import type { ColumnType, Generated, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

declare module '../db/types.js' {
  interface Database {
    report_schedules: ReportSchedulesTable;
    report_deliveries: ReportDeliveriesTable;
  }
}

export interface ReportSchedulesTable {
  company_id: string;
  id: string;
  name: string;
  owner_user_id: string;
  owner_role: string;
  owner_team_id: string | null;
  target: Json<unknown>;
  cron: string;
  preset: Json<unknown> | null;
  timezone: string;
  format: string;
  recipients: Json<unknown>;
  skip_if_empty: Generated<boolean>;
  only_when: Json<unknown> | null;
  paused: Generated<boolean>;
  webhook_secret: string;
  next_slot_at: Timestamp | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ReportDeliveriesTable {
  company_id: string;
  id: string;
  schedule_id: string;
  slot_at: Timestamp;
  trigger: 'schedule' | 'manual';
  late: Generated<boolean>;
  status: 'running' | 'delivered' | 'partial' | 'failed' | 'skipped';
  claimed_by: string;
  lease_until: Timestamp;
  claims: Generated<number>;
  window_from: Timestamp | null;
  recipients: Json<unknown>;
  detail: string | null;
  created_at: Generated<Date>;
  finished_at: Timestamp | null;
}

export type ScheduleRow = Selectable<ReportSchedulesTable>;
export type DeliveryRow = Selectable<ReportDeliveriesTable>;
