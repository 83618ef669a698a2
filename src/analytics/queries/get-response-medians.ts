/**
 * Median response time per responding user and team, for KPI 5: KPI 2's figures (inbound event →
 * first later outbound reply within the default window) by who replied. All filters apply to the
 * inbound events, exactly as in KPI 2, so a user's (team's) median here equals the median of that
 * user's (team's) row in /analytics/response-times with the same filters — and within one request
 * (a dashboard) both read the same computation.
 */
import type { Scope } from '../../db/scope.js';
import type { ResolvedParams } from '../params.js';
import { type PairGroups, summarizeResponsePairs } from './summarize-response-pairs.js';

/** KPI 2's default reply window: an inbound event unanswered for 7 days counts as unanswered. */
export const RESPONSE_WINDOW_MINUTES = 7 * 1440;

/**
 * `groups`: 'responders' reads only the per-user, per-team and overall figures (KPI 5 alone); 'all'
 * reads KPI 2's whole summary, which a dashboard reads for its response section anyway (once per
 * request), so its productivity section adds no statement.
 */
export async function getResponseMedians(
  scope: Scope,
  params: ResolvedParams,
  groups: Extract<PairGroups, 'all' | 'responders'> = 'responders',
) {
  const s = await summarizeResponsePairs(scope, params, params.period, RESPONSE_WINDOW_MINUTES, groups);
  const byUser = new Map([...s.byUser].map(([id, x]) => [id, x.median] as const));
  // Productivity keys users without a team by null.
  const byTeam = new Map<string | null, number | null>(
    [...s.byTeam].map(([id, x]) => [id === 'unknown' ? null : id, x.median] as const),
  );
  return { byUser, byTeam, overall: s.overall.median };
}
