/**
 * KPI 3, Engagement: (a) engagement rate = customers with ≥ 1 inbound event ÷ customers with ≥ 1
 * outbound event in the period, overall and per segment; (b) the per-customer score (see
 * engagement-score.ts) with its mean, median, distribution in 10-point bins, most and least engaged.
 */
import type { Scope } from '../../db/scope.js';
import { engagementScore } from '../engagement-score.js';
import { change, type Period, presentPeriod, type ResolvedParams } from '../params.js';
import type { EngagementResponse } from '../schemas/engagement.js';
import { mean, percentileCont, round4 } from '../stats.js';
import { type CustomerEngagement, listCustomerEngagement } from './list-customer-engagement.js';

export const SCORE_FORMULA =
  'score = 100 × (0.25·recency + 0.25·frequency + 0.20·inbound share + 0.15·sentiment [+ 0.15·event score]) ÷ (0.85 [+ 0.15]); each event weighs 0.5^(age ÷ half-life) at the period end; recency = weight of the last event; frequency = min(1, Σweights ÷ 10); inbound share = inbound weight ÷ weight; sentiment = weighted mean of positive 1 / neutral 0.5 / mixed 0.5 / negative 0 (0.5 when none); event score = weighted mean engagement_score ÷ 100 (left out when none).';

function rateOf(cs: CustomerEngagement[]) {
  const engaged = cs.filter((c) => c.hasInbound).length;
  const touched = cs.filter((c) => c.hasOutbound).length;
  const responded = cs.filter((c) => c.hasInbound && c.hasOutbound).length;
  return {
    engaged,
    touched,
    rate: touched === 0 ? null : round4(engaged / touched),
    responded,
    responded_share: touched === 0 ? null : round4(responded / touched),
  };
}

function distribution(scores: number[]) {
  const bins = Array.from({ length: 10 }, (_, i) => ({ from: i * 10, to: i * 10 + 10, customers: 0 }));
  for (const s of scores) {
    const bin = bins[Math.min(9, Math.floor(s / 10))];
    if (bin) bin.customers++;
  }
  return bins;
}

export async function getEngagement(
  scope: Scope,
  p: ResolvedParams,
  opts: { halfLifeDays: number; limit: number },
): Promise<EngagementResponse> {
  const load = (period: Period) => listCustomerEngagement(scope, p, period, opts.halfLifeDays);
  // Concurrent: two pool connections on PostgreSQL (two cores); queued on PGlite's one.
  const [current, previous] = await Promise.all([load(p.period), p.previous ? load(p.previous) : null]);
  const scored = current
    .map((c) => ({ c, score: engagementScore(c) }))
    .sort((a, b) => b.score - a.score || b.c.lastEventAt.getTime() - a.c.lastEventAt.getTime());
  const present = ({ c, score }: (typeof scored)[number]) => ({
    customer_id: c.customerId,
    name: c.name,
    segment: c.segment,
    score,
    events: c.events,
    last_event_at: c.lastEventAt.toISOString(),
  });
  const scores = scored.map((s) => s.score);
  const prevMean = previous ? mean(previous.map(engagementScore)) : null;
  const curMean = round4(mean(scores));
  const segments = [...new Set(current.map((c) => c.segment))].sort();
  const overall = rateOf(current);
  const prevRate = previous ? rateOf(previous).rate : null;
  return {
    period: presentPeriod(p),
    half_life_days: opts.halfLifeDays,
    score_formula: SCORE_FORMULA,
    rate: {
      overall,
      change: previous && overall.rate !== null && prevRate !== null ? change(overall.rate, prevRate) : null,
      by_segment: segments.map((segment) => ({
        segment,
        ...rateOf(current.filter((c) => c.segment === segment)),
      })),
    },
    score: {
      customers: scored.length,
      mean: curMean,
      median: round4(
        percentileCont(
          [...scores].sort((a, b) => a - b),
          0.5,
        ),
      ),
      mean_change:
        previous && curMean !== null && prevMean !== null ? change(curMean, round4(prevMean) ?? 0) : null,
      distribution: distribution(scores),
      most_engaged: scored.slice(0, opts.limit).map(present),
      least_engaged: [...scored].reverse().slice(0, opts.limit).map(present),
    },
  };
}
