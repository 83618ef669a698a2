/**
 * KPI 8, Real-time: what happened in the last minutes, and what is overdue, as of `now`, from the
 * replica (caught up to the last committed change before it answers, like every KPI). Titles of
 * the few overdue items listed are read from the system of record.
 */
import type { Scope } from '../../db/scope.js';
import { REDACTED_TITLE } from '../../visibility/content.js';
import { findUnreadable } from '../../visibility/queries.js';
import type { ResolvedParams } from '../params.js';
import { eventConditions } from '../replica/event-filters.js';
import { US_PER_MS } from '../replica/local-time.js';
import { queryReplica } from '../replica/query.js';

const MINUTE = 60_000;
/** The request's filters within the viewer's visible events. */
type Selection = Pick<ResolvedParams, 'filters' | 'visible'>;

/** Events per type in [now − 5 min, now] and [now − 60 min, now]. */
export async function countRecentByType(scope: Scope, sel: Selection, now: Date) {
  const rows = await queryReplica<{ type: string; n5: number; n60: number }>(scope, async (p) => {
    const where = await eventConditions(scope, sel, null, p);
    const end = p.int(now.getTime() * US_PER_MS);
    return `select e.event_type as type,
        count(*) filter (where e.ts_us >= ${p.int((now.getTime() - 5 * MINUTE) * US_PER_MS)}) as n5,
        count(*) as n60
      from events e
      where ${where} and e.ts_us >= ${p.int((now.getTime() - 60 * MINUTE) * US_PER_MS)} and e.ts_us <= ${end}
      group by 1`;
  });
  return rows.map((r) => ({ type: r.type, last5: r.n5, last60: r.n60 }));
}

/** Events per UTC minute for the 60 minutes ending with the current (partial) minute. */
export async function countPerMinute(scope: Scope, sel: Selection, now: Date) {
  const current = Math.floor(now.getTime() / MINUTE) * MINUTE;
  const first = current - 59 * MINUTE;
  const rows = await queryReplica<{ minute: number; n: number }>(scope, async (p) => {
    const where = await eventConditions(scope, sel, null, p);
    return `select (e.ts_us // 60000000) * 60000 as minute, count(*) as n
      from events e
      where ${where} and e.ts_us >= ${p.int(first * US_PER_MS)} and e.ts_us <= ${p.int(now.getTime() * US_PER_MS)}
      group by 1`;
  });
  const counts = new Map(rows.map((r) => [r.minute, r.n]));
  return Array.from({ length: 60 }, (_, i) => {
    const t = first + i * MINUTE;
    return { minute: new Date(t).toISOString(), events: counts.get(t) ?? 0 };
  });
}

/**
 * Scheduled activities whose due time is past: due = event_data.due_at when it is an ISO timestamp,
 * else event_timestamp. Oldest first (ties by id), up to `limit`, and the total count.
 */
export async function listOverdue(scope: Scope, sel: Selection, now: Date, limit: number) {
  // The count and the oldest `limit` apart: a window count over every overdue event would make
  // DuckDB materialize them all (2M at 10M events) instead of keeping a top-N heap.
  const [rows, total] = await Promise.all([
    queryReplica<{ id: string; due_us: number }>(scope, async (p) => {
      const where = await eventConditions(scope, sel, null, p);
      return `select e.id::varchar as id, e.due_us
        from events e
        where ${where} and e.status = 'scheduled' and e.due_us < ${p.int(now.getTime() * US_PER_MS)}
        order by e.due_us, e.id
        limit ${p.int(limit)}`;
    }),
    countOverdue(scope, sel, now),
  ]);
  const details = rows.length
    ? await scope.db
        .selectFrom('crm_activity_events')
        .select(['id', 'event_title', 'event_type', 'user_id', 'customer_id'])
        .where('company_id', '=', scope.companyId)
        .where(
          'id',
          'in',
          rows.map((r) => r.id),
        )
        .execute()
    : [];
  const byId = new Map(details.map((d) => [d.id, d]));
  const hidden = new Set(await findUnreadable(scope, sel.visible.reader, [...byId.keys()]));
  return {
    total,
    items: rows.flatMap((r) => {
      const d = byId.get(r.id);
      if (!d) return []; // deleted since the replica read it
      const dueMs = Math.floor(r.due_us / US_PER_MS);
      return [
        {
          id: r.id,
          ...(hidden.has(r.id) ? { title: REDACTED_TITLE, redacted: true } : { title: d.event_title }),
          type: d.event_type,
          user_id: d.user_id,
          customer_id: d.customer_id,
          due_at: new Date(dueMs).toISOString(),
          overdue_minutes: Math.floor((now.getTime() - dueMs) / MINUTE),
        },
      ];
    }),
  };
}

/** How many scheduled events are overdue (all of them, not only those listed). */
async function countOverdue(scope: Scope, sel: Selection, now: Date): Promise<number> {
  const rows = await queryReplica<{ n: number }>(scope, async (p) => {
    const where = await eventConditions(scope, sel, null, p);
    return `select count(*) as n from events e
      where ${where} and e.status = 'scheduled' and e.due_us < ${p.int(now.getTime() * US_PER_MS)}`;
  });
  return rows[0]?.n ?? 0;
}
