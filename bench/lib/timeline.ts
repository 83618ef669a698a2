/**
 * Timeline page latency, three ways for the same page: the bare keyset query (same columns and
 * joins as the service), server-side (app.inject: routing, auth, validation, query, presenter,
 * serialization, no socket) and over HTTP on the listening port. A deep page (after 100 pages)
 * must cost what the first costs: keyset, not OFFSET.
 */
import { sql } from 'kysely';
import type { BenchContext } from './context.js';
import { percentile, sample } from './stats.js';

const DEEP_PAGES = 100;
const LIMIT = 50;

interface Page {
  label: string;
  query: string;
  customerId?: string;
  /** Position after which the page starts (undefined: first page). */
  after?: { t: string; id: string; cursor: string; page: number };
}

/** Walks up to DEEP_PAGES pages through the API to find a real deep cursor and its position. */
async function deepPosition(ctx: BenchContext, auth: string, query: string): Promise<Page['after']> {
  let cursor: string | null = null;
  let last: { event_timestamp: string; id: string } | undefined;
  let pages = 0;
  for (let i = 0; i < DEEP_PAGES; i++) {
    const url = `${ctx.server.baseUrl}/api/v1/events?${query}${cursor ? `&cursor=${cursor}` : ''}`;
    const res = await fetch(url, { headers: { authorization: auth } });
    const body = (await res.json()) as {
      items: Array<{ event_timestamp: string; id: string }>;
      next_cursor: string | null;
    };
    if (!body.next_cursor) break; // a small dataset: the deepest page there is
    last = body.items.at(-1);
    cursor = body.next_cursor;
    pages++;
  }
  if (!cursor || !last) throw new Error(`only one page for ${query}`);
  return { t: last.event_timestamp, id: last.id, cursor, page: pages + 1 };
}

/** The service's page query written out by hand: presented columns, directory joins, keyset. */
function bareQuery(ctx: BenchContext, page: Page) {
  const companyId = ctx.dataset.companyId;
  return sql`select e.id, e.company_id, e.customer_id, e.contact_id, e.user_id, e.event_type, e.event_source,
      e.event_title, e.event_description, e.event_timestamp, e.duration_minutes, e.event_data, e.participants,
      e.related_objects, e.priority, e.status, e.engagement_score, e.sentiment, e.direction, e.external_id,
      e.seq, e.created_at, e.updated_at, e.is_deleted, u.name as user_name, u.team_id, c.name as customer_name,
      c.segment as customer_segment
    from crm_activity_events e
    left join users u on u.company_id = e.company_id and u.id = e.user_id
    left join customers c on c.company_id = e.company_id and c.id = e.customer_id
    where e.company_id = ${companyId} and not e.is_deleted
      ${page.customerId ? sql`and e.customer_id = ${page.customerId}` : sql``}
      ${page.after ? sql`and (e.event_timestamp, e.id) < (${new Date(page.after.t)}, ${page.after.id})` : sql``}
    order by e.event_timestamp desc, e.id desc limit ${LIMIT + 1}`;
}

export async function benchTimeline(ctx: BenchContext): Promise<void> {
  const auth = await ctx.server.bearer(ctx.dataset.companyId, 'rep');
  const company = `limit=${LIMIT}`;
  const customer = `limit=${LIMIT}&customer_id=${ctx.dataset.busyCustomerId}`;
  const deepCompany = await deepPosition(ctx, auth, company);
  const deepCustomer = await deepPosition(ctx, auth, customer);
  const pages: Page[] = [
    { label: 'company timeline, first page', query: company },
    { label: `company timeline, page ${deepCompany?.page}`, query: company, after: deepCompany },
    { label: 'busy customer, first page', query: customer, customerId: ctx.dataset.busyCustomerId },
    {
      label: `busy customer, page ${deepCustomer?.page}`,
      query: customer,
      customerId: ctx.dataset.busyCustomerId,
      after: deepCustomer,
    },
  ];
  const n = ctx.options.samples;
  for (const page of pages) {
    const url = `/api/v1/events?${page.query}${page.after ? `&cursor=${page.after.cursor}` : ''}`;
    const bare = await sample(n, 20, () => bareQuery(ctx, page).execute(ctx.db.kysely));
    const inject = await sample(n, 20, async () => {
      const res = await ctx.server.app.inject({ url, headers: { authorization: auth } });
      if (res.statusCode !== 200) throw new Error(`timeline answered ${res.statusCode}: ${res.body}`);
    });
    const http = await sample(n, 20, async () => {
      const res = await fetch(`${ctx.server.baseUrl}${url}`, { headers: { authorization: auth } });
      if (res.status !== 200) throw new Error(`timeline answered ${res.status}`);
      await res.arrayBuffer();
    });
    for (const [how, s] of [
      ['bare SQL', bare],
      ['server-side', inject],
      ['HTTP', http],
    ] as const) {
      for (const p of [50, 99]) {
        ctx.results.add({
          section: 'timeline',
          measure: `${page.label}: ${how} p${p}`,
          engine: ctx.engine,
          value: percentile(s, p),
          unit: 'ms',
        });
      }
    }
  }
}
