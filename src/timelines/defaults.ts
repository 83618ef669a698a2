/**
 * What a timeline holds when created without a field: per-type filters, date range and
 * notifications, the default view and columns, and each role's default timeline.
 */
import type { AuthUser } from '../auth/tokens.js';
import { EVENT_TYPE_META, type EventType } from '../events/catalogue.js';
import type { TimelineFilters } from '../events/filters.js';
import type {
  ColorScheme,
  Column,
  DateRangeDefault,
  NotificationPreferences,
  TimelineType,
  ViewPreferences,
} from './fields.js';

export const DEFAULT_COLORS = Object.fromEntries(
  Object.entries(EVENT_TYPE_META).map(([type, meta]) => [type, meta.color]),
) as Required<Record<EventType, string>> satisfies ColorScheme;

export const DEFAULT_VIEW: Required<ViewPreferences> = {
  density: 'comfortable',
  grouping: 'day',
  sort_order: 'desc',
  open_panels: ['filters', 'histogram'],
};

/** Widths in CSS pixels. */
export const DEFAULT_COLUMNS: Column[] = [
  { field: 'event_timestamp', width: 170 },
  { field: 'event_type', width: 110 },
  { field: 'event_title', width: 320 },
  { field: 'customer_name', width: 200 },
  { field: 'user_name', width: 160 },
  { field: 'priority', width: 100 },
  { field: 'sentiment', width: 110 },
];

export interface TypeDefaults {
  /** Filters, or the reason none can be derived: the field that must then be given. */
  filters: TimelineFilters | { missing: keyof TimelineFilters; reason: string };
  dateRange: DateRangeDefault;
  notifications: NotificationPreferences;
  columns: Column[];
}

const WATCHFUL: NotificationPreferences = {
  enabled: true,
  priorities: ['high', 'urgent'],
  sentiments: ['negative'],
};

/**
 * Per-type defaults for `owner`. `ownedCustomers` are the directory customers the owner looks after
 * (the account portfolio).
 */
export function typeDefaults(type: TimelineType, owner: AuthUser, ownedCustomers: string[]): TypeDefaults {
  const base = { dateRange: { relative: 'last_30_days' } as DateRangeDefault, notifications: WATCHFUL };
  switch (type) {
    case 'personal':
      return { ...base, filters: { user_id: [owner.userId] }, columns: DEFAULT_COLUMNS };
    case 'team':
      return {
        ...base,
        filters: owner.teamId
          ? { team_id: [owner.teamId] }
          : { missing: 'team_id', reason: 'is required for a team timeline: you are not in a team' },
        columns: DEFAULT_COLUMNS,
      };
    case 'customer':
      // A customer's whole history: no default window.
      return {
        ...base,
        dateRange: {},
        filters: { missing: 'customer_id', reason: 'is required for a customer timeline' },
        columns: DEFAULT_COLUMNS.filter((c) => c.field !== 'customer_name'),
      };
    case 'account_portfolio':
      return {
        ...base,
        dateRange: { relative: 'last_90_days' },
        filters: ownedCustomers.length
          ? { customer_id: ownedCustomers }
          : { missing: 'customer_id', reason: 'is required: you own no customers in the directory' },
        columns: DEFAULT_COLUMNS,
      };
    case 'company':
      return {
        filters: {},
        dateRange: { relative: 'last_7_days' },
        notifications: { enabled: true, priorities: ['urgent'] },
        columns: DEFAULT_COLUMNS,
      };
    case 'compliance':
      // Communications with customers (internal notes left out), with their direction shown.
      return {
        filters: { direction: ['inbound', 'outbound'] },
        dateRange: { relative: 'last_90_days' },
        notifications: { enabled: true, priorities: ['urgent'], sentiments: ['negative'] },
        columns: [...DEFAULT_COLUMNS, { field: 'direction', width: 110 }],
      };
  }
}

/** The type and name of the timeline a user gets on first use, from their role. */
export function defaultTimelineFor(user: AuthUser): { type: TimelineType; name: string } {
  switch (user.role) {
    case 'team_lead':
      return user.teamId ? { type: 'team', name: 'My team' } : { type: 'personal', name: 'My activity' };
    case 'marketing':
      return { type: 'company', name: 'Company activity' };
    case 'executive':
      return { type: 'company', name: 'Company overview' };
    case 'compliance':
      return { type: 'compliance', name: 'Compliance review' };
    case 'admin':
      return { type: 'company', name: 'Company activity' };
    default:
      return { type: 'personal', name: 'My activity' };
  }
}
