-- The inbound event's thread in its pair: an outbound event can only answer inbound events of its
-- own thread or without one, so a write re-checks just those. Re-checking every unanswered inbound
-- event of the customer (0026) cost ~90% of the ingest time on busy customers with many threads.
alter table analytics_response_pairs add column thread text;
update analytics_response_pairs p set thread = e.event_data->>'thread_id'
from crm_activity_events e
where e.company_id = p.company_id and e.id = p.inbound_id and e.event_data ? 'thread_id';
drop index response_pairs_customer_idx;
create index response_pairs_thread_idx on analytics_response_pairs (company_id, customer_id, thread, asked_at);

create or replace function analytics_rebuild_response_pairs(p_company uuid) returns bigint
language plpgsql as $$
declare
  n bigint;
begin
  delete from analytics_response_pairs where company_id = p_company;
  insert into analytics_response_pairs
    (company_id, inbound_id, customer_id, thread, asked_at, event_type, event_source, reply_id, replied_at, reply_user_id)
  with cand as (
    select customer_id, event_data->>'thread_id' as thread, event_timestamp, 0 as kind, id,
      event_type, event_source, null::text collate "C" as tag
    from crm_activity_events
    where company_id = p_company and not is_deleted and direction = 'inbound'
    union all
    select customer_id, event_data->>'thread_id', event_timestamp, 1, id, null, null,
      (lpad((extract(epoch from event_timestamp) * 1000000)::bigint::text, 20, '0')
        || id::text || user_id::text) collate "C"
    from crm_activity_events
    where company_id = p_company and not is_deleted and direction = 'outbound'
  ), w as (
    select kind, id, customer_id, thread, event_timestamp, event_type, event_source,
      case when thread is null
        then min(tag) over (partition by customer_id order by event_timestamp desc, kind
          rows between unbounded preceding and 1 preceding)
        else min(tag) over (partition by customer_id, thread order by event_timestamp desc, kind
          rows between unbounded preceding and 1 preceding)
      end as reply
    from cand
  ), r as (
    select id, customer_id, thread, event_timestamp, event_type, event_source, reply,
      timestamptz 'epoch' + substr(reply, 1, 20)::bigint * interval '1 microsecond' as reply_at
    from w where kind = 0
  )
  select p_company, id, customer_id, thread, event_timestamp, event_type, event_source,
    case when reply_at <= event_timestamp + interval '90 days' then substr(reply, 21, 36)::uuid end,
    case when reply_at <= event_timestamp + interval '90 days' then reply_at end,
    case when reply_at <= event_timestamp + interval '90 days' then substr(reply, 57, 36)::uuid end
  from r;
  get diagnostics n = row_count;
  return n;
end
$$;

