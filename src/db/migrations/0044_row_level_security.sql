-- Tenant isolation inside the database (README "Tenant isolation"): every tenant table admits only
-- the rows of the company named by the setting app.company_id, for the role crm_tenant that the
-- application's request work runs as (src/db/tenant-context.ts: SET ROLE per connection checkout).
-- Migrations, LISTEN/NOTIFY, the change-log followers and CLI operations run as the connecting
-- (owning) role, which owns the tables and is not subject to these policies.
-- Roles are per cluster: databases (and test schemas) migrated side by side may race to create it.
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'crm_tenant') then
    create role crm_tenant nologin nosuperuser nobypassrls;
  end if;
exception when duplicate_object or unique_violation then null;
end
$$;
-- The connecting role must be able to SET ROLE to it (a superuser can anyway).
do $$
begin
  if not (select rolsuper from pg_roles where rolname = current_user) then
    execute format('grant crm_tenant to %I', current_user);
  end if;
end
$$;

-- The tenant role's privileges: what the application does, in this schema, now and later.
do $$
begin
  execute format('grant usage on schema %I to crm_tenant', current_schema());
  execute format('grant select, insert, update, delete on all tables in schema %I to crm_tenant', current_schema());
  execute format('grant usage, select on all sequences in schema %I to crm_tenant', current_schema());
  execute format('alter default privileges in schema %I grant select, insert, update, delete on tables to crm_tenant', current_schema());
  execute format('alter default privileges in schema %I grant usage, select on sequences to crm_tenant', current_schema());
end
$$;

-- The company of the current request; null (no row matches) when unset or empty.
create or replace function app_company_id() returns uuid
  language sql stable parallel safe
  as $$ select nullif(current_setting('app.company_id', true), '')::uuid $$;

-- Restricts `tbl` to the current company's rows (its `column_name`), for reads and writes. Later
-- migrations that add a tenant table call it: select app_enable_tenant_rls('new_table');
create or replace function app_enable_tenant_rls(tbl regclass, column_name text default 'company_id')
  returns void language plpgsql as $$
begin
  execute format('alter table %s enable row level security', tbl);
  execute format('drop policy if exists tenant_isolation on %s', tbl);
  execute format(
    'create policy tenant_isolation on %s using (%I = app_company_id()) with check (%I = app_company_id())',
    tbl, column_name, column_name);
end
$$;

-- Every table of this schema with a company_id column, and companies by its id.
do $$
declare t record;
begin
  for t in
    select c.table_name from information_schema.columns c
    join information_schema.tables tb on tb.table_schema = c.table_schema and tb.table_name = c.table_name
    where c.table_schema = current_schema() and c.column_name = 'company_id' and tb.table_type = 'BASE TABLE'
  loop
    perform app_enable_tenant_rls(format('%I', t.table_name)::regclass);
  end loop;
end
$$;
select app_enable_tenant_rls('companies', 'id');
