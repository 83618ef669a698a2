-- Scheduled delivery (src/schedules/): a schedule sends a dashboard, a timeline digest or (later)
-- a saved report to email addresses and webhooks on a cron slot in its own time zone. Each slot is
-- claimed once by inserting its delivery row: the unique (company_id, schedule_id, slot_at) is what
-- makes a slot go out once however many server processes tick; a claim whose lease expired (its
-- process died) is retaken.
create table report_schedules (
  company_id uuid not null,
  id uuid not null,
  name text not null,
  -- The creator: recipients not tied to a directory user see what the owner may see.
  owner_user_id uuid not null,
  owner_role text not null,
  owner_team_id uuid,
  target jsonb not null,
  -- The cron expression the slots follow (a preset is stored as its cron too) and the preset, if any.
  cron text not null,
  preset jsonb,
  timezone text not null,
  format text not null,
  recipients jsonb not null,
  skip_if_empty boolean not null default false,
  only_when jsonb,
  paused boolean not null default false,
  -- HMAC-SHA256 key of webhook signatures; shown once at creation and rotation.
  webhook_secret text not null,
  -- The next slot not yet claimed; the scheduler's work list is "next_slot_at <= now and not paused".
  next_slot_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (company_id, id)
);
create index report_schedules_due_idx on report_schedules (next_slot_at) where not paused;

create table report_deliveries (
  company_id uuid not null,
  id uuid not null,
  schedule_id uuid not null,
  -- The cron slot delivered; for "send now" the instant it was asked for.
  slot_at timestamptz not null,
  trigger text not null check (trigger in ('schedule', 'manual')),
  late boolean not null default false,
  status text not null check (status in ('running', 'delivered', 'partial', 'failed', 'skipped')),
  -- The claim: who runs it and until when; an expired lease of a running delivery is retaken.
  claimed_by text not null,
  lease_until timestamptz not null,
  claims integer not null default 1,
  -- The digest's window: what happened since the previous delivery.
  window_from timestamptz,
  recipients jsonb not null default '[]',
  detail text,
  created_at timestamptz not null default now(),
  finished_at timestamptz,
  primary key (company_id, id),
  unique (company_id, schedule_id, slot_at)
);
create index report_deliveries_lease_idx on report_deliveries (lease_until) where status = 'running';
