/**
 * Workload balance of KPI 5 as pure functions: each team's members ranked, their deviation from the
 * team mean and share of its activities, and the Gini coefficient (gini and ranks tested by hand).
 */
import type { Figures, PresentedUser, UserFigures } from './get-team-productivity.js';
import { ratio } from './period-events.js';

/** Users without a team (or unknown to the directory) are reported under this team id. */
export const UNKNOWN = 'unknown';

export interface Member extends PresentedUser {
  /** 1 = most activities; ties share a rank (1, 1, 3). */
  rank: number;
  /** activities − the team's mean activities per member. */
  deviation: number;
  /** deviation ÷ mean; null when the mean is 0. */
  deviation_relative: number | null;
  /** activities ÷ the team's activities; null when the team has none. */
  share: number | null;
}

export interface TeamFigures extends Figures {
  /** "unknown": users without a team (or unknown to the directory). */
  team_id: string;
  name: string | null;
  member_count: number;
  mean_activities: number;
  /** Gini coefficient of activities over members (0 = even, → 1 = one member does all); null if no activity. */
  gini: number | null;
  members: Member[];
}

/**
 * Gini coefficient of non-negative values: Σᵢ Σⱼ |xᵢ − xⱼ| ÷ (2 n² μ). 0 when all are equal, (n−1)/n when
 * one member does everything; null when there is nothing to share (no values or a zero total).
 */
export function gini(values: number[]): number | null {
  const n = values.length;
  const total = values.reduce((s, x) => s + x, 0);
  if (n === 0 || total === 0) return null;
  // Sorted form of the same sum, O(n log n): Σᵢ (2i − n − 1) x₍ᵢ₎ over ascending x, i from 1.
  const sorted = [...values].sort((a, b) => a - b);
  let acc = 0;
  sorted.forEach((x, i) => {
    acc += (2 * (i + 1) - n - 1) * x;
  });
  return acc / (n * total);
}

/** Competition ranks, highest first: [5, 9, 5, 1] → [2, 1, 2, 4]. */
export function rankDescending(values: number[]): number[] {
  return values.map((v) => 1 + values.filter((w) => w > v).length);
}

/** Most activities first, ties by user id. */
export const byActivity = (a: UserFigures, b: UserFigures) =>
  b.activities - a.activities || (a.user_id < b.user_id ? -1 : 1);

/** A member's place in their team by activities (Member's fields, without the figures). */
export type Standing = Pick<Member, 'rank' | 'deviation' | 'deviation_relative' | 'share'>;

/**
 * Each member's standing from the members' activities (in the same order) and the team's mean
 * activities per member; the team's activities are the members' sum.
 */
export function standings(counts: number[]): { mean: number; members: Standing[] } {
  const total = counts.reduce((s, x) => s + x, 0);
  const mean = counts.length ? total / counts.length : 0;
  const ranks = rankDescending(counts);
  return {
    mean,
    members: counts.map((n, i) => ({
      rank: ranks[i] as number,
      deviation: n - mean,
      deviation_relative: ratio(n - mean, mean),
      share: ratio(n, total),
    })),
  };
}

/** Every team with its members (users whose team it is), most activities first. */
export function presentTeams(
  names: Map<string, string>,
  users: Map<string, UserFigures>,
  teams: Map<string | null, Figures>,
): TeamFigures[] {
  const out: TeamFigures[] = [];
  for (const [id, t] of teams) {
    const list = [...users.values()].filter((u) => u.team_id === id).sort(byActivity);
    const counts = list.map((u) => u.activities);
    const { mean, members } = standings(counts);
    out.push({
      ...t,
      team_id: id ?? UNKNOWN,
      name: id ? (names.get(id) ?? null) : null,
      member_count: list.length,
      mean_activities: mean,
      gini: gini(counts),
      members: list.map((u, i) => ({ ...u, team_id: u.team_id ?? UNKNOWN, ...(members[i] as Standing) })),
    });
  }
  return out.sort((a, b) => b.activities - a.activities || (a.team_id < b.team_id ? -1 : 1));
}
