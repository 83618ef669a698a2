-- Saved report definitions (the report builder): per owner, shared like saved timelines
-- (shared_with_users with view/edit, is_public). Keyed by company for Citus distribution.
create table crm_reports (
  company_id uuid not null,
  id uuid not null,
  user_id uuid not null,
  created_by_user_id uuid not null,
  report_name text not null,
  description text,
  -- metrics, dimensions, filters, sort, limit, visualization, period, tz (reports/schema.ts)
  definition jsonb not null,
  is_public boolean not null default false,
  shared_with_users jsonb not null default '[]',
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  is_deleted boolean not null default false,
  primary key (company_id, id)
);
create index reports_owner_idx on crm_reports (company_id, user_id, updated_at desc) where not is_deleted;
-- "Shared with me" look-ups: shared_with_users @> '[{"user_id": "..."}]'.
create index reports_shared_idx on crm_reports using gin (shared_with_users jsonb_path_ops);
