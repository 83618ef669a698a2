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
 */

export const SCORE_WEIGHTS = { recency: 0.25, frequency: 0.25, inbound: 0.2, sentiment: 0.15, events: 0.15 };
export const FULL_FREQUENCY = 10;

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

export function engagementScore(s: DecayedSums): number {
  const w = SCORE_WEIGHTS;
  const r = s.maxWeight;
  const f = Math.min(1, s.weight / FULL_FREQUENCY);
  const i = s.weight > 0 ? s.inboundWeight / s.weight : 0;
  const sent = s.sentimentWeight > 0 ? s.sentimentValue / s.sentimentWeight : 0.5;
  let num = w.recency * r + w.frequency * f + w.inbound * i + w.sentiment * sent;
  let den = w.recency + w.frequency + w.inbound + w.sentiment;
  if (s.scoreWeight > 0) {
    num += w.events * (s.scoreValue / (100 * s.scoreWeight));
    den += w.events;
  }
  return Math.round((10_000 * num) / den) / 100;
}
