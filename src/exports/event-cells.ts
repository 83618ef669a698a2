/**
 * The lean read of an events export: keyset pages of only the fields the chosen columns show, plus
 * what the content rule needs (visibility, owner, owner's team, participants) — instead of the
 * timeline's whole presented event (24 columns, three JSON documents, three dates per row), which
 * held a 1M-event CSV export to ~20k rows/s. The rows are the timeline's own: the same filters
 * and visibility conditions (whereInView, with the unanswered queue's), the same order and keyset, and
 * each row whose content the viewer may not read goes through the timeline's redaction
 * (redactEvent), so an export never shows what GET /events withholds.
 */
import { type RawBuilder, type SelectQueryBuilder, sql } from 'kysely';
import type { Scope } from '../db/scope.js';
import type { Database } from '../db/types.js';
import { type EventsViewScope, whereInView } from '../events/queries/view-events.js';
import type { Event } from '../events/schema.js';
import { redactEvent } from '../visibility/redact.js';
import type { EventColumn, EventField } from './event-columns.js';

/** The view's events (filters, the viewer's visible events, unanswered) in an order. */
export interface EventsView extends EventsViewScope {
  order: 'asc' | 'desc';
}

type Events = Database & { e: Database['crm_activity_events'] };
type Row = Record<string, unknown> & { id: string; event_timestamp: Date | string };

/** Fields read straight from the events table. */
const PLAIN = new Set<EventField>([
  'event_timestamp',
  'event_type',
  'event_title',
  'direction',
  'status',
  'priority',
  'duration_minutes',
  'event_source',
  'sentiment',
  'event_description',
  'id',
  'customer_id',
  'contact_id',
  'user_id',
  'external_id',
]);

// The company is named as a constant as well as joined on: on Citus a correlated look-up is only
// accepted over a subquery when the whole statement routes to one shard, which needs the constant.
const userField = (column: 'name' | 'team_id', companyId: string) =>
  sql`(select u.${sql.ref(column)} from users u
    where u.company_id = ${companyId} and u.company_id = e.company_id and u.id = e.user_id limit 1)`;
const customerField = (column: 'name' | 'segment', companyId: string) =>
  sql`(select c.${sql.ref(column)} from customers c
    where c.company_id = ${companyId} and c.company_id = e.company_id and c.id = e.customer_id limit 1)`;

/** SQL of a field over the walked page `e` (directory names are primary-key probes for its rows only). */
const computed = (companyId: string): Partial<Record<EventField, RawBuilder<unknown>>> => ({
  // numeric arrives as text; the presenter makes it a number, float8 arrives as one.
  engagement_score: sql`e.engagement_score::float8`,
  event_data: sql`case when jsonb_typeof(e.event_data -> 'outcome') = 'string' then e.event_data ->> 'outcome' end`,
  customer_name: customerField('name', companyId),
  customer_segment: customerField('segment', companyId),
  user_name: userField('name', companyId),
  team_id: userField('team_id', companyId),
});

/** Event-table columns the page's select list reads: keyset, content-rule facts, directory keys. */
const ALWAYS = [
  'id',
  'event_timestamp',
  'company_id',
  'user_id',
  'customer_id',
  'visibility',
  'participants',
];

/** What a page reads: the table columns walked, and the select list over them (each field once). */
function selections(columns: readonly EventColumn[], companyId: string) {
  const COMPUTED = computed(companyId);
  const fields = new Set<EventField>(['id', 'event_timestamp', 'user_id', ...columns.map((c) => c.field)]);
  const raw = new Set(ALWAYS);
  for (const f of fields) if (PLAIN.has(f) || f === 'event_data' || f === 'engagement_score') raw.add(f);
  const list = [...fields].map((f) =>
    PLAIN.has(f) ? sql`e.${sql.ref(f)}` : sql`${COMPUTED[f]} as ${sql.ref(f)}`,
  );
  list.push(sql`e.visibility`);
  // The facts content.ts reads, only where its rule reads them: participants of `participants`
  // events, the owner's team of `team` events (unless the team column is chosen anyway).
  list.push(sql`case when e.visibility = 'participants' then e.participants end as participants`);
  if (!fields.has('team_id'))
    list.push(sql`case when e.visibility = 'team' then ${userField('team_id', companyId)} end as team_id`);
  return { walk: [...raw].map((c) => `e.${c}` as const), list };
}

/** One keyset page, walked in a subquery of its own as listTimelineEvents walks it (same plan). */
async function readPage(
  scope: Scope,
  view: EventsView,
  select: ReturnType<typeof selections>,
  limit: number,
  after?: { t: Date; id: string },
): Promise<Row[]> {
  const dir = view.order;
  let page: SelectQueryBuilder<Events, 'e', object> = whereInView(
    scope.db.selectFrom('crm_activity_events as e'),
    scope.companyId,
    view,
  );
  if (after)
    page = page.where((eb) =>
      eb(eb.refTuple('e.event_timestamp', 'e.id'), dir === 'desc' ? '<' : '>', eb.tuple(after.t, after.id)),
    );
  const walked = page
    .select(select.walk as never)
    .orderBy('e.event_timestamp', dir)
    .orderBy('e.id', dir)
    .limit(limit);
  const { rows } = await sql<Row>`select ${sql.join(select.list)} from (${walked}) e
    order by e.event_timestamp ${sql.raw(dir)}, e.id ${sql.raw(dir)}`.execute(scope.db);
  return rows;
}

/**
 * The view's rows as pages of column cells (key → cell), in the timeline's order; stops (without
 * error) once `signal` aborts. The next page is read while this one is written out.
 */
export async function* readEventCells(
  scope: Scope,
  view: EventsView,
  columns: readonly EventColumn[],
  pageRows: number,
  signal?: AbortSignal,
): AsyncGenerator<Array<Record<string, ReturnType<EventColumn['value']>>>> {
  const select = selections(columns, scope.companyId);
  const reader = view.visible.reader;
  const read = (after?: { t: Date; id: string }) => readPage(scope, view, select, pageRows + 1, after);
  let rows = await read();
  for (;;) {
    if (signal?.aborted) return;
    const more = rows.length > pageRows;
    if (more) rows.pop();
    const last = rows.at(-1);
    // (timestamp, id) is unique: the next page starts strictly after the last row, none repeats.
    const next = more && last ? read({ t: new Date(last.event_timestamp), id: last.id }) : null;
    next?.catch(() => {}); // awaited below; a consumer that stops early must not leave it unhandled
    yield rows.map((row) => {
      if ('event_data' in row) row.event_data = { outcome: row.event_data };
      // Only the fields read are present; redactEvent keeps them or replaces what it withholds.
      const event = redactEvent(reader, row as unknown as Event);
      const cells: Record<string, ReturnType<EventColumn['value']>> = {};
      for (const c of columns) cells[c.key] = c.value(event);
      return cells;
    });
    if (!next) return;
    rows = await next;
  }
}
