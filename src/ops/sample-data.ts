/** Test support: a small multi-company dataset touching events, change log, sequences, rollups and directory. */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import { scopeFor } from '../db/scope.js';
import { checkEvent } from '../events/ingest.js';
import { insertEvents, updateEvent } from '../events/queries/write-events.js';
import { eventInput } from '../test/factories.js';

export async function seedSample(db: Db, options: { companies?: number; events?: number } = {}) {
  const companyIds: string[] = [];
  for (let c = 0; c < (options.companies ?? 2); c++) {
    const companyId = randomUUID();
    companyIds.push(companyId);
    await db.kysely
      .insertInto('companies')
      .values({ id: companyId, name: `Ops sample ${c}` })
      .execute();
    const customerId = randomUUID();
    const userId = randomUUID();
    await db.kysely
      .insertInto('customers')
      .values({ company_id: companyId, id: customerId, name: 'Ada "Quote" Ltd', segment: 'smb' })
      .execute();
    await db.kysely
      .insertInto('users')
      .values({
        company_id: companyId,
        id: userId,
        name: 'Zoë Ø',
        role: 'rep',
        preferences: { tz: 'Europe/Paris' },
      })
      .execute();
    const scope = scopeFor(db, companyId);
    const events = Array.from({ length: options.events ?? 300 }, (_, i) => {
      const checked = checkEvent(
        eventInput({
          customer_id: customerId,
          user_id: userId,
          external_id: `sample-${i}`,
          event_description: i % 7 === 0 ? 'multi\nline, with "quotes" and \\ backslash' : undefined,
          event_data: { outcome: i % 3 ? 'connected' : 'voicemail', thread_id: `thread-${i % 9}` },
          direction: i % 2 ? 'inbound' : 'outbound',
          duration_minutes: i % 60,
        }),
      );
      if (!checked.ok) throw new Error(checked.detail);
      return checked.event;
    });
    const outcomes = await insertEvents(scope, events);
    // Updates and a delete, so the change log holds every kind and seqs are not dense per event.
    for (const o of outcomes.slice(0, 5)) await updateEvent(scope, o.id, { status: 'completed' });
    const first = outcomes[0];
    if (first) await updateEvent(scope, first.id, { is_deleted: true });
  }
  return companyIds;
}

/** md5 of every row of `table` in primary-key order, rendered in UTC (an independent equality check). */
export async function orderedMd5(db: Db, table: string, orderBy: string): Promise<string> {
  return db.kysely.transaction().execute(async (trx) => {
    await sql`set local timezone = 'UTC'`.execute(trx);
    const { rows } = await sql<{ h: string }>`
      select md5(coalesce(string_agg(t::text, E'\n' order by ${sql.raw(orderBy)}), '')) as h
      from ${sql.id(table)} t`.execute(trx);
    return rows[0]?.h ?? '';
  });
}
