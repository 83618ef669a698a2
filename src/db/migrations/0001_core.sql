-- Core schema: tenants, the mirrored directory, activity events, their change log and saved timelines.
-- Every tenant table is keyed by company_id first so it can be distributed on Citus by company_id.

create table companies (
  id uuid primary key,
  name text not null,
  timezone text not null default 'UTC',
  -- Working calendar for business-hours response times: {"days":[1..5],"start":"09:00","end":"17:00"}
  working_calendar jsonb not null default '{"days":[1,2,3,4,5],"start":"09:00","end":"17:00"}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table teams (
  company_id uuid not null,
  id uuid not null,
  name text not null,
  lead_user_id uuid,
  updated_at timestamptz not null default now(),
  primary key (company_id, id)
);

create table users (
  company_id uuid not null,
  id uuid not null,
  name text not null,
  email text,
  role text not null,
  team_id uuid,
  active boolean not null default true,
  preferences jsonb not null default '{}',
  updated_at timestamptz not null default now(),
  primary key (company_id, id)
);
create index users_team_idx on users (company_id, team_id);

create table customers (
  company_id uuid not null,
  id uuid not null,
  name text not null,
  segment text,
  owner_user_id uuid,
  lifecycle_stage text,
  updated_at timestamptz not null default now(),
  primary key (company_id, id)
);
create index customers_segment_idx on customers (company_id, segment);

create table crm_activity_events (
  company_id uuid not null,
  id uuid not null,
  customer_id uuid not null,
  contact_id uuid,
  user_id uuid not null,
  event_type text not null check (event_type in
    ('call','email','meeting','task','note','sms','chat','social','web_visit','form_submission','other')),
  event_source text not null check (event_source in
    ('phone_system','email','calendar','task_manager','chat','social','web','manual','import','api')),
  event_title varchar(200) not null,
  event_description text,
  event_timestamp timestamptz not null,
  duration_minutes integer check (duration_minutes >= 0),
  event_data jsonb not null default '{}',
  participants jsonb not null default '[]',
  related_objects jsonb not null default '[]',
  priority text not null default 'normal' check (priority in ('low','normal','high','urgent')),
  status text not null default 'active' check (status in ('active','scheduled','completed','cancelled','missed')),
  engagement_score numeric(5,2),
  sentiment text check (sentiment in ('positive','neutral','negative','mixed')),
  direction text check (direction in ('inbound','outbound','internal')),
  external_id text,
  -- Per-company change sequence: the latest change of this event (see event_changes).
  seq bigint not null,
  search_vector tsvector generated always as
    (to_tsvector('simple', coalesce(event_title, '') || ' ' || coalesce(event_description, ''))) stored,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  is_deleted boolean not null default false,
  primary key (company_id, id)
);
-- Idempotent ingest: one event per (company, source, external id). NULL external ids never collide.
create unique index events_external_idx on crm_activity_events (company_id, event_source, external_id);
-- Keyset indexes for the timelines (company, customer, user); id DESC matches ORDER BY ts DESC, id DESC.
create index events_company_ts_idx on crm_activity_events (company_id, event_timestamp desc, id desc)
  where not is_deleted;
create index events_customer_ts_idx on crm_activity_events (company_id, customer_id, event_timestamp desc, id desc)
  where not is_deleted;
create index events_user_ts_idx on crm_activity_events (company_id, user_id, event_timestamp desc, id desc)
  where not is_deleted;
create index events_search_idx on crm_activity_events using gin (search_vector);
create index events_participants_idx on crm_activity_events using gin (participants jsonb_path_ops);

-- Per-company change counter. Its row lock is held from seq assignment to commit, so within a
-- company changes commit in seq order: a stream reader never sees seq N+1 before seq N.
create table company_sequences (
  company_id uuid primary key,
  last_seq bigint not null default 0
);

-- Change log: one row per create/update/delete, read by the live stream to resume losslessly.
create table event_changes (
  company_id uuid not null,
  seq bigint not null,
  event_id uuid not null,
  kind text not null check (kind in ('created','updated','deleted')),
  changed_at timestamptz not null default now(),
  primary key (company_id, seq)
);
create index event_changes_time_idx on event_changes (changed_at);

create table crm_activity_timelines (
  company_id uuid not null,
  id uuid not null,
  user_id uuid not null,
  created_by_user_id uuid not null,
  timeline_name varchar(200) not null,
  timeline_type varchar(50) not null,
  default_filters jsonb not null default '{}',
  saved_filters jsonb not null default '[]',
  view_preferences jsonb not null default '{}',
  column_configuration jsonb not null default '[]',
  color_scheme jsonb not null default '{}',
  activity_sources jsonb not null default '[]',
  date_range_default jsonb not null default '{}',
  real_time_updates boolean not null default true,
  notification_preferences jsonb not null default '{}',
  is_public boolean not null default false,
  shared_with_users jsonb not null default '[]',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  is_deleted boolean not null default false,
  primary key (company_id, id)
);
create index timelines_company_user_idx on crm_activity_timelines (company_id, user_id);
create index timelines_type_idx on crm_activity_timelines (company_id, timeline_type);
create index timelines_public_idx on crm_activity_timelines (company_id, is_public);
create index timelines_created_idx on crm_activity_timelines (company_id, created_at);
