-- The audit trail stays append-only for the role request work runs as (crm_tenant, 0044): 0044
-- granted it update and delete on every table, audit_log included, after 0041 had revoked them from
-- every other role. Without the privilege, the refusal no longer rests on the trigger alone, which
-- the owner can disable but crm_tenant (not the owner) cannot.
revoke update, delete, truncate on audit_log from crm_tenant;

-- Tenant tables that reached a database after 0044 had run there (branches migrated in another
-- order during development) get their policy now; on a database migrated in order this finds none.
do $$
declare t record;
begin
  for t in
    select c.relname from pg_class c
    where c.relkind = 'r' and c.relnamespace = current_schema()::regnamespace and not c.relrowsecurity
      and exists (select 1 from pg_attribute a
                  where a.attrelid = c.oid and a.attname = 'company_id' and not a.attisdropped)
  loop
    perform app_enable_tenant_rls(format('%I', t.relname)::regclass);
  end loop;
end
$$;
