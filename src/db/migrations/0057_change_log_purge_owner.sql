-- The owner of a purged event, on the change log's 'deleted' entry the retention purge writes
-- (src/events/queries/purge-events.ts). The purge removes the row in the same transaction, so the
-- live stream has nothing left to match against its clients' visibility; with the owner it can
-- still decide who may learn of the removal (owner and, at delivery, the owner's team), and push it
-- to exactly those clients. Null on every other entry (their rows are still there).
alter table event_changes add column purged_user_id uuid;
