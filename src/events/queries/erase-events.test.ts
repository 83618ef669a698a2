/**
 * eraseCustomerEvents numbers the erased rows in chunks: every erased event and its 'updated'
 * change row carry the same new seq, the seqs are the block reserved for them (no gap, no repeat),
 * across chunk boundaries — the followers (replica, stream) read the rows by these seqs.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeApp, newCompany } from '../../test/app.js';
import { eventInput } from '../../test/factories.js';
import { ERASED_TITLE, eraseCustomerEvents } from './erase-events.js';

describeApp('erasing a customer’s events in chunks', (t) => {
  it('gives each erased event and its change row the same new seq, one block across chunks', async () => {
    const co = newCompany();
    const headers = await co.auth('integration');
    const customer = randomUUID();
    const events = Array.from({ length: 7 }, () => eventInput({ customer_id: customer }));
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/events/batch',
      headers,
      payload: events,
    });
    expect(res.statusCode, res.body).toBeLessThan(300);
    const erased = await t.db.kysely
      .transaction()
      .execute((trx) => eraseCustomerEvents(trx, co.id, customer, 3));
    expect(erased).toBe(7);
    const { rows } = await sql<{ id: string; seq: string; title: string; change_seq: string | null }>`
      select e.id, e.seq, e.event_title as title,
        (select max(c.seq) from event_changes c
          where c.company_id = e.company_id and c.event_id = e.id and c.kind = 'updated') as change_seq
      from crm_activity_events e where e.company_id = ${co.id} and e.customer_id = ${customer}`.execute(
      t.db.kysely,
    );
    expect(rows).toHaveLength(7);
    for (const r of rows) {
      expect(r.title).toBe(ERASED_TITLE);
      expect(Number(r.change_seq)).toBe(Number(r.seq));
    }
    const seqs = rows.map((r) => Number(r.seq)).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 7 }, (_, i) => (seqs[0] ?? 0) + i));
  });
});
