/**
 * The lean read of an events export: keyset pages of only the fields the chosen columns show, plus
 * what the content rule needs (visibility, owner, owner's team, participants) — instead of the
 * timeline's whole presented event (24 columns, three JSON documents, three dates per row), which
 * held a 1M-event CSV export to ~20k rows/s. The rows are the timeline's own: the same filters
 * and visibility conditions (whereInView, with the unanswered queue's), the same order and keyset, and
 * each row whose content the viewer may not read goes through the timeline's redaction
 * (redactEvent), so an export never shows what GET /events withholds. Directory names (and the
 * owner's team the content rule reads) are looked up per export, not per row (directory-names.ts).
 */
import { type RawBuilder, type SelectQueryBuilder, sql } from 'kysely';
import type { Scope } from '../db/scope.js';
import type { Database } from '../db/types.js';
import type { CursorPosition } from '../events/cursor.js';
import { exactInstant } from '../events/queries/list-events.js';
import { type EventsViewScope, whereInView } from '../events/queries/view-events.js';
import type { Event } from '../events/schema.js';
import { redactEvent } from '../visibility/redact.js';
import { DIRECTORY_FIELDS, type DirectoryRow, directoryFiller } from './directory-names.js';
import type { EventColumn, EventField } from './event-columns.js';

/** The view's events (filters, the viewer's visible events, unanswered) in an order. */
export interface EventsView extends EventsViewScope {
  order: 'asc' | 'desc';
}

type Events = Database & { e: Database['crm_activity_events'] };
type Row = DirectoryRow & { id: string; event_timestamp: Date | string };
type Cells = Record<string, ReturnType<EventColumn['value']>>;

/** Rows per slice handed to the renderer. */
const SLICE = 500;

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

/** SQL of a computed field over the walked page `e`. */
const COMPUTED: Partial<Record<EventField, RawBuilder<unknown>>> = {
  // numeric arrives as text; the presenter makes it a number, float8 arrives as one.
  engagement_score: sql`e.engagement_score::float8`,
  event_data: sql`case when jsonb_typeof(e.event_data -> 'outcome') = 'string' then e.event_data ->> 'outcome' end`,
};

/** Event-table columns the page's select list reads: keyset, content-rule facts, directory keys. */
const ALWAYS = ['id', 'event_timestamp', 'user_id', 'customer_id', 'visibility', 'participants'];

/** What a page reads: the table columns walked, and the select list over them (each field once). */
function selections(fields: ReadonlySet<EventField>) {
  const raw = new Set(ALWAYS);
  for (const f of fields) if (PLAIN.has(f) || f === 'event_data' || f === 'engagement_score') raw.add(f);
  const list = [...fields]
    .filter((f) => !DIRECTORY_FIELDS.has(f))
    .map((f) => (PLAIN.has(f) ? sql`e.${sql.ref(f)}` : sql`${COMPUTED[f]} as ${sql.ref(f)}`));
  // The facts content.ts reads: visibility, and participants only of `participants` events (the
  // owner's team comes from the directory, directory-names.ts). user_id and customer_id key the directory.
  list.push(
    sql`e.visibility`,
    sql`case when e.visibility = 'participants' then e.participants end as participants`,
  );
  if (!fields.has('user_id')) list.push(sql`e.user_id`);
  if (!fields.has('customer_id')) list.push(sql`e.customer_id`);
  // Empty until the directory fills them: a row then has every field from the start, and the
  // filler's stores do not reshape a million objects (and grow their property storage) one by one.
  for (const f of DIRECTORY_FIELDS) list.push(sql`null::text as ${sql.ref(f)}`);
  return { walk: [...raw].map((c) => `e.${c}` as const), list };
}

/** One keyset page, walked in a subquery of its own as listTimelineEvents walks it (same plan). */
async function readPage(
  scope: Scope,
  view: EventsView,
  select: ReturnType<typeof selections>,
  limit: number,
  after?: CursorPosition,
): Promise<Row[]> {
  const dir = view.order;
  let page: SelectQueryBuilder<Events, 'e', object> = whereInView(
    scope.db.selectFrom('crm_activity_events as e'),
    scope.companyId,
    view,
  );
  if (after)
    page = page.where((eb) =>
      eb(
        eb.refTuple('e.event_timestamp', 'e.id'),
        dir === 'desc' ? '<' : '>',
        eb.tuple(sql<Date>`cast(${after.at} as timestamptz)`, after.id),
      ),
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
 * Where the next page starts: after the last row's stored instant, exactly. The driver reads
 * timestamptz as a millisecond Date, and rows written by SQL microseconds apart would be skipped
 * or repeated at a page boundary (the timeline's cursor has the same rule, cursor.ts). One
 * primary-key lookup per page rather than a conversion per row; should the row have moved or gone
 * meanwhile (its millisecond no longer matches), the page's own millisecond stands.
 */
async function positionAfter(scope: Scope, last: Row): Promise<CursorPosition> {
  const ms = new Date(last.event_timestamp).toISOString();
  const row = await scope.db
    .selectFrom('crm_activity_events as e')
    .select(exactInstant.as('at'))
    .where('e.company_id', '=', scope.companyId)
    .where('e.id', '=', last.id)
    .executeTakeFirst();
  const exact = row && new Date(row.at).toISOString() === ms ? row.at : ms;
  return { at: exact, id: last.id };
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
): AsyncGenerator<Cells[]> {
  const fields = new Set<EventField>(['id', 'event_timestamp', 'user_id', ...columns.map((c) => c.field)]);
  const select = selections(fields);
  const fill = directoryFiller(scope, fields);
  const reader = view.visible.reader;
  // Every row's cells get the keys of this template, in its order: one object shape throughout.
  const template = Object.fromEntries(columns.map((c) => [c.key, null])) as Cells;
  const toCells = (row: Row): Cells => {
    if ('event_data' in row) row.event_data = { outcome: row.event_data };
    // Only the fields read are present; redactEvent keeps them or replaces what it withholds.
    const event = redactEvent(reader, row as unknown as Event);
    const cells = { ...template };
    for (const c of columns) cells[c.key] = c.value(event);
    return cells;
  };
  const read = (after?: CursorPosition) => readPage(scope, view, select, pageRows + 1, after);
  let rows = await read();
  for (;;) {
    if (signal?.aborted) return;
    const more = rows.length > pageRows;
    if (more) rows.pop();
    const last = rows.at(-1);
    // (timestamp, id) is unique: the next page starts strictly after the last row, none repeats.
    const next = more && last ? positionAfter(scope, last).then(read) : null;
    next?.catch(() => {}); // awaited below; a consumer that stops early must not leave it unhandled
    await fill(rows);
    // Handed on in slices: a slice's cells are written out before the next are built, so few
    // of them are alive when the young generation is collected (each survivor is copied).
    for (let i = 0; i < rows.length; i += SLICE) yield rows.slice(i, i + SLICE).map(toCells);
    if (!next) return;
    rows = await next;
  }
}
