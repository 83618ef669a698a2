-- Analytics rollups, maintained in the writing transaction (src/analytics/rollups/maintain.ts).
-- Grain: the company's LOCAL day (in the zone recorded in analytics_rollup_state), because a
-- day grain compresses ~10x where an hour grain barely compresses at all (a company's events per
-- hour are few); a request in another zone, or with hour buckets, is answered from raw events.

-- Which zone a company's rollup days are in. Written on the first event and by a rebuild.
create table analytics_rollup_state (
  company_id uuid primary key,
  tz text not null,
  rebuilt_at timestamptz
);

-- Coarse rollup for the main charts: volume by type, source, direction (null direction = 'unknown').
create table analytics_daily (
  company_id uuid not null,
  day date not null,
  event_type text not null,
  event_source text not null,
  direction text not null,
  events integer not null,
  duration_minutes bigint not null,
  primary key (company_id, day, event_type, event_source, direction)
);

-- Per-user rollup for user/team breakdowns and productivity: counts, duration, completed, outcomes.
create table analytics_user_daily (
  company_id uuid not null,
  day date not null,
  user_id uuid not null,
  event_type text not null,
  events integer not null,
  duration_minutes bigint not null,
  -- events with status = 'completed'
  completed integer not null,
  -- events whose event_data has an "outcome" key
  with_outcome integer not null,
  primary key (company_id, day, user_id, event_type)
);
