/** KPI 8, Real-time: the response of /analytics/realtime as of `now`. */
import type { Scope } from '../../db/scope.js';
import { presentPeriod, type ResolvedParams } from '../params.js';
import { countPerMinute, countRecentByType, listOverdue } from '../queries/get-realtime.js';
import type { RealtimeResponse } from '../schemas/realtime.js';

export async function reportRealtime(
  scope: Scope,
  q: Pick<ResolvedParams, 'filters' | 'visible' | 'tz'> & { limit: number },
  now = new Date(),
): Promise<RealtimeResponse> {
  const recent = await countRecentByType(scope, q, now);
  const sum = (k: 'last5' | 'last60') => ({
    total: recent.reduce((s, r) => s + r[k], 0),
    by_type: Object.fromEntries(recent.filter((r) => r[k] > 0).map((r) => [r.type, r[k]])),
  });
  const p: ResolvedParams = {
    filters: q.filters,
    visible: q.visible,
    period: { from: new Date(now.getTime() - 3_600_000), to: now },
    previous: null,
    bucket: 'hour',
    tz: q.tz,
  };
  return {
    period: presentPeriod(p),
    as_of: now.toISOString(),
    unit: 'events',
    last_5_minutes: sum('last5'),
    last_60_minutes: sum('last60'),
    per_minute: await countPerMinute(scope, q, now),
    overdue: await listOverdue(scope, q, now, q.limit),
  };
}
