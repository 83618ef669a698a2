/**
 * Response pairs: each inbound event in the period (filters apply to the inbound events) with the
 * first later outbound event to the same customer — in the same event_data.thread_id when the
 * inbound has one — no later than `windowMinutes` after it, or none.
 *
 * Computed on the fly with a LATERAL probe on the (company, customer, time) index rather than
 * materialized on ingest: a pair depends on later events, on deletes of replies and on PATCHes of
 * event_data.thread_id, so a stored pair would need re-pairing on each of those; the probe is
 * ~13 ms for a company's 90 days (PERF-NOTES) and is always exact. Ties at the same instant: the
 * lowest id replies.
 */
import { sql } from 'kysely';
import type { Scope } from '../../db/scope.js';
import { applyEventFilters } from '../../events/queries/filter-events.js';
import type { Period, ResolvedParams } from '../params.js';

export interface ResponsePair {
  inboundId: string;
  type: string;
  source: string;
  askedAt: Date;
  repliedAt: Date | null;
  replyUserId: string | null;
  replyTeamId: string | null;
}

export async function listResponsePairs(
  scope: Scope,
  params: Pick<ResolvedParams, 'filters'>,
  period: Period,
  windowMinutes: number,
): Promise<ResponsePair[]> {
  const rows = await applyEventFilters(scope.db.selectFrom('crm_activity_events as e'), scope.companyId, {
    ...params.filters,
    from: period.from.toISOString(),
    to: period.to.toISOString(),
  })
    .where('e.direction', '=', 'inbound')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('crm_activity_events as o')
          .select(['o.event_timestamp', 'o.user_id'])
          .whereRef('o.company_id', '=', 'e.company_id')
          .whereRef('o.customer_id', '=', 'e.customer_id')
          .where('o.is_deleted', '=', false)
          .where('o.direction', '=', 'outbound')
          .whereRef('o.event_timestamp', '>', 'e.event_timestamp')
          .where(
            sql<boolean>`o.event_timestamp <= e.event_timestamp + ${windowMinutes} * interval '1 minute'`,
          )
          .where(
            sql<boolean>`(e.event_data->>'thread_id' is null or o.event_data->>'thread_id' = e.event_data->>'thread_id')`,
          )
          .orderBy('o.event_timestamp')
          .orderBy('o.id')
          .limit(1)
          .as('r'),
      (join) => join.onTrue(),
    )
    .leftJoin('users as ru', (j) =>
      j.onRef('ru.company_id', '=', 'e.company_id').onRef('ru.id', '=', 'r.user_id'),
    )
    .select([
      'e.id',
      'e.event_type',
      'e.event_source',
      'e.event_timestamp as asked_at',
      'r.event_timestamp as replied_at',
      'r.user_id as reply_user_id',
      'ru.team_id as reply_team_id',
    ])
    .execute();
  return rows.map((r) => ({
    inboundId: r.id,
    type: r.event_type,
    source: r.event_source,
    askedAt: new Date(r.asked_at),
    repliedAt: r.replied_at ? new Date(r.replied_at) : null,
    replyUserId: r.reply_user_id ?? null,
    replyTeamId: r.reply_team_id ?? null,
  }));
}
