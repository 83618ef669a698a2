-- Response pairs (KPI 2, and the response medians of KPIs 5 and 7), materialized: one row per live
-- inbound event with its first later live outbound reply to the same customer — in the same
-- event_data.thread_id when the inbound has one — no later than 90 days after it (the longest
-- window the API accepts), else no reply. A shorter window is applied when reading: the first reply
-- is within w iff replied_at - asked_at <= w.
-- Maintained in the writing transaction (src/analytics/rollups/response-pairs.ts); rebuilt from
-- scratch by analytics_rebuild_response_pairs, which tests compare with the maintained rows.
create table analytics_response_pairs (
  company_id uuid not null,
  inbound_id uuid not null,
  customer_id uuid not null,
  asked_at timestamptz not null,
  event_type text not null,
  event_source text not null,
  reply_id uuid,
  replied_at timestamptz,
  reply_user_id uuid,
  primary key (company_id, inbound_id)
);
-- Period reads without other filters: an index-only scan of the period.
create index response_pairs_period_idx on analytics_response_pairs (company_id, asked_at)
  include (replied_at, reply_user_id, event_type, event_source, inbound_id);
-- Maintenance: the inbound events of one customer before an outbound event that may answer them.
create index response_pairs_customer_idx on analytics_response_pairs (company_id, customer_id, asked_at);
-- Maintenance probe for threaded inbound events: the first later outbound event of the same thread.
-- (An inbound event without a thread probes events_customer_ts_idx.)
create index events_outbound_thread_idx on crm_activity_events
  (company_id, customer_id, (event_data->>'thread_id'), event_timestamp, id)
  where direction = 'outbound' and not is_deleted and event_data ? 'thread_id';

-- One company's pairs from scratch, in one pass (a window frame over the company's inbound and
-- outbound events, PERF-NOTES): "the first later outbound" is the least tag among the rows after
-- this one in time, i.e. the rows preceding it in descending time order (inbound first at the same
-- instant, so a reply is strictly later). The tag sorts by time, then id (ties: lowest id replies),
-- and carries the replying user: 20 digits of epoch microseconds, the id, the user id.
create function analytics_rebuild_response_pairs(p_company uuid) returns bigint
language plpgsql as $$
declare
  n bigint;
begin
  delete from analytics_response_pairs where company_id = p_company;
  insert into analytics_response_pairs
    (company_id, inbound_id, customer_id, asked_at, event_type, event_source, reply_id, replied_at, reply_user_id)
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
    select kind, id, customer_id, event_timestamp, event_type, event_source,
      case when thread is null
        then min(tag) over (partition by customer_id order by event_timestamp desc, kind
          rows between unbounded preceding and 1 preceding)
        else min(tag) over (partition by customer_id, thread order by event_timestamp desc, kind
          rows between unbounded preceding and 1 preceding)
      end as reply
    from cand
  ), r as (
    select id, customer_id, event_timestamp, event_type, event_source, reply,
      timestamptz 'epoch' + substr(reply, 1, 20)::bigint * interval '1 microsecond' as reply_at
    from w where kind = 0
  )
  select p_company, id, customer_id, event_timestamp, event_type, event_source,
    case when reply_at <= event_timestamp + interval '90 days' then substr(reply, 21, 36)::uuid end,
    case when reply_at <= event_timestamp + interval '90 days' then reply_at end,
    case when reply_at <= event_timestamp + interval '90 days' then substr(reply, 57, 36)::uuid end
  from r;
  get diagnostics n = row_count;
  return n;
end
$$;

select analytics_rebuild_response_pairs(company_id)
from company_sequences;
