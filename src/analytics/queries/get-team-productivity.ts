/**
 * KPI 5, team productivity: per user and per team, from the analytics replica in one statement, plus
 * each team's members with rank, deviation from the team mean and workload balance (Gini).
 */
import type { Scope } from '../../db/scope.js';
import type { Period, ResolvedParams } from '../params.js';
import { eventConditions } from '../replica/event-filters.js';
import { queryReplica } from '../replica/query.js';
import type { SqlParams } from '../replica/sql-params.js';
import { ratio, SUCCESS_OUTCOMES } from './period-events.js';
import { byActivity, presentTeams, UNKNOWN } from './workload.js';

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

/** Median response minutes per responding user and per team, supplied by the response-time KPI. */
export type ResponseMedians = (
  scope: Scope,
  params: ResolvedParams,
) => Promise<{
  byUser: Map<string, number | null>;
  byTeam: Map<string | null, number | null>;
  overall: number | null;
}>;

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

/**
 * What one row of the statement carries: `figures` counts per (user, type, outcome); `customers_*`
 * distinct customers per user, per team and in all (in `n`); `member` a directory user to list.
 */
interface Row {
  kind: 'figures' | 'customers_user' | 'customers_team' | 'customers_all' | 'member';
  user_id: string | null;
  team_id: string | null;
  event_type: string | null;
  outcome: string | null;
  n: number;
  duration: number;
  /** Events with status completed (tasks completed, for the row of type task). */
  completed: number;
}

/**
 * Members listed besides users with events: with a user filter only those users; otherwise the active
 * directory users of every team shown (teams with events and filtered teams): a member who did nothing
 * still weighs in the team mean and the Gini coefficient.
 */
function memberCondition(filters: ResolvedParams['filters'], p: SqlParams): string {
  if (filters.user_id?.length) return `list_contains(${p.uuids(filters.user_id)}, m.id)`;
  const filtered = filters.team_id?.length ? ` or list_contains(${p.uuids(filters.team_id)}, m.team_id)` : '';
  return `m.active and (m.team_id in (select team_id from seen)${filtered})`;
}

/**
 * Two scans of the period's events, both hash aggregates with small keys: (user, customer) pairs give
 * the distinct customers (per user a count of pairs, per team and in all a distinct count over the
 * pairs, far fewer rows than events), and (user, type, outcome) gives every other figure. Teams are
 * joined to the aggregates, not to every event. count(distinct) over grouping sets, the obvious one
 * pass, measured several times slower in DuckDB (a distinct hash table per grouping set).
 */
async function scan(scope: Scope, params: ResolvedParams): Promise<Row[]> {
  return queryReplica<Row>(scope, async (p) => {
    const where = await eventConditions(scope, params, params.period, p);
    const company = p.uuid(scope.companyId);
    return `with pairs as materialized (
        select e.user_id, e.customer_id from events e where ${where} group by all),
      seen as (
        select x.user_id, u.team_id from (select distinct user_id from pairs) x
        left join users u on u.company_id = ${company} and u.id = x.user_id),
      figures as (
        select e.user_id, e.event_type, e.outcome, count(*) as n,
          coalesce(sum(e.duration_minutes), 0)::bigint as duration,
          count(*) filter (where e.status = 'completed') as completed
        from events e where ${where} group by all)
      select 'figures' as kind, f.user_id::varchar as user_id, s.team_id::varchar as team_id, f.event_type,
        f.outcome, f.n, f.duration, f.completed
      from figures f join seen s on s.user_id = f.user_id
      union all
      select 'customers_user', user_id::varchar, null, null, null, count(*), 0, 0 from pairs group by user_id
      union all
      select 'customers_team', null, s.team_id::varchar, null, null, count(distinct p.customer_id), 0, 0
      from pairs p join seen s on s.user_id = p.user_id group by s.team_id
      union all
      select 'customers_all', null, null, null, null, count(distinct customer_id), 0, 0 from pairs
      union all
      select 'member', m.id::varchar, m.team_id::varchar, null, null, 0, 0, 0 from users m
      where m.company_id = ${company} and (${memberCondition(params.filters, p)})`;
  });
}

function addFigures(f: Figures, r: Row, success: Set<string>) {
  const type = r.event_type as string;
  f.activities += r.n;
  f.by_type[type] = (f.by_type[type] ?? 0) + r.n;
  f.duration_minutes += r.duration;
  if (type === 'task') f.tasks_completed += r.completed;
  if (r.outcome !== null) {
    f.with_outcome += r.n;
    if (success.has(r.outcome)) f.successes += r.n;
  }
}

function addUp(into: Figures, f: Figures) {
  into.activities += f.activities;
  for (const [type, n] of Object.entries(f.by_type)) into.by_type[type] = (into.by_type[type] ?? 0) + n;
  into.duration_minutes += f.duration_minutes;
  into.tasks_completed += f.tasks_completed;
  into.with_outcome += f.with_outcome;
  into.successes += f.successes;
}

export async function getTeamProductivity(
  scope: Scope,
  params: ResolvedParams,
  opts: { success?: string[]; responseMedians?: ResponseMedians } = {},
) {
  // The scan and the response medians are independent: run them concurrently.
  const mediansP = opts.responseMedians?.(scope, params);
  // Awaited below; mark handled now so a rejection while the scan runs is not reported as unhandled.
  mediansP?.catch(() => {});
  const success = new Set(opts.success ?? SUCCESS_OUTCOMES);
  const rows = await scan(scope, params);
  const users = new Map<string, UserFigures>();
  const teams = new Map<string | null, Figures>();
  const totals = empty();
  const userOf = (id: string, team: string | null) => {
    const u = users.get(id) ?? { user_id: id, name: null, team_id: team, ...empty() };
    users.set(id, u);
    return u;
  };
  const teamOf = (id: string | null) => {
    const t = teams.get(id) ?? empty();
    teams.set(id, t);
    return t;
  };
  for (const id of params.filters.team_id ?? []) teamOf(id);
  for (const r of rows) {
    if (r.kind === 'figures') addFigures(userOf(r.user_id as string, r.team_id), r, success);
    else if (r.kind === 'member') teamOf(userOf(r.user_id as string, r.team_id).team_id);
  }
  for (const u of users.values()) {
    addUp(teamOf(u.team_id), u);
    addUp(totals, u);
  }
  for (const r of rows) {
    if (r.kind === 'customers_user') userOf(r.user_id as string, null).customers_touched = r.n;
    else if (r.kind === 'customers_team') teamOf(r.team_id).customers_touched = r.n;
    else if (r.kind === 'customers_all') totals.customers_touched = r.n;
  }
  for (const f of [totals, ...users.values(), ...teams.values()])
    f.outcome_rate = ratio(f.successes, f.with_outcome);
  const names = await readNames(scope, [...users.keys()], [...teams.keys()]);
  for (const u of users.values()) u.name = names.users.get(u.user_id) ?? null;
  if (mediansP) {
    const m = await mediansP;
    for (const u of users.values()) u.median_response_minutes = m.byUser.get(u.user_id) ?? null;
    for (const [id, t] of teams) t.median_response_minutes = m.byTeam.get(id) ?? null;
    totals.median_response_minutes = m.overall;
  }
  const shown = [...users.values()].sort(byActivity).map((u) => ({ ...u, team_id: u.team_id ?? UNKNOWN }));
  return { totals, users: shown, teams: presentTeams(names.teams, users, teams) };
}

/** Names live in the system of record only: small look-ups by id. */
async function readNames(scope: Scope, userIds: string[], teamIds: (string | null)[]) {
  const ids = teamIds.filter((t): t is string => t !== null);
  const [users, teams] = await Promise.all([
    userIds.length
      ? scope.db
          .selectFrom('users')
          .select(['id', 'name'])
          .where('company_id', '=', scope.companyId)
          .where('id', 'in', userIds)
          .execute()
      : [],
    ids.length
      ? scope.db
          .selectFrom('teams')
          .select(['id', 'name'])
          .where('company_id', '=', scope.companyId)
          .where('id', 'in', ids)
          .execute()
      : [],
  ]);
  return {
    users: new Map(users.map((u) => [u.id, u.name])),
    teams: new Map(teams.map((t) => [t.id, t.name])),
  };
}

/**
 * Activities per user, per team (the user's current team, UNKNOWN without one) and in all over
 * `period`: all that productivity compares with the previous period, in one small aggregate.
 */
export async function countActivities(scope: Scope, params: ResolvedParams, period: Period) {
  const rows = await queryReplica<{ user_id: string; team_id: string | null; n: number }>(
    scope,
    async (p) => {
      const where = await eventConditions(scope, params, period, p);
      // Teams joined after counting: joining every event to users first cost DuckDB 4-5 times more.
      return `select x.user_id::varchar as user_id, u.team_id::varchar as team_id, x.n
      from (select e.user_id, count(*) as n from events e where ${where} group by all) x
      left join users u on u.company_id = ${p.uuid(scope.companyId)} and u.id = x.user_id`;
    },
  );
  const teams = new Map<string, number>();
  for (const r of rows) teams.set(r.team_id ?? UNKNOWN, (teams.get(r.team_id ?? UNKNOWN) ?? 0) + r.n);
  return {
    users: rows.map((r) => ({ user_id: r.user_id, activities: r.n })),
    teams: [...teams].map(([team_id, activities]) => ({ team_id, activities })),
    totals: { activities: rows.reduce((s, r) => s + r.n, 0) },
  };
}
