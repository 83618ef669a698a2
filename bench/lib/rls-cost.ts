/**
 * The cost of row-level security on its own (issue #18: ≤ 10 % on the timeline page and on ingest):
 * the same timeline page (server-side) and HTTP ingest with the tenant tables' policies enforced and
 * with them switched off (`alter table … disable row level security`, on the benchmark's own
 * database only). The request path is otherwise identical: same role, same `app.company_id`, same
 * visibility work. Rounds alternate on, off, off, on, so a drift of the shared machine's load falls
 * on both sides; each side's figure is the median of its rounds.
 */
import { sql } from 'kysely';
import type { BenchContext } from './context.js';
import { httpIngestRate } from './ingest.js';
import { median, percentile, sample } from './stats.js';

const ROUNDS = [true, false, false, true];

/** Enforces (or stops enforcing) every tenant table's policies in the benchmark database. */
async function setRowLevelSecurity(ctx: BenchContext, on: boolean) {
  const { rows } = await sql<{ name: string }>`select c.relname as name from pg_class c
    where c.relkind = 'r' and c.relnamespace = current_schema()::regnamespace
      and exists (select 1 from pg_policy p where p.polrelid = c.oid)`.execute(ctx.db.kysely);
  for (const { name } of rows)
    await sql`alter table ${sql.table(name)} ${sql.raw(on ? 'enable' : 'disable')} row level security`.execute(
      ctx.db.kysely,
    );
}

export async function benchRlsCost(ctx: BenchContext): Promise<void> {
  const auth = await ctx.server.bearer(ctx.dataset.companyId, 'rep');
  const url = '/api/v1/events?limit=50';
  const page = async () => {
    const res = await ctx.server.app.inject({ url, headers: { authorization: auth } });
    if (res.statusCode !== 200) throw new Error(`timeline answered ${res.statusCode}: ${res.body}`);
  };
  const total = Math.max(1000, Math.round(ctx.options.ingestEvents / 2 / 1000) * 1000);
  const figures: Record<'on' | 'off', { page: number[]; ingest: number[] }> = {
    on: { page: [], ingest: [] },
    off: { page: [], ingest: [] },
  };
  try {
    for (const on of ROUNDS) {
      await setRowLevelSecurity(ctx, on);
      const side = figures[on ? 'on' : 'off'];
      side.page.push(percentile(await sample(ctx.options.samples, 20, page), 50));
      side.ingest.push((await httpIngestRate(ctx, { batchSize: 1000, clients: 4, total })).rate);
    }
  } finally {
    await setRowLevelSecurity(ctx, true);
  }
  const add = (measure: string, unit: string, on: number[], off: number[]) => {
    for (const [label, values] of [
      ['RLS on', on],
      ['RLS off', off],
    ] as const)
      ctx.results.add({
        section: 'rls',
        measure: `${measure}, ${label}`,
        engine: ctx.engine,
        value: median(values),
        unit,
        runs: values,
      });
    ctx.results.add({
      section: 'rls',
      measure: `${measure}: cost of RLS`,
      engine: ctx.engine,
      value: ((unit === 'ms' ? median(on) / median(off) : median(off) / median(on)) - 1) * 100,
      unit: '%',
    });
  };
  add('company timeline, first page: server-side p50', 'ms', figures.on.page, figures.off.page);
  add(
    `HTTP batch API, 1,000 per batch, 4 clients, ${total.toLocaleString('en')} events`,
    'events/s',
    figures.on.ingest,
    figures.off.ingest,
  );
}
