/**
 * Fills a fresh company with N events fast, server-side (INSERT … SELECT generate_series): no client
 * round trip per row, so 1M events load in seconds on PostgreSQL. Skew is realistic enough for
 * the plans to matter: a few busy customers (power law), most events in the last months, business
 * hours, email and calls dominating. The change log and the company sequence are filled to
 * match, as if every event came through insertEvents.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../src/db/connect.js';

export const CUSTOMERS = 5000;
export const USERS = 50;
const CHUNK = 100_000; // rows per transaction: keeps each PGlite statement (which blocks the process) short

export interface Dataset {
  companyId: string;
  events: number;
  /** The customer with the most events (power-law head). */
  busyCustomerId: string;
  userIds: string[];
  customerIds: string[];
  loadSeconds: number;
}

/** Deterministic ids per company, so SQL and JS agree without a round trip: md5(company:c:k)::uuid. */
const idSql = (kind: 'c' | 'u', k: ReturnType<typeof sql>, companyId: string) =>
  sql`md5(${companyId} || ${`:${kind}:`} || (${k})::text)::uuid`;

export async function loadDataset(db: Db, events: number, log: (s: string) => void): Promise<Dataset> {
  const companyId = randomUUID();
  const started = performance.now();
  const k = db.kysely;
  await sql`insert into companies (id, name, timezone) values (${companyId}, 'Bench Co', 'UTC')`.execute(k);
  await sql`insert into users (company_id, id, name, email, role)
    select ${companyId}, ${idSql('u', sql`g`, companyId)}, 'User ' || g, 'user' || g || '@bench.test', 'rep'
    from generate_series(0, ${USERS - 1}) g`.execute(k);
  await sql`insert into customers (company_id, id, name, segment)
    select ${companyId}, ${idSql('c', sql`g`, companyId)}, 'Customer ' || g,
      (array['Enterprise','Mid-Market','SMB','Startup'])[1 + g % 4]
    from generate_series(0, ${CUSTOMERS - 1}) g`.execute(k);

  for (let from = 1; from <= events; from += CHUNK) {
    const to = Math.min(from + CHUNK - 1, events);
    await k.transaction().execute(async (trx) => {
      // The change log rows come from the same statement (RETURNING), as insertEvents writes them.
      await sql`with ins as (insert into crm_activity_events (company_id, id, customer_id, user_id, event_type, event_source,
          event_title, event_description, event_timestamp, duration_minutes, event_data, participants,
          priority, status, engagement_score, sentiment, direction, external_id, seq)
        select ${companyId}, gen_random_uuid(), ${idSql('c', sql`floor(${CUSTOMERS} * power(random(), 3))::int`, companyId)},
          ${idSql('u', sql`floor(${USERS} * random())::int`, companyId)}, t.type, t.source,
          initcap(replace(t.type, '_', ' ')) || ' #' || g, case when g % 3 = 0 then 'Discussed renewal and pricing' end,
          at.at - case when at.at > now() then interval '1 day' else interval '0 days' end,
          case when t.type in ('call', 'meeting') then floor(random() * 60)::int end,
          jsonb_build_object('thread_id', 'th-' || (g / 3), 'outcome',
            (array['connected','no_answer','replied','completed'])[1 + g % 4]),
          jsonb_build_array(jsonb_build_object('email', 'contact' || (g % 997) || '@customer.test', 'role', 'to')),
          (array['low','normal','normal','normal','high','urgent'])[1 + g % 6],
          (array['active','completed','completed','scheduled','missed'])[1 + g % 5],
          round((random() * 100)::numeric, 2), (array['positive','neutral','negative','mixed'])[1 + g % 4],
          (array['inbound','outbound','outbound','internal'])[1 + g % 4], 'bench-' || g, g
        from generate_series(${from}::int, ${to}::int) g
        cross join lateral (select (array['email','email','email','call','call','meeting','task','note','chat','sms',
          'web_visit','social'])[1 + floor(random() * 12)::int + 0 * g] as type) ty
        -- 2 years, denser recently, within 08:00–18:00 UTC, and none after now: today's business
        -- hours still to come go to yesterday's. (They used to stay: ~1% of the events, later than
        -- now for nearly every customer, so a new event at now landed before its customer's last
        -- one, which live ingest does not do.)
        cross join lateral (select date_trunc('day', now() - power(random(), 1.6) * interval '730 days')
          + interval '8 hours' + random() * interval '10 hours' + 0 * g * interval '1 second' as at) at
        cross join lateral (select ty.type, case ty.type when 'email' then 'email' when 'call' then 'phone_system'
          when 'sms' then 'phone_system' when 'meeting' then 'calendar' when 'task' then 'task_manager'
          when 'note' then 'manual' when 'chat' then 'chat' when 'social' then 'social' else 'web' end as source) t
        returning company_id, seq, id)
        insert into event_changes (company_id, seq, event_id, kind) select company_id, seq, id, 'created' from ins`.execute(
        trx,
      );
    });
    log(
      `  loaded ${to.toLocaleString('en')} / ${events.toLocaleString('en')} events (${((performance.now() - started) / 1000).toFixed(1)} s)`,
    );
  }
  await sql`insert into company_sequences (company_id, last_seq) values (${companyId}, ${events})`.execute(k);
  const t = performance.now();
  // VACUUM too: sets the visibility map (as autovacuum does on a live server; the test server has it
  // off), without which index-only scans read the heap anyway.
  await sql`vacuum analyze`.execute(k);
  log(`  analyze: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  return describe(db, companyId, events, (performance.now() - started) / 1000);
}

/** The dataset an earlier run loaded into this database (`--reuse`), or undefined. */
export async function findDataset(db: Db): Promise<Dataset | undefined> {
  const k = db.kysely;
  // Its live events, as the replica loads them: the change log's last seq also counts the events
  // later runs added and deleted (the lag tests' 300,000 a minute), and labelled results by it.
  const { rows } = await sql<{ id: string; events: string }>`select c.id,
      (select count(*) from crm_activity_events e where e.company_id = c.id and not e.is_deleted)::text as events
    from companies c join company_sequences s on s.company_id = c.id
    where c.name = 'Bench Co' order by s.last_seq desc limit 1`.execute(k);
  const found = rows[0];
  if (!found) return undefined;
  return describe(db, found.id, Number(found.events), 0);
}

async function describe(db: Db, companyId: string, events: number, loadSeconds: number) {
  const k = db.kysely;
  const busy = await sql<{ customer_id: string }>`select customer_id from crm_activity_events
    where company_id = ${companyId} group by 1 order by count(*) desc limit 1`.execute(k);
  const ids = await sql<{ kind: string; id: string }>`
    select 'u' as kind, id from users where company_id = ${companyId}
    union all select 'c', id from customers where company_id = ${companyId}`.execute(k);
  return {
    companyId,
    events,
    busyCustomerId: busy.rows[0]?.customer_id ?? '',
    userIds: ids.rows.filter((r) => r.kind === 'u').map((r) => r.id),
    customerIds: ids.rows.filter((r) => r.kind === 'c').map((r) => r.id),
    loadSeconds,
  };
}
