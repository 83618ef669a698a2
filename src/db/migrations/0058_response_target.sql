-- The first-reply target a company's response times are measured against (the team dashboard's
-- target line), in minutes: default 4 h, at most the 7 days within which a reply counts as one
-- (GET /analytics/response-times `window_days` default).
alter table companies add column response_target_minutes integer not null default 240
  check (response_target_minutes between 1 and 10080);
