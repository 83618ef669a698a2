/**
 * `crm-timeline analytics verify`: the replica against the system of record, per company — live
 * events per UTC day with checksums (sum of change seqs, which moves on every update; sum of
 * durations and of timestamps), the directory facts (segments, teams, active flags), and the
 * writer's per-customer tails against the replica's own events.
 */
import { sql } from 'kysely';
import type { Scope } from '../../db/scope.js';
import type { AnalyticsReplica } from './replica.js';
import { tailDifferences } from './sequence-tails.js';

export interface DayDigest {
  day: string;
  events: number;
  seqs: number;
  minutes: number;
  /** Sum of event instants in whole seconds since the day's start (a moved event changes it). */
  seconds: number;
}

export interface Difference {
  what: string;
  source: unknown;
  replica: unknown;
}

const DAY_US = 86_400_000_000;

async function sourceDays(scope: Scope): Promise<DayDigest[]> {
  const { rows } = await sql<DayDigest>`
    select to_char(date_trunc('day', event_timestamp at time zone 'UTC'), 'YYYY-MM-DD') as day,
      count(*)::int as events, sum(seq)::float8 as seqs, coalesce(sum(duration_minutes), 0)::float8 as minutes,
      sum(floor(extract(epoch from event_timestamp)) - floor(extract(epoch from event_timestamp) / 86400) * 86400)::float8 as seconds
    from crm_activity_events where company_id = ${scope.companyId} and not is_deleted
    group by 1 order by 1`.execute(scope.db);
  return rows.map((r) => ({
    ...r,
    events: Number(r.events),
    seqs: Number(r.seqs),
    minutes: Number(r.minutes),
    seconds: Number(r.seconds),
  }));
}

async function replicaDays(replica: AnalyticsReplica, companyId: string): Promise<DayDigest[]> {
  return replica.read<DayDigest>(
    `select strftime(make_timestamp((ts_us // ${DAY_US}) * ${DAY_US}), '%Y-%m-%d') as day,
       count(*) as events, sum(seq)::double as seqs, coalesce(sum(duration_minutes), 0)::double as minutes,
       sum((ts_us // 1000000) - (ts_us // ${DAY_US}) * 86400)::double as seconds
     from events where company_id = $c::uuid group by 1 order by 1`,
    { c: companyId },
  );
}

/** Differences between the replica and the system of record for one company (empty: equal). */
export async function verifyCompany(replica: AnalyticsReplica, scope: Scope): Promise<Difference[]> {
  const [src, rep] = await Promise.all([sourceDays(scope), replicaDays(replica, scope.companyId)]);
  const diffs: Difference[] = [];
  const byDay = new Map(rep.map((d) => [d.day, d]));
  for (const s of src) {
    const r = byDay.get(s.day);
    byDay.delete(s.day);
    if (
      !r ||
      r.events !== s.events ||
      r.seqs !== s.seqs ||
      r.minutes !== s.minutes ||
      r.seconds !== s.seconds
    )
      diffs.push({ what: `events on ${s.day}`, source: s, replica: r ?? null });
  }
  for (const r of byDay.values()) diffs.push({ what: `events on ${r.day}`, source: null, replica: r });

  const [customers, users] = await Promise.all([
    scope.db
      .selectFrom('customers')
      .select(['id', 'segment'])
      .where('company_id', '=', scope.companyId)
      .execute(),
    scope.db
      .selectFrom('users')
      .select(['id', 'team_id', 'active'])
      .where('company_id', '=', scope.companyId)
      .execute(),
  ]);
  const [rc, ru] = await Promise.all([
    replica.read<{ id: string; segment: string | null }>(
      'select id::varchar as id, segment from customers where company_id = $c::uuid',
      { c: scope.companyId },
    ),
    replica.read<{ id: string; team_id: string | null; active: boolean }>(
      'select id::varchar as id, team_id::varchar as team_id, active from users where company_id = $c::uuid',
      { c: scope.companyId },
    ),
  ]);
  const segs = new Map(rc.map((c) => [c.id, c.segment]));
  // A customer the replica never heard of counts as one without a segment (both read 'unknown').
  const badSegments = customers.filter((c) => (segs.get(c.id) ?? null) !== c.segment).length;
  if (badSegments)
    diffs.push({ what: 'customer segments', source: customers.length, replica: `${badSegments} differ` });
  const us = new Map(ru.map((u) => [u.id, u]));
  const badUsers =
    users.filter((u) => us.get(u.id)?.team_id !== u.team_id || us.get(u.id)?.active !== u.active).length +
    Math.max(0, ru.length - users.length);
  if (badUsers) diffs.push({ what: 'user teams', source: users.length, replica: `${badUsers} differ` });
  // The writer's own state, against the replica's events (it gives appended events their facts).
  const tails = await tailDifferences(replica, scope.companyId);
  if (tails)
    diffs.push({
      what: "customers' last events (the writer's tails)",
      source: 'events',
      replica: `${tails} rows differ`,
    });
  return diffs;
}
