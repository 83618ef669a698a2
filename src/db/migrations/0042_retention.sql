-- Per-company retention (src/retention/): soft-deleted events are purged (removed for good) after
-- `retention_deleted_days` days (default 30); when `retention_years` is set, events whose
-- event_timestamp is older than that many years are purged too. Purges are logged in the change
-- log (kind 'deleted') so the analytics replica drops them, and in the audit trail.
alter table companies add column retention_deleted_days integer not null default 30
  check (retention_deleted_days between 1 and 36500);
alter table companies add column retention_years integer
  check (retention_years between 1 and 100);
-- The purge finds soft-deleted events by when they were deleted (updated_at of the delete).
create index events_deleted_idx on crm_activity_events (company_id, updated_at) where is_deleted;
