/**
 * Median response time per responding user and team, for KPI 5: KPI 2's response pairs (inbound
 * event → first later outbound reply within the window) grouped by who replied.
 */
import type { Scope } from '../../db/scope.js';
import type { ResolvedParams } from '../params.js';
import { percentileCont, round4 } from '../stats.js';
import { listResponsePairs } from './list-response-pairs.js';

/** KPI 2's default reply window: an inbound event unanswered for 7 days counts as unanswered. */
export const RESPONSE_WINDOW_MINUTES = 7 * 1440;

/** Rounded like KPI 2's figures, so the two endpoints show the same median. */
function medianOf(values: number[]) {
  return round4(
    percentileCont(
      [...values].sort((a, b) => a - b),
      0.5,
    ),
  );
}

/** Appends in place (copying the list per pair was quadratic in a user's replies). */
function push<K>(m: Map<K, number[]>, key: K, value: number) {
  const list = m.get(key);
  if (list) list.push(value);
  else m.set(key, [value]);
}

/**
 * All filters apply to the inbound events, exactly as in KPI 2, so a user's (team's) median here
 * equals the median of that user's (team's) row in /analytics/response-times with the same filters.
 */
export async function getResponseMedians(scope: Scope, params: ResolvedParams) {
  const pairs = await listResponsePairs(scope, params, params.period, RESPONSE_WINDOW_MINUTES);
  const users = new Map<string, number[]>();
  const teams = new Map<string | null, number[]>();
  const all: number[] = [];
  for (const p of pairs) {
    if (!p.repliedAt || !p.replyUserId) continue;
    const minutes = (p.repliedAt.getTime() - p.askedAt.getTime()) / 60_000;
    push(users, p.replyUserId, minutes);
    push(teams, p.replyTeamId, minutes);
    all.push(minutes);
  }
  const medians = <K>(m: Map<K, number[]>) => new Map([...m].map(([k, v]) => [k, medianOf(v)] as const));
  return { byUser: medians(users), byTeam: medians(teams), overall: medianOf(all) };
}
