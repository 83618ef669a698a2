/**
 * Events of one millisecond, microseconds apart, written by SQL as an import or a backfill would
 * (the API keeps what it is given, but SQL can store any microsecond): what a keyset position at
 * millisecond precision repeats or skips. Shared by the timeline's and the export's paging tests.
 */
import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/types.js';

/** Microseconds within one millisecond (…00.123xxx), not in id order, so neither order hides the other. */
const MICROS = ['300', '100', '500', '000', '400'];

/** Creates the company and its five events; returns their ids in (time, id) order. */
export async function insertMicroEvents(db: Kysely<Database>, companyId: string): Promise<string[]> {
  await sql`insert into companies (id, name) values (${companyId}, 'Micro')`.execute(db);
  const events = MICROS.map((us) => ({ id: randomUUID(), us }));
  for (const [i, e] of events.entries())
    await sql`insert into crm_activity_events (company_id, id, customer_id, user_id, event_type, event_source,
        event_title, event_timestamp, seq)
      values (${companyId}, ${e.id}, ${randomUUID()}, ${randomUUID()}, 'note', 'import', ${`Micro ${i}`},
        ${`2026-11-02T10:00:00.123${e.us}Z`}::timestamptz, ${i + 1})`.execute(db);
  return events.sort((a, b) => a.us.localeCompare(b.us) || a.id.localeCompare(b.id)).map((e) => e.id);
}
