/**
 * The per-customer engagement score, 0–100 (KPI 3b). Every event of the customer in the period
 * weighs w = 0.5^(age / half-life), age = period end − event time (default half-life 30 days):
 *   R recency    = 0.5^(days since the last event / half-life)            (= the largest w)
 *   F frequency  = min(1, Σw / 10)                 (10 fresh interactions = full frequency)
 *   I inbound    = Σw(inbound events) / Σw         (share of the conversation the customer starts)
 *   S sentiment  = Σw·s / Σw over events with a sentiment, s = positive 1, neutral 0.5, mixed 0.5,
 *                  negative 0; 0.5 (neutral) when no event has one
 *   E event score= Σw·engagement_score / (100·Σw) over events with an engagement_score; left out
 *                  (weights renormalized) when none has one
 *   score = 100 × (0.25 R + 0.25 F + 0.20 I + 0.15 S [+ 0.15 E]) / (0.85 [+ 0.15]), 2 decimals.
 * The same arithmetic exists twice: engagementScore (JS, over sums a query returned) and
 * engagementScoreSql (the replica scores every customer itself, so only aggregates leave DuckDB).
 */
import type { SqlParams } from './replica/sql-params.js';

export const SCORE_WEIGHTS = { recency: 0.25, frequency: 0.25, inbound: 0.2, sentiment: 0.15, events: 0.15 };
export const FULL_FREQUENCY = 10;

export const SCORE_FORMULA =
  'score = 100 × (0.25·recency + 0.25·frequency + 0.20·inbound share + 0.15·sentiment [+ 0.15·event score]) ÷ (0.85 [+ 0.15]); each event weighs 0.5^(age ÷ half-life) at the period end; recency = weight of the last event; frequency = min(1, Σweights ÷ 10); inbound share = inbound weight ÷ weight; sentiment = weighted mean of positive 1 / neutral 0.5 / mixed 0.5 / negative 0 (0.5 when none); event score = weighted mean engagement_score ÷ 100 (left out when none).';

/** Decayed sums per customer, as the SQL aggregation returns them. */
export interface DecayedSums {
  maxWeight: number;
  weight: number;
  inboundWeight: number;
  sentimentWeight: number;
  sentimentValue: number;
  scoreWeight: number;
  scoreValue: number;
}

/** Denominators in JS float arithmetic, bound into the SQL twin so both divide by the same value. */
const W = SCORE_WEIGHTS;
const BASE_WEIGHT = W.recency + W.frequency + W.inbound + W.sentiment;
const FULL_WEIGHT = BASE_WEIGHT + W.events;

export function engagementScore(s: DecayedSums): number {
  const r = s.maxWeight;
  const f = Math.min(1, s.weight / FULL_FREQUENCY);
  const i = s.weight > 0 ? s.inboundWeight / s.weight : 0;
  const sent = s.sentimentWeight > 0 ? s.sentimentValue / s.sentimentWeight : 0.5;
  let num = W.recency * r + W.frequency * f + W.inbound * i + W.sentiment * sent;
  let den = BASE_WEIGHT;
  if (s.scoreWeight > 0) {
    num += W.events * (s.scoreValue / (100 * s.scoreWeight));
    den = FULL_WEIGHT;
  }
  return Math.round((10_000 * num) / den) / 100;
}

/**
 * engagementScore as a DuckDB expression over the columns max_w, sw, sw_in, sw_sent, sv_sent,
 * sw_score and sv_score (DecayedSums in that order): same operations in the same order, so the
 * same double. round() and Math.round differ only on negative halves; scores are ≥ 0.
 */
export function engagementScoreSql(p: SqlParams): string {
  const f = (x: number) => p.float(x);
  const num = [
    `${f(W.recency)} * max_w`,
    `${f(W.frequency)} * least(1, sw / ${f(FULL_FREQUENCY)})`,
    `${f(W.inbound)} * (case when sw > 0 then sw_in / sw else 0 end)`,
    `${f(W.sentiment)} * (case when sw_sent > 0 then sv_sent / sw_sent else 0.5 end)`,
    `(case when sw_score > 0 then ${f(W.events)} * (sv_score / (100 * sw_score)) else 0 end)`,
  ].join(' + ');
  const den = `(case when sw_score > 0 then ${f(FULL_WEIGHT)} else ${f(BASE_WEIGHT)} end)`;
  return `round(10000 * (${num}) / ${den}) / 100`;
}
