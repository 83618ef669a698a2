/**
 * Events per channel (event type) per customer segment ("unknown" when none) in a period: the
 * coarse rollups' (segment, type) counts where the filters allow (countByBucket), else raw events.
 */
import type { Scope } from '../../db/scope.js';
import type { Period, ResolvedParams } from '../params.js';
import { countByBucket, splitSegmentType } from './count-by-bucket.js';

export async function getChannelMixBySegment(
  scope: Scope,
  p: Pick<ResolvedParams, 'filters' | 'tz'>,
  period: Period,
) {
  // Month buckets: only the totals are used; the bucket only decides which rollup rows line up.
  const counts = await countByBucket(scope, { ...p, bucket: 'month' }, period, 'segment_type');
  const bySegment: Record<string, Record<string, number>> = {};
  const overall: Record<string, number> = {};
  for (const [key, n] of Object.entries(counts.by)) {
    const { segment, type } = splitSegmentType(key);
    bySegment[segment] ??= {};
    (bySegment[segment] as Record<string, number>)[type] = n;
    overall[type] = (overall[type] ?? 0) + n;
  }
  return { overall, bySegment };
}
