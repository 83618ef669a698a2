/**
 * KPI 6 as the API answers it: the most frequent paths, the transition matrix and first/last-touch
 * attribution for the period, with changes against the previous period when compared.
 */
import type { Scope } from '../../db/scope.js';
import { change, presentPeriod, type ResolvedParams } from '../params.js';
import { getJourneySequences, type JourneyOptions } from '../queries/get-journey-paths.js';
import type { JourneyResponse } from '../schemas/journey.js';
import { both, changeBy } from './compare.js';

export const JOURNEY_DEFINITION =
  'Each customer’s non-deleted events in [from, to) matching the filters, ordered by (event_timestamp, id), form a sequence of activity types; paths are runs of consecutive types, transitions are pairs of consecutive touchpoints.';

export async function reportJourney(
  scope: Scope,
  p: ResolvedParams,
  opts: Omit<JourneyOptions, 'customerKey'> = {},
): Promise<JourneyResponse> {
  // One query per period answers paths, transitions and attribution (they share its one sort).
  const [cur, prev] = await both(p, (q) => getJourneySequences(scope, q, opts));
  // Previous occurrences of a path are looked up among the previous top paths; a path outside them
  // has no reliable previous count, so its change is null rather than a made-up 0.
  const pathKey = (r: { path: string[] }) => r.path.join('>');
  const prevByPath = prev ? new Map(prev.paths.map((r) => [pathKey(r), r.occurrences])) : null;
  const trChange = changeBy(
    prev?.transitions ?? null,
    (r) => `${r.from}>${r.to}`,
    (r) => r.count,
    0,
  );
  const { attribution } = cur;
  return {
    period: presentPeriod(p),
    definition: JOURNEY_DEFINITION,
    paths: cur.paths.map((r) => {
      const before = prevByPath?.get(pathKey(r));
      return { ...r, occurrences_change: before === undefined ? null : change(r.occurrences, before) };
    }),
    transitions: cur.transitions.map((r) => ({ ...r, count_change: trChange(r) })),
    attribution: {
      ...attribution,
      conversions_change: prev ? change(attribution.conversions, prev.attribution.conversions) : null,
    },
  };
}
