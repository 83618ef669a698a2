/**
 * The unanswered inbound events, as a condition on crm_activity_events (aliased `e`): the response-
 * time KPI's definition (analytics/queries/list-response-pairs.ts) in the primary database, so the
 * timeline lists exactly the events the KPI counts as unanswered. An inbound event is answered by
 * a later (strictly) non-deleted outbound event to the same customer — in the same
 * event_data.thread_id when the inbound event has one, else in any thread or none — within the
 * window, which the viewer may see (a figure is what their own timeline shows).
 */
import { type ExpressionBuilder, sql } from 'kysely';
import type { Database } from '../../db/types.js';
import type { ReadScope } from '../../visibility/policy.js';

type Eb = ExpressionBuilder<Database & { e: Database['crm_activity_events'] }, 'e'>;

/** The KPI's default window (GET /analytics/response-times `window_days`). */
export const UNANSWERED_WINDOW_DAYS = 7;

/** The view's part for GET /events' `unanswered` (its histogram and export take it too). */
export const unansweredView = (unanswered: boolean | undefined) =>
  unanswered ? { unansweredWithinDays: UNANSWERED_WINDOW_DAYS } : {};

/** `o` (a reply) visible to the viewer: visibility/sql-filter.ts's rows rule, on alias `o`. */
function replyVisible(companyId: string, rows: ReadScope['rows']) {
  if (rows === null) return sql<boolean>`true`;
  const owners = [...rows.owners];
  const teams = [...rows.teams];
  const any = [];
  if (owners.length) any.push(sql`o.user_id in (${sql.join(owners)})`);
  if (teams.length)
    any.push(
      sql`o.user_id in (select u.id from users u where u.company_id = ${companyId} and u.team_id in (${sql.join(teams)}))`,
    );
  return any.length ? sql<boolean>`(${sql.join(any, sql` or `)})` : sql<boolean>`false`;
}

/** Inbound events of `e` with no reply the viewer sees within `windowDays`. */
export function unansweredInbound(eb: Eb, companyId: string, visible: ReadScope, windowDays: number) {
  // Uses events_outbound_thread_idx / the customer-time index of outbound events (0026).
  return eb.and([
    eb('e.direction', '=', 'inbound'),
    sql<boolean>`not exists (
      select 1 from crm_activity_events o
      where o.company_id = ${companyId} and o.company_id = e.company_id
        and o.customer_id = e.customer_id and o.direction = 'outbound' and not o.is_deleted
        and o.event_timestamp > e.event_timestamp
        and o.event_timestamp <= e.event_timestamp + make_interval(days => ${windowDays}::int)
        and (not (e.event_data ? 'thread_id') or o.event_data->>'thread_id' = e.event_data->>'thread_id')
        and ${replyVisible(companyId, visible.rows)}
    )`,
  ]);
}
