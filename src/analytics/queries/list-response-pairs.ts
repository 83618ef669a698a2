/**
 * Response pairs: each inbound event in the period (filters apply to the inbound events) with the
 * first later outbound event to the same customer — in the same event_data.thread_id when the
 * inbound has one — no later than `windowMinutes` after it, or none. Ties at the same instant: the
 * lowest id replies.
 *
 * Computed on the fly, not materialized on ingest: a pair depends on later events, on deletes of
 * replies and on PATCHes of event_data.thread_id, so a stored pair would need re-pairing on each.
 * One pass with a window frame (PERF-NOTES), not a LATERAL probe per inbound event: a probe scans
 * every event of a busy customer inside the window when none matches the thread (8 s for a week of
 * a 1M-event company); the frame sorts the period's inbound and outbound events once.
 * "Next outbound after this row" = min over the rows after it in time order, i.e. the rows
 * *preceding* it when sorted by time descending (inbound before outbound at the same instant, so
 * a reply must be strictly later). The min is taken over a sortable text tag — zero-padded epoch
 * microseconds, then id, then user — so it also says who replied (collation "C": bytewise).
 */
import { sql } from 'kysely';
import type { Scope } from '../../db/scope.js';
import type { Period, ResolvedParams } from '../params.js';
import { eventsIn } from './period-filter.js';

export interface ResponsePair {
  inboundId: string;
  type: string;
  source: string;
  askedAt: Date;
  repliedAt: Date | null;
  replyUserId: string | null;
  replyTeamId: string | null;
}

const tag = (alias: string) =>
  sql`(lpad((extract(epoch from ${sql.ref(`${alias}.event_timestamp`)}) * 1000000)::bigint::text, 20, '0')
    || ${sql.ref(`${alias}.id`)}::text || ${sql.ref(`${alias}.user_id`)}::text) collate "C"`;

export async function listResponsePairs(
  scope: Scope,
  params: Pick<ResolvedParams, 'filters'>,
  period: Period,
  windowMinutes: number,
): Promise<ResponsePair[]> {
  const inbound = eventsIn(scope, params, period)
    .where('e.direction', '=', 'inbound')
    .select(['e.id', 'e.customer_id', 'e.event_type', 'e.event_source', 'e.event_timestamp'])
    .select(sql<string | null>`e.event_data->>'thread_id'`.as('thread'));
  const horizon = new Date(period.to.getTime() + windowMinutes * 60_000);
  const { rows } = await sql<{
    id: string;
    event_type: string;
    event_source: string;
    event_timestamp: Date;
    reply: string | null;
  }>`
    with ib as (${inbound}),
    cand as (
      select customer_id, thread, event_timestamp, 0 as kind, id, event_type, event_source, null::text collate "C" as tag
      from ib
      union all
      select o.customer_id, o.event_data->>'thread_id', o.event_timestamp, 1, o.id, null, null, ${tag('o')}
      from crm_activity_events o
      where o.company_id = ${scope.companyId}::uuid and not o.is_deleted and o.direction = 'outbound'
        and o.event_timestamp > ${period.from} and o.event_timestamp <= ${horizon}),
    w as (
      select kind, id, event_type, event_source, event_timestamp, thread,
        min(tag) over (partition by customer_id order by event_timestamp desc, kind
          rows between unbounded preceding and 1 preceding) as any_reply,
        min(tag) over (partition by customer_id, thread order by event_timestamp desc, kind
          rows between unbounded preceding and 1 preceding) as thread_reply
      from cand)
    select id, event_type, event_source, event_timestamp,
      case when thread is null then any_reply else thread_reply end as reply
    from w where kind = 0`.execute(scope.db);

  const pairs = rows.map((r) => {
    const askedAt = new Date(r.event_timestamp);
    const repliedUs = r.reply ? Number(r.reply.slice(0, 20)) : null;
    // The first later reply beyond the window means no reply within it (later ones are later still).
    const inWindow = repliedUs !== null && repliedUs / 1000 - askedAt.getTime() <= windowMinutes * 60_000;
    return {
      inboundId: r.id,
      type: r.event_type,
      source: r.event_source,
      askedAt,
      repliedAt: inWindow && repliedUs !== null ? new Date(repliedUs / 1000) : null,
      replyUserId: inWindow && r.reply ? r.reply.slice(56, 92) : null,
      replyTeamId: null as string | null,
    };
  });
  return attachTeams(scope, pairs);
}

/** The responding users' current teams, from the directory (one small query). */
async function attachTeams(scope: Scope, pairs: ResponsePair[]): Promise<ResponsePair[]> {
  const ids = [...new Set(pairs.flatMap((p) => (p.replyUserId ? [p.replyUserId] : [])))];
  if (ids.length === 0) return pairs;
  const users = await scope.db
    .selectFrom('users')
    .select(['id', 'team_id'])
    .where('company_id', '=', scope.companyId)
    .where('id', 'in', ids)
    .execute();
  const teams = new Map(users.map((u) => [u.id, u.team_id]));
  return pairs.map((p) => ({ ...p, replyTeamId: p.replyUserId ? (teams.get(p.replyUserId) ?? null) : null }));
}
