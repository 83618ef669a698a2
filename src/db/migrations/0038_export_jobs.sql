-- Export jobs (src/exports/jobs/): POST /api/v1/exports answers 202 with a job; the requesting
-- process renders the file in the background into EXPORT_DIR and updates progress here, so any
-- instance answers GET /api/v1/exports/:id. `requester` keeps who asked (user id, role, team), so
-- the job reads with their visibility, re-resolved when it runs. A queued or running row whose
-- heartbeat is old was left by a process that stopped: the sweeper marks it failed.
create table export_jobs (
  company_id uuid not null,
  id uuid not null,
  requested_by uuid not null,
  requester jsonb not null,
  kind text not null check (kind in ('events', 'dashboard')),
  format text not null check (format in ('csv', 'xlsx', 'pdf')),
  params jsonb not null,
  status text not null default 'queued' check (status in ('queued', 'running', 'done', 'failed', 'expired')),
  rows_done bigint not null default 0,
  rows_total bigint,
  error text,
  file_name text,
  heartbeat_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  finished_at timestamptz,
  expires_at timestamptz,
  primary key (company_id, id)
);
-- The sweeper's two questions, asked across companies (a maintenance pass, like change-log
-- pruning): stale unfinished jobs, and finished files past their expiry.
create index export_jobs_sweep on export_jobs (status, expires_at);
