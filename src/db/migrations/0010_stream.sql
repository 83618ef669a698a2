-- Live stream: how far each company's change log has been pruned. A client resuming from a seq below
-- `through_seq` may have missed pruned changes, so it is told to reload (`reset`) instead.
create table stream_pruned (
  company_id uuid primary key,
  through_seq bigint not null
);
