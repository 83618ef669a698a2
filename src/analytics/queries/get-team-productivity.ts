/**
 * KPI 5, team productivity: per user and per team, in one scan of the period's events (hashed grouping sets),
 * plus each team's members with rank, deviation from the team mean and workload balance (Gini).
 */
import { sql } from 'kysely';
import type { Scope } from '../../db/scope.js';
import type { ResolvedParams } from '../params.js';
import { periodEvents, ratio, SUCCESS_OUTCOMES } from './period-events.js';
import { gini, rankDescending } from './workload.js';

export interface Figures {
  activities: number;
  by_type: Record<string, number>;
  /** Sum of duration_minutes (events without a duration add 0), in minutes. */
  duration_minutes: number;
  /** Distinct customers with at least one event. */
  customers_touched: number;
  /** Events of type task with status completed. */
  tasks_completed: number;
  with_outcome: number;
  successes: number;
  /** successes ÷ events with a recorded outcome; null when none. */
  outcome_rate: number | null;
  /** Median minutes from an inbound event to this user's (team's) reply; null when no replies. */
  median_response_minutes: number | null;
}

export interface UserFigures extends Figures {
  user_id: string;
  name: string | null;
  /** "unknown" once presented; null while the query runs. */
  team_id: string | null;
}

/** A user as presented: team_id "unknown" instead of null. */
export type PresentedUser = Omit<UserFigures, 'team_id'> & { team_id: string };

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

/** Median response minutes per responding user and per team, supplied by the response-time KPI. */
export type ResponseMedians = (
  scope: Scope,
  params: ResolvedParams,
) => Promise<{
  byUser: Map<string, number | null>;
  byTeam: Map<string | null, number | null>;
  overall: number | null;
}>;

/** Users without a team (or unknown to the directory) are reported under this team id. */
export const UNKNOWN = 'unknown';

const empty = (): Figures => ({
  activities: 0,
  by_type: {},
  duration_minutes: 0,
  customers_touched: 0,
  tasks_completed: 0,
  with_outcome: 0,
  successes: 0,
  outcome_rate: null,
  median_response_minutes: null,
});

interface Row {
  g: number;
  user_id: string | null;
  team_id: string | null;
  event_type: string | null;
  n: number;
  duration: number;
  customers: number;
  tasks: number;
  with_outcome: number;
  successes: number;
}

/**
 * One pass over the period's events, grouped two ways at once: (user, customer) and (user, type).
 * Neither grouping needs a distinct aggregate, so PostgreSQL can hash both in the same scan instead
 * of sorting the period once per grouping set (count(distinct) forced four sorts: 8.6 s for 2.5M
 * events). Distinct customers per user are then the user's (user, customer) groups, and per team
 * and overall a distinct over those groups (at most users × customers rows, not events).
 */
async function scan(scope: Scope, params: ResolvedParams, success: string[]): Promise<Row[]> {
  // Only the columns the aggregates need, with event_data reduced to booleans before grouping.
  const ev = periodEvents(scope, params).select([
    'e.user_id',
    'e.event_type',
    'e.customer_id',
    'e.duration_minutes',
    sql<boolean>`e.event_type = 'task' and e.status = 'completed'`.as('task_done'),
    sql<boolean>`e.outcome is not null`.as('has_outcome'),
    sql<boolean | null>`e.outcome = any(${success}::text[])`.as('success'),
  ]);
  const { rows } = await sql<Row>`
    with grouped as materialized (
      select grouping(e.customer_id, e.event_type) as g, e.user_id, e.customer_id, e.event_type,
        count(*)::int as n, coalesce(sum(e.duration_minutes), 0)::bigint as duration,
        count(*) filter (where e.task_done)::int as tasks,
        count(*) filter (where e.has_outcome)::int as with_outcome,
        count(*) filter (where e.success)::int as successes
      from (${ev}) e
      group by grouping sets ((e.user_id, e.customer_id), (e.user_id, e.event_type))),
    touched as (
      -- g = 1: grouped by (user, customer), event_type not grouped.
      select x.*, u.team_id from grouped x
      left join users u on u.company_id = ${scope.companyId}::uuid and u.id = x.user_id
      where x.g = 1)
    select 1 as g, user_id::text, null::text as team_id, event_type, n, 0 as duration, 0 as customers,
      0 as tasks, 0 as with_outcome, 0 as successes
    from grouped where g = 2
    union all
    select 2, user_id::text, team_id::text, null, sum(n)::int, sum(duration)::int, count(*)::int,
      sum(tasks)::int, sum(with_outcome)::int, sum(successes)::int
    from touched group by user_id, team_id
    union all
    select 6, null, team_id::text, null, sum(n)::int, sum(duration)::int, count(distinct customer_id)::int,
      sum(tasks)::int, sum(with_outcome)::int, sum(successes)::int
    from touched group by team_id
    union all
    select 7, null, null, null, coalesce(sum(n), 0)::int, coalesce(sum(duration), 0)::int,
      count(distinct customer_id)::int, coalesce(sum(tasks), 0)::int, coalesce(sum(with_outcome), 0)::int,
      coalesce(sum(successes), 0)::int
    from touched`.execute(scope.db);
  return rows;
}

function add(f: Figures, r: Row) {
  f.activities = r.n;
  f.duration_minutes = r.duration;
  f.customers_touched = r.customers;
  f.tasks_completed = r.tasks;
  f.with_outcome = r.with_outcome;
  f.successes = r.successes;
  f.outcome_rate = ratio(r.successes, r.with_outcome);
}

export async function getTeamProductivity(
  scope: Scope,
  params: ResolvedParams,
  opts: { success?: string[]; responseMedians?: ResponseMedians } = {},
) {
  // The scan, the response medians and the team names are independent: run them concurrently.
  const mediansP = opts.responseMedians?.(scope, params);
  const namesP = teamNames(scope);
  // Awaited below; mark handled now so a rejection while the scan runs is not reported as unhandled.
  mediansP?.catch(() => {});
  namesP.catch(() => {});
  const rows = await scan(scope, params, opts.success ?? SUCCESS_OUTCOMES);
  const users = new Map<string, UserFigures>();
  const teams = new Map<string | null, Figures>();
  const totals = empty();
  const userOf = (id: string) => {
    const u = users.get(id) ?? { user_id: id, name: null, team_id: null, ...empty() };
    users.set(id, u);
    return u;
  };
  for (const r of rows) {
    if (r.g === 1 && r.user_id) userOf(r.user_id).by_type[r.event_type as string] = r.n;
    else if (r.g === 2 && r.user_id) {
      const u = userOf(r.user_id);
      u.team_id = r.team_id;
      add(u, r);
    } else if (r.g === 7) add(totals, r);
    else if (r.g === 6) {
      const t = teams.get(r.team_id) ?? empty();
      add(t, r);
      teams.set(r.team_id, t);
    }
  }
  for (const u of users.values()) {
    const t = teams.get(u.team_id);
    for (const [type, n] of Object.entries(u.by_type)) {
      if (t) t.by_type[type] = (t.by_type[type] ?? 0) + n;
      totals.by_type[type] = (totals.by_type[type] ?? 0) + n;
    }
  }
  await addDirectory(scope, params, users, teams);
  if (mediansP) {
    const m = await mediansP;
    for (const u of users.values()) u.median_response_minutes = m.byUser.get(u.user_id) ?? null;
    for (const [id, t] of teams) t.median_response_minutes = m.byTeam.get(id) ?? null;
    totals.median_response_minutes = m.overall;
  }
  const shown: PresentedUser[] = [...users.values()]
    .sort(byActivity)
    .map((u) => ({ ...u, team_id: u.team_id ?? UNKNOWN }));
  return { totals, users: shown, teams: presentTeams(await namesP, users, teams) };
}

const byActivity = (a: UserFigures, b: UserFigures) =>
  b.activities - a.activities || (a.user_id < b.user_id ? -1 : 1);

/**
 * Names and team of every user, plus the active members of each shown team who have no events:
 * a member who did nothing still weighs in the team mean and the Gini coefficient. With a user_id
 * filter only those users are members.
 */
async function addDirectory(
  scope: Scope,
  params: ResolvedParams,
  users: Map<string, UserFigures>,
  teams: Map<string | null, Figures>,
) {
  const teamIds = [...new Set([...teams.keys(), ...(params.filters.team_id ?? [])])].filter(
    (t): t is string => t !== null,
  );
  for (const id of params.filters.team_id ?? []) if (!teams.has(id)) teams.set(id, empty());
  const onlyUsers = params.filters.user_id;
  const ids = [...users.keys(), ...(onlyUsers ?? [])];
  const withMembers = teamIds.length > 0 && !onlyUsers?.length;
  if (ids.length === 0 && !withMembers) return;
  const found = await scope.db
    .selectFrom('users')
    .select(['id', 'name', 'team_id'])
    .where('company_id', '=', scope.companyId)
    .where((eb) =>
      eb.or([
        ...(ids.length ? [eb('id', 'in', ids)] : []),
        ...(withMembers ? [eb.and([eb('team_id', 'in', teamIds), eb('active', '=', true)])] : []),
      ]),
    )
    .execute();
  for (const d of found) {
    const u = users.get(d.id) ?? { user_id: d.id, name: null, team_id: d.team_id, ...empty() };
    u.name = d.name;
    users.set(d.id, u);
    if (!teams.has(u.team_id)) teams.set(u.team_id, empty());
  }
}

async function teamNames(scope: Scope) {
  const rows = await scope.db
    .selectFrom('teams')
    .select(['id', 'name'])
    .where('company_id', '=', scope.companyId)
    .execute();
  return new Map(rows.map((t) => [t.id, t.name]));
}

function presentTeams(
  names: Map<string, string>,
  users: Map<string, UserFigures>,
  teams: Map<string | null, Figures>,
): TeamFigures[] {
  const out: TeamFigures[] = [];
  for (const [id, t] of teams) {
    const list = [...users.values()].filter((u) => u.team_id === id).sort(byActivity);
    const counts = list.map((u) => u.activities);
    const mean = list.length ? counts.reduce((s, x) => s + x, 0) / list.length : 0;
    const ranks = rankDescending(counts);
    const members = list.map((u, i) => ({
      ...u,
      rank: ranks[i] as number,
      deviation: u.activities - mean,
      deviation_relative: ratio(u.activities - mean, mean),
      share: ratio(u.activities, t.activities),
    }));
    out.push({
      ...t,
      team_id: id ?? UNKNOWN,
      name: id ? (names.get(id) ?? null) : null,
      member_count: list.length,
      mean_activities: mean,
      gini: gini(counts),
      members: members.map((m) => ({ ...m, team_id: m.team_id ?? UNKNOWN })),
    });
  }
  return out.sort((a, b) => b.activities - a.activities || (String(a.team_id) < String(b.team_id) ? -1 : 1));
}
