/**
 * KPI 4, Communication patterns, as figures: timing heatmap (local day of week × hour), channel mix
 * overall and per segment (and for the previous period when compared), each customer's preferred
 * inbound channel, and the gaps between a customer's consecutive interactions per segment.
 */
import type { Scope } from '../../db/scope.js';
import type { ResolvedParams } from '../params.js';
import { type ChannelMix, getChannelMixBySegment } from './get-channel-mix.js';
import { getHeatmap } from './get-heatmap.js';
import { type GapStats, getInteractionGaps } from './get-interaction-gaps.js';
import { listPreferredChannels, type PreferredChannels } from './list-preferred-channels.js';

export interface PatternFigures {
  heatmap: number[][];
  mix: ChannelMix;
  previousMix: ChannelMix | null;
  preferred: PreferredChannels;
  gaps: GapStats[];
}

/**
 * Five replica queries, concurrently (each on its own reader connection). They are separate on
 * purpose: their costs are the aggregations and the gaps' sort, not the scans (a column scan of
 * 2.7M events takes ~10 ms), so merging them into one statement saves nothing.
 */
export async function getPatterns(
  scope: Scope,
  p: ResolvedParams,
  opts: { limit: number },
): Promise<PatternFigures> {
  const [heatmap, mix, previousMix, preferred, gaps] = await Promise.all([
    getHeatmap(scope, p, p.period),
    getChannelMixBySegment(scope, p, p.period),
    p.previous ? getChannelMixBySegment(scope, p, p.previous) : null,
    listPreferredChannels(scope, p, p.period, opts.limit),
    getInteractionGaps(scope, p, p.period),
  ]);
  return { heatmap, mix, previousMix, preferred, gaps };
}
