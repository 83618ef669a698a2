/**
 * KPI 1, Volume: non-deleted events (or their duration) per calendar bucket × one dimension, with
 * totals, and the previous period of equal length when asked (see countByBucket).
 */
import type { Scope } from '../../db/scope.js';
import { filterVisibleRows } from '../../visibility/explicit.js';
import type { FigureScope } from '../../visibility/policy.js';
import { change, presentPeriod, type ResolvedParams } from '../params.js';
import { type BucketCounts, countByBucket, type Dimension, type Metric } from '../queries/count-by-bucket.js';
import type { VolumeResponse } from '../schemas/volume.js';

/** Drops keys of users/teams the viewer may not see from a breakdown; totals stay whole. */
function hideKeys(counts: Record<string, number>, dimension: Dimension, v: FigureScope) {
  if (dimension !== 'user' && dimension !== 'team') return { counts, restricted: false };
  const { rows, restricted } = filterVisibleRows(v, dimension, Object.entries(counts), ([k]) => k);
  return { counts: Object.fromEntries(rows), restricted };
}

function presentBuckets(c: BucketCounts, dimension: Dimension, v: FigureScope) {
  return c.buckets.map((b) => ({
    start: b.start.toISOString(),
    total: b.total,
    by: hideKeys(b.by, dimension, v).counts,
  }));
}

export async function reportVolume(
  scope: Scope,
  p: ResolvedParams,
  dimension: Dimension,
  metric: Metric,
  v: FigureScope,
): Promise<VolumeResponse> {
  const current = await countByBucket(scope, p, p.period, dimension, metric);
  const previous = p.previous ? await countByBucket(scope, p, p.previous, dimension, metric) : null;
  const shown = hideKeys(current.by, dimension, v);
  const prevBy = previous ? hideKeys(previous.by, dimension, v).counts : {};
  const keys = new Set([...Object.keys(shown.counts), ...Object.keys(prevBy)]);
  const by = [...keys]
    .map((key) => {
      const value = shown.counts[key] ?? 0;
      return { key, value, change: previous ? change(value, prevBy[key] ?? 0) : null };
    })
    .sort((a, b) => b.value - a.value || a.key.localeCompare(b.key));
  return {
    period: presentPeriod(p),
    metric,
    unit: metric === 'events' ? 'events' : 'minutes',
    dimension,
    answered_from: current.answeredFrom,
    restricted: shown.restricted,
    total: current.total,
    total_change: previous ? change(current.total, previous.total) : null,
    by,
    buckets: presentBuckets(current, dimension, v),
    previous: previous
      ? { total: previous.total, by: prevBy, buckets: presentBuckets(previous, dimension, v) }
      : null,
  };
}
