/**
 * KPI 4, Communication patterns, as the API answers it: the figures of getPatterns with their
 * units, the channel changes against the previous period, and segments in name order.
 */
import type { Scope } from '../../db/scope.js';
import { change, presentPeriod, type ResolvedParams } from '../params.js';
import type { GapStats } from '../queries/get-interaction-gaps.js';
import { getPatterns } from '../queries/get-patterns.js';
import type { PatternsResponse } from '../schemas/patterns.js';
import { round4 } from '../stats.js';

const presentGap = (g: GapStats | undefined) => ({
  customers: g?.customers ?? 0,
  gaps: g?.gaps ?? 0,
  median_days: round4(g?.medianDays ?? null),
});

const byName = (a: string, b: string) => a.localeCompare(b);

export async function reportPatterns(
  scope: Scope,
  p: ResolvedParams,
  opts: { limit: number },
): Promise<PatternsResponse> {
  const { heatmap, mix, previousMix, preferred, gaps } = await getPatterns(scope, p, opts);
  const channels = new Set([...Object.keys(mix.overall), ...Object.keys(previousMix?.overall ?? {})]);
  return {
    period: presentPeriod(p),
    heatmap: {
      unit: 'events',
      rows: 'day of week in tz, 0 = Sunday … 6 = Saturday',
      columns: 'hour of day in tz, 0–23',
      values: heatmap,
    },
    channel_mix: {
      unit: 'events',
      overall: mix.overall,
      overall_change: previousMix
        ? Object.fromEntries(
            [...channels].map((ch) => [ch, change(mix.overall[ch] ?? 0, previousMix.overall[ch] ?? 0)]),
          )
        : {},
      by_segment: Object.entries(mix.bySegment)
        .sort(([a], [b]) => byName(a, b))
        .map(([segment, chs]) => ({ segment, channels: chs })),
    },
    preferred_channels: {
      customers_by_channel: preferred.customersByChannel,
      customers: preferred.customers.map((c) => ({
        customer_id: c.customerId,
        channel: c.channel,
        channel_events: c.channelEvents,
        inbound_events: c.inboundEvents,
      })),
    },
    interaction_frequency: {
      unit: 'days',
      overall: presentGap(gaps.find((g) => g.segment === null)),
      by_segment: gaps
        .filter((g): g is GapStats & { segment: string } => g.segment !== null)
        .sort((a, b) => byName(a.segment, b.segment))
        .map((g) => ({ segment: g.segment, ...presentGap(g) })),
    },
  };
}
