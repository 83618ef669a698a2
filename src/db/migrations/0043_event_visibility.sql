-- Private activities (src/visibility/content.ts): who may read an event's content. 'default' = the
-- company rule (activity_visibility) alone; 'team' = the owner and the current members of the
-- owner's team; 'participants' = the owner and the users listed among its participants; 'private'
-- = the owner only. Everyone else who may see the event's row gets a redacted placeholder; counts
-- still include it. Existing events keep 'default'.
alter table crm_activity_events add column visibility text not null default 'default'
  check (visibility in ('default', 'team', 'participants', 'private'));
-- The few non-default events of a company, for the look-ups that exclude hidden content from
-- full-text and participant matches (analytics' `q` and `participant`).
create index events_restricted_idx on crm_activity_events (company_id, id) where visibility <> 'default';
