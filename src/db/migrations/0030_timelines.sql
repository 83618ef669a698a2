-- Saved timelines: a version counter for optimistic concurrency (ETag / If-Match; updated_at alone
-- loses sub-millisecond precision in JavaScript) and a marker for each user's default timeline.
alter table crm_activity_timelines add column version integer not null default 1;
alter table crm_activity_timelines add column is_default boolean not null default false;
-- At most one live default timeline per user: concurrent "first use" requests cannot create two.
create unique index timelines_default_idx on crm_activity_timelines (company_id, user_id)
  where is_default and not is_deleted;
-- "Shared with me" look-ups: shared_with_users @> '[{"user_id": "..."}]'.
create index timelines_shared_idx on crm_activity_timelines using gin (shared_with_users jsonb_path_ops);
