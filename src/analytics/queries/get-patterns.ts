/**
 * KPI 4, Communication patterns: timing heatmap (local day of week × hour), channel mix overall and
 * per segment, each customer's preferred inbound channel, and the median days between a customer's
 * consecutive interactions per segment.
 */
import type { Scope } from '../../db/scope.js';
import { change, presentPeriod, type ResolvedParams } from '../params.js';
import type { PatternsResponse } from '../schemas/patterns.js';
import { round4 } from '../stats.js';
import { getChannelMixBySegment } from './get-channel-mix.js';
import { getHeatmap } from './get-heatmap.js';
import { type GapStats, getInteractionGaps } from './get-interaction-gaps.js';
import { listPreferredChannels } from './list-preferred-channels.js';

const presentGap = (g: GapStats | undefined) => ({
  customers: g?.customers ?? 0,
  gaps: g?.gaps ?? 0,
  median_days: round4(g?.medianDays ?? null),
});

export async function getPatterns(
  scope: Scope,
  p: ResolvedParams,
  opts: { limit: number },
): Promise<PatternsResponse> {
  // Concurrent: on PostgreSQL the five scans use the two cores (pool connections); on PGlite they
  // queue on its one connection, as before.
  const [heatmap, mix, prevMix, preferred, gaps] = await Promise.all([
    getHeatmap(scope, p, p.period),
    getChannelMixBySegment(scope, p, p.period),
    p.previous ? getChannelMixBySegment(scope, p, p.previous) : null,
    listPreferredChannels(scope, p, p.period),
    getInteractionGaps(scope, p, p.period),
  ]);
  const customersByChannel: Record<string, number> = {};
  for (const c of preferred) customersByChannel[c.channel] = (customersByChannel[c.channel] ?? 0) + 1;
  const channels = new Set([...Object.keys(mix.overall), ...Object.keys(prevMix?.overall ?? {})]);
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
      overall_change: prevMix
        ? Object.fromEntries(
            [...channels].map((ch) => [ch, change(mix.overall[ch] ?? 0, prevMix.overall[ch] ?? 0)]),
          )
        : {},
      by_segment: Object.entries(mix.bySegment)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([segment, chs]) => ({ segment, channels: chs })),
    },
    preferred_channels: {
      customers_by_channel: customersByChannel,
      customers: [...preferred]
        .sort((a, b) => b.inboundEvents - a.inboundEvents || a.customerId.localeCompare(b.customerId))
        .slice(0, opts.limit)
        .map((c) => ({
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
        .sort((a, b) => a.segment.localeCompare(b.segment))
        .map((g) => ({ segment: g.segment, ...presentGap(g) })),
    },
  };
}
