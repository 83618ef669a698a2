/**
 * Choice lists of saved timelines. Plain constants without schema code, so the web app imports
 * them at runtime (as it does the events catalogue) and both sides offer the same choices.
 */
export const TIMELINE_TYPES = [
  'personal',
  'team',
  'customer',
  'account_portfolio',
  'company',
  'compliance',
] as const;
export type TimelineType = (typeof TIMELINE_TYPES)[number];

export const RELATIVE_RANGES = [
  'last_24_hours',
  'last_7_days',
  'last_30_days',
  'last_90_days',
  'last_365_days',
  'today',
  'yesterday',
  'this_week',
  'last_week',
  'this_month',
  'last_month',
  'this_quarter',
  'this_year',
] as const;
export type RelativeRange = (typeof RELATIVE_RANGES)[number];

/** How each relative range reads (pickers, and the period line of runs and documents). */
export const RELATIVE_RANGE_LABELS: Record<RelativeRange, string> = {
  last_24_hours: 'Last 24 hours',
  last_7_days: 'Last 7 days',
  last_30_days: 'Last 30 days',
  last_90_days: 'Last 90 days',
  last_365_days: 'Last 365 days',
  today: 'Today',
  yesterday: 'Yesterday',
  this_week: 'This week',
  last_week: 'Last week',
  this_month: 'This month',
  last_month: 'Last month',
  this_quarter: 'This quarter',
  this_year: 'This year',
};

export const VIEW_PANELS = ['filters', 'histogram', 'details', 'analytics', 'notifications'] as const;
