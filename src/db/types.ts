/** Kysely's view of the schema. Mirrors src/db/migrations; columns with defaults are Generated. */
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, T | string | undefined, T | string>;

export interface CompaniesTable {
  id: string;
  name: string;
  timezone: Generated<string>;
  working_calendar: Json<WorkingCalendar>;
  /** Who reads whose activity: 'company' (everyone) or 'team' (see src/visibility/). */
  activity_visibility: Generated<'company' | 'team'>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
export interface WorkingCalendar {
  days: number[];
  start: string;
  end: string;
}

export interface TeamsTable {
  company_id: string;
  id: string;
  name: string;
  lead_user_id: string | null;
  updated_at: Generated<Date>;
}

export interface UsersTable {
  company_id: string;
  id: string;
  name: string;
  email: string | null;
  role: string;
  team_id: string | null;
  active: Generated<boolean>;
  preferences: Json<Record<string, unknown>>;
  updated_at: Generated<Date>;
}

export interface CustomersTable {
  company_id: string;
  id: string;
  name: string;
  segment: string | null;
  owner_user_id: string | null;
  lifecycle_stage: string | null;
  updated_at: Generated<Date>;
}

export interface EventsTable {
  company_id: string;
  id: string;
  customer_id: string;
  contact_id: string | null;
  user_id: string;
  event_type: string;
  event_source: string;
  event_title: string;
  event_description: string | null;
  event_timestamp: Timestamp;
  duration_minutes: number | null;
  event_data: Json<Record<string, unknown>>;
  participants: Json<unknown[]>;
  related_objects: Json<unknown[]>;
  priority: Generated<string>;
  status: Generated<string>;
  engagement_score: number | null;
  sentiment: string | null;
  direction: string | null;
  external_id: string | null;
  seq: number;
  search_vector: ColumnType<string, never, never>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  is_deleted: Generated<boolean>;
  /** Who reads the content (migration 0043, src/visibility/content.ts). */
  visibility: Generated<EventVisibility>;
}

/** An event's own visibility of its content: see src/visibility/content.ts. */
export type EventVisibility = 'default' | 'team' | 'participants' | 'private';

export interface CompanySequencesTable {
  company_id: string;
  last_seq: number;
}

export interface EventChangesTable {
  company_id: string;
  seq: number;
  event_id: string;
  /** Event changes; 'customer' and 'user' are directory changes (event_id is then that entity's id). */
  kind: 'created' | 'updated' | 'deleted' | 'customer' | 'user';
  changed_at: Generated<Date>;
  /** A retention purge's 'deleted' entry: the removed event's owner (migration 0057), else null. */
  purged_user_id?: string | null;
}

export interface TimelinesTable {
  company_id: string;
  id: string;
  user_id: string;
  created_by_user_id: string;
  timeline_name: string;
  timeline_type: string;
  default_filters: Json<Record<string, unknown>>;
  saved_filters: Json<unknown[]>;
  view_preferences: Json<Record<string, unknown>>;
  column_configuration: Json<unknown[]>;
  color_scheme: Json<Record<string, string>>;
  activity_sources: Json<string[]>;
  date_range_default: Json<Record<string, unknown>>;
  real_time_updates: Generated<boolean>;
  notification_preferences: Json<Record<string, unknown>>;
  is_public: Generated<boolean>;
  shared_with_users: Json<unknown[]>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  is_deleted: Generated<boolean>;
}

export interface MigrationsTable {
  name: string;
  applied_at: Generated<Date>;
}

/** Tables added by feature migrations extend this interface through declaration merging. */
export interface Database {
  companies: CompaniesTable;
  teams: TeamsTable;
  users: UsersTable;
  customers: CustomersTable;
  crm_activity_events: EventsTable;
  company_sequences: CompanySequencesTable;
  event_changes: EventChangesTable;
  crm_activity_timelines: TimelinesTable;
  schema_migrations: MigrationsTable;
}

export type EventRow = Selectable<EventsTable>;
export type NewEventRow = Insertable<EventsTable>;
