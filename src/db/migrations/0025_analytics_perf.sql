-- Analytics over a period (heatmap, channel mix, preferred channels, interaction gaps, engagement)
-- read a few narrow columns of every live event in the period. Without this index PostgreSQL scans
-- the whole table (a company's rows of one period are spread over all its pages); with it an
-- index-only scan reads just the period's entries (the heap only for pages not yet all-visible).
create index events_analytics_cover_idx on crm_activity_events (company_id, event_timestamp)
  include (customer_id, event_type, direction, id, sentiment, engagement_score)
  where not is_deleted;
