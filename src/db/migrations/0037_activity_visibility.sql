-- Organisation-wide default of who reads whose activity (src/visibility/): 'company' = every
-- employee reads all of it (the behaviour before this setting), 'team' = reps and agents read their
-- own and their team's, team leads their teams'. Existing companies keep 'company'.
alter table companies add column activity_visibility text not null default 'company'
  check (activity_visibility in ('company', 'team'));
