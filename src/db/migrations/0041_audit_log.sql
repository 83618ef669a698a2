-- The audit trail (src/audit/): who did what, when, from where. Append-only and tamper-evident:
-- each company's entries form a hash chain (hash = SHA-256 of the entry's canonical content and
-- the previous entry's hash), `id` numbers a company's entries 1, 2, 3… without gaps, and
-- audit_heads holds each company's last id and hash. Appends lock the company's head row, so a
-- company's entries are chained in commit order; everything is keyed by company_id (Citus).
create table audit_log (
  company_id uuid not null,
  id bigint not null,
  at timestamptz not null,
  user_id uuid,
  actor_role text not null,
  token_id text,
  ip text,
  user_agent text,
  request_id text,
  action text not null,
  object_type text not null,
  object_ids jsonb not null default '[]',
  details jsonb not null default '{}',
  -- Events this entry covers (ingest: the batch's size); completeness sums these per day.
  event_count integer not null default 0,
  prev_hash text not null,
  hash text not null,
  primary key (company_id, id)
);
create index audit_log_at_idx on audit_log (company_id, at, id);
create index audit_log_action_idx on audit_log (company_id, action, id);
create index audit_log_objects_idx on audit_log using gin (object_ids jsonb_path_ops);

create table audit_heads (
  company_id uuid primary key,
  last_id bigint not null,
  last_hash text not null
);

-- Append-only: UPDATE, DELETE and TRUNCATE are refused for every role, the owner included (the
-- owner can disable the trigger; the hash chain then still shows the change to verify).
create function audit_log_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only: % refused', tg_op using errcode = '42501';
end $$;
create trigger audit_log_append_only before update or delete on audit_log
  for each row execute function audit_log_refuse_change();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_refuse_change();

-- Roles other than the owner lose UPDATE, DELETE and TRUNCATE on the log (an application role
-- created by an earlier migration or by the operator, and PUBLIC). Privileges granted later, by
-- hand, are not undone: docs/operations.md says what to grant an application role.
do $$
declare r record;
begin
  revoke update, delete, truncate on audit_log from public;
  for r in select distinct grantee from information_schema.role_table_grants
           where table_name = 'audit_log' and table_schema = current_schema()
             and privilege_type in ('UPDATE', 'DELETE', 'TRUNCATE')
             and grantee <> (select tableowner from pg_tables
                             where tablename = 'audit_log' and schemaname = current_schema())
  loop
    execute format('revoke update, delete, truncate on audit_log from %I', r.grantee);
  end loop;
end $$;
