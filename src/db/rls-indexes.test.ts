/**
 * Content filters keep their indexes under row-level security (migration 0055, events-source.ts):
 * the timeline's `q` and `participant` pages, run as the tenant role, are planned on the GIN indexes
 * as they are for the owner, and the tenant view shows what the table shows, no more.
 */
import { randomUUID } from 'node:crypto';
import { CompiledQuery, type KyselyPlugin, sql } from 'kysely';
import { expect, it } from 'vitest';
import { listTimelineEvents } from '../events/queries/list-events.js';
import { describeEngines } from '../test/engines.js';
import { scopeFor } from './scope.js';
import { withTenant } from './tenant-context.js';

const EVENTS = 3000;

describeEngines('content filters under row-level security', (t) => {
  /** A company with EVENTS events; event 7 alone has the word `needle7` and the participant needle@…. */
  async function seed(companyId: string) {
    await sql`insert into companies (id, name) values (${companyId}, 'Plans')`.execute(t.db.kysely);
    await sql`insert into crm_activity_events (company_id, id, customer_id, user_id, event_type, event_source,
        event_title, event_timestamp, participants, seq)
      select ${companyId}::uuid, gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), 'email', 'email',
        'Email ' || case when n = 7 then 'needle7' else 'hay' end, now() - n * interval '1 minute',
        jsonb_build_array(jsonb_build_object('email', case when n = 7 then 'needle@plans.test' else 'hay' || n % 50 || '@plans.test' end)),
        n
      from generate_series(1, ${EVENTS}) n`.execute(t.db.kysely);
    await sql`analyze crm_activity_events`.execute(t.db.kysely);
  }

  /** The timeline page's statements for `filters`, run as the company's tenant, and their plans. */
  async function pageWithPlan(companyId: string, filters: { q?: string; participant?: string }) {
    const seen: CompiledQuery[] = [];
    const capture: KyselyPlugin = {
      transformQuery: (args) => {
        seen.push(t.db.kysely.getExecutor().compileQuery(args.node, args.queryId));
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const scope = scopeFor(t.db, companyId);
    return withTenant(companyId, async () => {
      const page = await listTimelineEvents(
        { ...scope, db: t.db.kysely.withPlugin(capture) },
        {
          filters,
          order: 'desc',
          limit: 50,
          visible: { rows: null, reader: { userId: randomUUID(), email: null, team: null } },
        },
      );
      const plans: string[] = [];
      for (const q of seen) {
        const { rows } = await t.db.kysely.executeQuery(
          CompiledQuery.raw(`explain ${q.sql}`, [...q.parameters]),
        );
        plans.push(rows.map((r) => Object.values(r as object)[0]).join('\n'));
      }
      return { titles: page.rows.map((r) => r.event_title), plan: plans.join('\n') };
    });
  }

  it('a q page as the tenant is planned on the full-text index and finds the one event', async () => {
    const co = randomUUID();
    await seed(co);
    const { titles, plan } = await pageWithPlan(co, { q: 'needle7' });
    expect(titles).toEqual(['Email needle7']);
    expect(plan).toContain('events_search_idx');
  }, 60_000);

  it('a participant page as the tenant is planned on the participants index', async () => {
    const co = randomUUID();
    await seed(co);
    const { titles, plan } = await pageWithPlan(co, { participant: 'needle@plans.test' });
    expect(titles).toEqual(['Email needle7']);
    expect(plan).toContain('events_participants_idx');
  }, 60_000);

  it('the tenant view has the columns of the table, shows only the current company and refuses writes', async () => {
    const columns = async (table: string) =>
      (
        await sql<{ name: string; type: string }>`select column_name as name, data_type as type
          from information_schema.columns where table_schema = current_schema() and table_name = ${table}
          order by ordinal_position`.execute(t.db.kysely)
      ).rows;
    expect(await columns('tenant_activity_events')).toEqual(await columns('crm_activity_events'));
    const [a, b] = [randomUUID(), randomUUID()];
    await seed(a);
    await seed(b);
    const seen = await withTenant(a, () =>
      sql<{ company_id: string; n: number }>`select company_id, count(*)::int as n from tenant_activity_events
        group by 1`.execute(t.db.kysely),
    );
    expect(seen.rows).toEqual([{ company_id: a, n: EVENTS }]);
    const write = withTenant(a, () =>
      sql`update tenant_activity_events set priority = 'low'`.execute(t.db.kysely),
    );
    await expect(write).rejects.toThrow(/permission denied/);
  }, 60_000);
});
