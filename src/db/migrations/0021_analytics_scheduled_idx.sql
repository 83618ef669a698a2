-- Real-time analytics list a company's overdue scheduled activities on every refresh; scheduled
-- events are few, so a partial index finds them without scanning the company's history.
create index events_scheduled_idx on crm_activity_events (company_id, event_timestamp)
  where status = 'scheduled' and not is_deleted;
