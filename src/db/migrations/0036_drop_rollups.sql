-- Analytics read the columnar replica (src/analytics/replica/), which follows the change log: the
-- rollups, the response pairs, their upkeep state, the rebuild jobs and the indexes only their
-- queries used are gone. Ingest now writes the events and the change log, nothing else.
drop table if exists analytics_rollup_rebuild_jobs;
drop trigger if exists analytics_upkeep_after_rebuild_ins on analytics_rollup_state;
drop trigger if exists analytics_upkeep_after_rebuild_upd on analytics_rollup_state;
drop function if exists analytics_upkeep_after_rebuild();
drop table if exists analytics_upkeep_state;
drop table if exists analytics_rollup_state;
drop table if exists analytics_daily;
drop table if exists analytics_user_daily;
drop table if exists analytics_hourly;
drop table if exists analytics_user_hourly;
drop function if exists analytics_rebuild_response_pairs(uuid);
drop table if exists analytics_response_pairs;
drop index if exists events_outbound_thread_idx;
drop index if exists events_scheduled_plain_idx;
drop index if exists events_scheduled_due_idx;
drop index if exists events_wins_idx;
