-- Rollup rebuilds run as background jobs (POST /api/v1/analytics/rollups/rebuild answers 202 with
-- the job; src/analytics/rollups/rebuild-job.ts). Any API instance answers GET from this table.
-- The rebuild itself is one transaction, so a row is written before it (queued, then running) and
-- after it (succeeded or failed); live step progress stays in the memory of the owning process.
create table analytics_rollup_rebuild_jobs (
  company_id uuid not null,
  id uuid not null,
  status text not null default 'queued'
    check (status in ('queued', 'running', 'succeeded', 'failed')),
  -- IANA zone the day rows are rebuilt in (the company's zone when the job was asked for).
  tz text not null,
  -- Progress as last written: 'waiting to start' until the job ends, then its last step.
  step text not null default 'waiting to start',
  steps_done integer not null default 0,
  -- Instance id of the process running the job; it refreshes heartbeat_at while the job runs. A
  -- queued or running row whose heartbeat is old was left by a process that died.
  owner text not null,
  heartbeat_at timestamptz not null default now(),
  -- Row counts of the rebuilt tables when succeeded; a message (no stack) when failed.
  result jsonb,
  error text,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  primary key (company_id, id)
);

-- At most one queued or running rebuild per company, whichever instance starts it.
create unique index analytics_rollup_rebuild_jobs_active_idx on analytics_rollup_rebuild_jobs (company_id)
  where status in ('queued', 'running');
