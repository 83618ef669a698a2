-- Hourly rollups beside the daily ones (same keys and counts, UTC hours instead of local days).
-- They answer what a local-day rollup cannot: the partial days at a period's edges (a "last 90
-- days" ending now has two, four with the previous period: ~27k raw events each at 10M events a
-- year), hour buckets, and requests in a zone other than the rollup zone whose bucket edges fall
-- on whole UTC hours (every zone with a whole-hour offset). Maintained with the daily ones
-- (src/analytics/rollups/maintain.ts); the planner is src/analytics/rollups/choose-rollup.ts.
--
-- `scheduled`: events with status 'scheduled' and no event_data.due_at, i.e. due at their own
-- timestamp; summed up to now it is the real-time KPI's overdue count without reading every
-- scheduled event (the few with a due_at are still read from their own index).
--
-- `segment` (coarse tables): the customer's segment, 'unknown' when it has none or is not in the
-- directory, so volume and channel mix by segment come from rollups too. A customer whose segment
-- changes has its events moved between segments (src/analytics/rollups/segments.ts).

alter table analytics_daily add column segment text not null default 'unknown';
alter table analytics_daily add column scheduled integer not null default 0;
alter table analytics_daily drop constraint analytics_daily_pkey;
delete from analytics_daily;
insert into analytics_daily (company_id, day, event_type, event_source, direction, segment, events,
  duration_minutes, scheduled)
select e.company_id, (e.event_timestamp at time zone st.tz)::date, e.event_type, e.event_source,
  coalesce(e.direction, 'unknown'), coalesce(c.segment, 'unknown'), count(*), coalesce(sum(e.duration_minutes), 0),
  count(*) filter (where e.status = 'scheduled' and not (e.event_data ? 'due_at'))
from crm_activity_events e join analytics_rollup_state st on st.company_id = e.company_id
left join customers c on c.company_id = e.company_id and c.id = e.customer_id
where not e.is_deleted
group by 1, 2, 3, 4, 5, 6;
alter table analytics_daily add primary key (company_id, day, event_type, event_source, direction, segment);

alter table analytics_user_daily add column scheduled integer not null default 0;

create table analytics_hourly (
  company_id uuid not null,
  hour timestamptz not null,
  event_type text not null,
  event_source text not null,
  direction text not null,
  segment text not null,
  events integer not null,
  duration_minutes bigint not null,
  scheduled integer not null,
  primary key (company_id, hour, event_type, event_source, direction, segment)
);

create table analytics_user_hourly (
  company_id uuid not null,
  hour timestamptz not null,
  user_id uuid not null,
  event_type text not null,
  events integer not null,
  duration_minutes bigint not null,
  completed integer not null,
  with_outcome integer not null,
  scheduled integer not null,
  primary key (company_id, hour, user_id, event_type)
);

-- Backfill from the raw events, in each company's rollup zone for the day tables.
update analytics_user_daily a set scheduled = s.n
from (
  select e.company_id, (e.event_timestamp at time zone st.tz)::date as day, e.user_id, e.event_type, count(*) as n
  from crm_activity_events e join analytics_rollup_state st on st.company_id = e.company_id
  where not e.is_deleted and e.status = 'scheduled' and not (e.event_data ? 'due_at')
  group by 1, 2, 3, 4
) s
where a.company_id = s.company_id and a.day = s.day and a.user_id = s.user_id and a.event_type = s.event_type;

insert into analytics_hourly (company_id, hour, event_type, event_source, direction, segment, events,
  duration_minutes, scheduled)
select e.company_id, date_trunc('hour', e.event_timestamp, 'UTC'), e.event_type, e.event_source,
  coalesce(e.direction, 'unknown'), coalesce(c.segment, 'unknown'), count(*), coalesce(sum(e.duration_minutes), 0),
  count(*) filter (where e.status = 'scheduled' and not (e.event_data ? 'due_at'))
from crm_activity_events e join analytics_rollup_state st on st.company_id = e.company_id
left join customers c on c.company_id = e.company_id and c.id = e.customer_id
where not e.is_deleted
group by 1, 2, 3, 4, 5, 6;

insert into analytics_user_hourly (company_id, hour, user_id, event_type, events, duration_minutes, completed,
  with_outcome, scheduled)
select e.company_id, date_trunc('hour', e.event_timestamp, 'UTC'), e.user_id, e.event_type, count(*),
  coalesce(sum(e.duration_minutes), 0), count(*) filter (where e.status = 'completed'),
  count(*) filter (where e.event_data ? 'outcome'),
  count(*) filter (where e.status = 'scheduled' and not (e.event_data ? 'due_at'))
from crm_activity_events e join analytics_rollup_state st on st.company_id = e.company_id
where not e.is_deleted
group by 1, 2, 3, 4;

analyze analytics_daily, analytics_user_daily, analytics_hourly, analytics_user_hourly;
