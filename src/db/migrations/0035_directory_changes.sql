-- The analytics replica (src/analytics/replica/) follows the change log. Besides event changes it
-- must learn the directory facts its figures group and filter by: a customer's segment and a
-- user's team and active flag. Such a change takes the company's next seq, like an event change,
-- so the replica applies everything in one order; `event_id` then holds the customer's or user's
-- id. The live stream reads only the event kinds.
alter table event_changes drop constraint event_changes_kind_check;
alter table event_changes add constraint event_changes_kind_check
  check (kind in ('created', 'updated', 'deleted', 'customer', 'user'));
