/**
 * KPI 3, Engagement, as the API answers it: rates (engaged ÷ touched) with their change against the
 * previous period, the score summary and the most and least engaged customers with their names
 * (read from the system of record: the replica has none).
 */
import type { Scope } from '../../db/scope.js';
import { SCORE_FORMULA } from '../engagement-score.js';
import { change, presentPeriod, type ResolvedParams } from '../params.js';
import { getEngagement, type RateCounts, type ScoredCustomer } from '../queries/get-engagement.js';
import { customerNames } from '../queries/list-customer-engagement.js';
import type { EngagementResponse } from '../schemas/engagement.js';
import { round4 } from '../stats.js';

function presentRate(r: RateCounts) {
  return {
    engaged: r.engaged,
    touched: r.touched,
    rate: r.touched === 0 ? null : round4(r.engaged / r.touched),
    responded: r.responded,
    responded_share: r.touched === 0 ? null : round4(r.responded / r.touched),
  };
}

export async function reportEngagement(
  scope: Scope,
  p: ResolvedParams,
  opts: { halfLifeDays: number; limit: number },
): Promise<EngagementResponse> {
  const f = await getEngagement(scope, p, opts);
  const listed = [...f.mostEngaged, ...f.leastEngaged].map((c) => c.customerId);
  const names = await customerNames(scope, [...new Set(listed)]);
  const present = (c: ScoredCustomer) => ({
    customer_id: c.customerId,
    name: names.get(c.customerId) ?? null,
    segment: c.segment,
    score: c.score,
    events: c.events,
    last_event_at: c.lastEventAt.toISOString(),
  });
  const overall = presentRate(f.current.overall);
  const prevRate = f.previous ? presentRate(f.previous.overall).rate : null;
  const mean = round4(f.current.meanScore);
  const prevMean = round4(f.previous?.meanScore ?? null);
  return {
    period: presentPeriod(p),
    half_life_days: opts.halfLifeDays,
    score_formula: SCORE_FORMULA,
    rate: {
      overall,
      change: overall.rate !== null && prevRate !== null ? change(overall.rate, prevRate) : null,
      by_segment: f.current.bySegment.map((s) => ({ segment: s.segment, ...presentRate(s) })),
    },
    score: {
      customers: f.current.customers,
      mean,
      median: round4(f.current.medianScore),
      mean_change: mean !== null && prevMean !== null ? change(mean, prevMean) : null,
      distribution: f.distribution.map((customers, i) => ({ from: i * 10, to: i * 10 + 10, customers })),
      most_engaged: f.mostEngaged.map(present),
      least_engaged: f.leastEngaged.map(present),
    },
  };
}
