/**
 * The common query of every analytics endpoint: the timeline filters plus bucket, time zone and
 * comparison. `resolveAnalyticsParams` turns it into a concrete period (default: the last 30 days),
 * validated, with the previous period of equal length when `compare=previous`.
 */
import { type Static, Type } from 'typebox';
import type { Scope } from '../db/scope.js';
import { filterProperties, type TimelineFilters } from '../events/filters.js';
import { previousPeriod } from '../time/previous-period.js';
import { RANGE_MIN_MS } from '../time/range.js';
import { resolveRequestZone } from '../time/request-zone.js';
import { assertBucketCount, assertRange, autoBucket, type Bucket } from '../time/zones.js';
import type { ReadScope } from '../visibility/policy.js';

export const analyticsProperties = {
  ...filterProperties,
  bucket: Type.Optional(
    Type.Enum(['auto', 'hour', 'day', 'week', 'month'], {
      default: 'auto',
      description: 'Calendar bucket in `tz`.',
    }),
  ),
  tz: Type.Optional(
    Type.String({ minLength: 1, maxLength: 64, description: "IANA time zone; default the company's." }),
  ),
  compare: Type.Optional(
    Type.Enum(['none', 'previous'], {
      default: 'none',
      description: 'Also compute the previous period of equal length.',
    }),
  ),
};
export const AnalyticsQuery = Type.Object(analyticsProperties, { additionalProperties: false });
export type AnalyticsQuery = Static<typeof AnalyticsQuery>;

export interface Period {
  from: Date;
  to: Date;
}

export interface ResolvedParams {
  /** Filters with from/to removed: the period is carried by `period`. */
  filters: Omit<TimelineFilters, 'from' | 'to'>;
  /** The viewer's visible events and reader; every replica read applies it (eventConditions). */
  visible: ReadScope;
  period: Period;
  previous: Period | null;
  bucket: Bucket;
  /** Canonical (resolveRequestZone). */
  tz: string;
}

export const DEFAULT_DAYS = 30;

export async function resolveAnalyticsParams(
  scope: Scope,
  query: AnalyticsQuery,
  visible: ReadScope,
  now = new Date(),
): Promise<ResolvedParams> {
  const { from, to, bucket = 'auto', tz: tzParam, compare = 'none', ...filters } = query;
  assertRange(from, to);
  const tz = await resolveRequestZone(scope, tzParam);
  const end = to ? new Date(to) : now;
  // The default window never starts before the first instant events can have.
  const start = from
    ? new Date(from)
    : new Date(Math.max(RANGE_MIN_MS, end.getTime() - DEFAULT_DAYS * 86_400_000));
  if (start.getTime() >= end.getTime()) assertRange(start.toISOString(), end.toISOString());
  const span = end.getTime() - start.getTime();
  const chosen: Bucket = bucket === 'auto' ? autoBucket(span) : bucket;
  assertBucketCount(chosen, span);
  return {
    // weekday/hour are read in the request's zone, like the buckets (only then: tz alone filters nothing).
    filters: filters.weekday?.length || filters.hour?.length ? { ...filters, tz } : filters,
    visible,
    period: { from: start, to: end },
    previous: compare === 'previous' ? previousPeriod(start, end) : null,
    bucket: chosen,
    tz,
  };
}

/** The block every analytics response starts with: what was measured, over when, in which zone. */
export const PeriodInfo = Type.Object({
  from: Type.String({ format: 'date-time', description: 'Inclusive start.' }),
  to: Type.String({ format: 'date-time', description: 'Exclusive end.' }),
  tz: Type.String(),
  bucket: Type.Enum(['hour', 'day', 'week', 'month']),
  previous: Type.Union([
    Type.Object({ from: Type.String({ format: 'date-time' }), to: Type.String({ format: 'date-time' }) }),
    Type.Null(),
  ]),
  filters: Type.Record(Type.String(), Type.Unknown()),
});

export function presentPeriod(p: ResolvedParams) {
  return {
    from: p.period.from.toISOString(),
    to: p.period.to.toISOString(),
    tz: p.tz,
    bucket: p.bucket,
    previous: p.previous ? { from: p.previous.from.toISOString(), to: p.previous.to.toISOString() } : null,
    filters: p.filters as Record<string, unknown>,
  };
}

/** Absolute and relative change of a figure against the previous period (relative null when it was 0). */
export function change(current: number, previous: number | null) {
  if (previous === null) return null;
  return {
    previous,
    absolute: current - previous,
    relative: previous === 0 ? null : (current - previous) / previous,
  };
}
