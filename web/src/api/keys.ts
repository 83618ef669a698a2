/**
 * Every query key of the web app, from one factory. Keys are hierarchical arrays so that invalidating
 * a prefix (`keys.events.all`) reaches every query below it: a write names what it changed here, never
 * a hand-written array that could drift from the hook's.
 */
import type { TimelineFilters } from '../../../src/events/filters.js';

type Params = Readonly<Record<string, unknown>>;

export const keys = {
  events: {
    all: ['events'] as const,
    /** Timeline pages: a saved timeline's own (its filters applied server-side) or the company's. */
    list: (filters: TimelineFilters, timelineId?: string) =>
      timelineId ? (['events', filters, { timeline: timelineId }] as const) : (['events', filters] as const),
    recent: (filters: TimelineFilters, max: number) => ['events', 'recent', filters, max] as const,
    customerRecent: (customerId: string) => ['events', 'customer-recent', customerId] as const,
    /** Activity titles matching the command palette's text. */
    palette: (q: string) => ['events', 'palette', q] as const,
    one: (id: string | null) => ['event', id] as const,
    /** Every drill-down (`one`), whatever its id. */
    anyOne: ['event'] as const,
  },
  histogram: {
    all: ['histogram'] as const,
    /** `tz`: the zone of the buckets, part of the key because it moves every bucket's start. */
    of: (filters: TimelineFilters, bucket: string, timelineId?: string, tz?: string) =>
      ['histogram', filters, bucket, timelineId ?? null, tz ?? null] as const,
  },
  analytics: (path: string, query: Params) => ['analytics', path, query] as const,
  dashboards: (path: string, query: Params) => ['dashboards', path, query] as const,
  audit: {
    all: ['audit'] as const,
    entries: (filters: Params) => ['audit', 'entries', filters] as const,
    completeness: (range: Params) => ['audit', 'completeness', range] as const,
  },
  directory: {
    all: ['directory'] as const,
    users: ['directory', 'users'] as const,
    userSearch: (q: string) => ['directory', 'users', 'search', q] as const,
    teams: ['directory', 'teams'] as const,
    customers: (q: string) => ['directory', 'customers', q] as const,
    customer: (id: string) => ['directory', 'customer', id] as const,
    segments: ['directory', 'segments'] as const,
    /** The command palette's and the type-ahead pickers' name search. */
    search: (q: string, kinds: readonly string[], limit: number) =>
      ['directory', 'search', q, kinds, limit] as const,
  },
  company: { settings: ['company', 'settings'] as const },
  /** Retention settings with the next purge's counts (they change with every purge and erasure). */
  retention: ['retention'] as const,
  me: {
    preferences: ['me', 'preferences'] as const,
    customers: (query: Params) => ['me', 'customers', query] as const,
    agenda: (query: Params) => ['me', 'agenda', query] as const,
  },
  demo: { personas: ['demo', 'personas'] as const },
  reports: {
    all: ['reports'] as const,
    list: () => ['reports', 'list'] as const,
    one: (id: string) => ['reports', 'one', id] as const,
    preview: (definition: unknown, period: Params) => ['reports', 'preview', definition, period] as const,
  },
  schedules: {
    all: ['report-schedules'] as const,
    deliveries: (id: string) => ['report-schedules', id, 'deliveries'] as const,
  },
  timelines: {
    all: ['timelines'] as const,
    one: (id: string) => ['timelines', id] as const,
    /** The user's role default (the server creates it on first use). */
    default: ['timelines', 'default'] as const,
  },
};
