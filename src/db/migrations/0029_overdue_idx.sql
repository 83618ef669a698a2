-- Overdue scheduled activities (real-time KPI): most scheduled events have no event_data.due_at, so
-- their due time is their timestamp and this index answers both the count and the oldest ones from
-- its own entries; the few with a due_at are read apart (src/analytics/queries/get-realtime.ts).
-- With 200,000 scheduled events the count read every heap row to parse event_data (~0.5 s).
create index events_scheduled_plain_idx on crm_activity_events (company_id, event_timestamp, id)
  where status = 'scheduled' and not is_deleted and not (event_data ? 'due_at');
create index events_scheduled_due_idx on crm_activity_events (company_id)
  where status = 'scheduled' and not is_deleted and event_data ? 'due_at';
drop index events_scheduled_idx;
