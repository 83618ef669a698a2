-- The current company's events, for reads filtered by content (the timeline's `q` and `participant`,
-- analytics' full-text look-up): src/events/queries/events-source.ts reads this view instead of the
-- table when it runs as the tenant role (0044).
--
-- Why: under row-level security PostgreSQL evaluates the policy's condition before any condition of
-- the query whose operator is not LEAKPROOF, so such a condition cannot drive an index scan. `@@`
-- (full text) and `@>` (jsonb containment) are not leakproof, and only a superuser can declare them
-- so; the GIN indexes events_search_idx and events_participants_idx went unused and a rare word
-- walked every event of the company. A view owned by the tables' owner is read with the owner's
-- rights (RLS does not apply to the owner), so its own condition, the same as the policy's, filters
-- the rows instead, as an ordinary condition the planner may order as it likes.
--
-- What still holds: the view shows only the rows of app.company_id (none when it is unset, like the
-- policy); crm_tenant may only read it (the grant below; 0044's default privileges had also granted
-- writes); the check option refuses a row of another company if a write privilege is ever granted.
-- It is not a security barrier: a query written by an attacker with a function that leaks its
-- arguments could see other companies' rows through it. The application's queries are not written
-- by callers (every value is a bound parameter), which is the threat RLS is the second wall against.
-- `select *` freezes the column list: a migration that adds a column to crm_activity_events
-- recreates this view (src/db/tenant-isolation.test.ts compares the two).
create view tenant_activity_events with (check_option = local) as
  select * from crm_activity_events where company_id = app_company_id();

revoke all on tenant_activity_events from crm_tenant;
grant select on tenant_activity_events to crm_tenant;
