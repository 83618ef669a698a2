import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { newCompany } from '../../test/app.js';
import { describeEngines } from '../../test/engines.js';
import { eventInput, newEventRow } from '../../test/factories.js';
import { checkEvent } from '../ingest.js';
import { EVENTS_CHANNEL, insertEvents, type NewEvent } from './write-events.js';

const event = (overrides: Parameters<typeof eventInput>[0] = {}): NewEvent => {
  const c = checkEvent(eventInput(overrides));
  if (!c.ok) throw new Error(c.detail);
  return c.event;
};

describeEngines('insertEvents', (t) => {
  it('stores every field, numbers changes contiguously with change rows, advances the sequence, notifies', async () => {
    const co = newCompany();
    const notes: string[] = [];
    const stop = await t.db.listen(EVENTS_CHANNEL, (p) => {
      if (p.startsWith(co.id)) notes.push(p);
    });
    const full = event({
      external_id: 'full',
      contact_id: randomUUID(),
      event_description: 'Said "hi", then\nleft',
      duration_minutes: 7,
      event_data: { outcome: 'connected', thread_id: 't-1', nested: { a: [1, 2] } } as never,
      participants: [{ email: 'A@B.io', role: 'to' }],
      related_objects: [{ object_type: 'deal', object_id: 'D-1' }],
      engagement_score: 0.07,
      sentiment: 'mixed',
      direction: 'inbound',
      priority: 'urgent',
      status: 'completed',
    });
    const first = await insertEvents(co.scope(t.db), [full, event()]);
    // 5,001 more: crosses the 5,000-row statement chunk, seq must stay contiguous.
    const many = Array.from({ length: 5001 }, (_, i) => event({ external_id: `m${i}` }));
    const second = await insertEvents(co.scope(t.db), many);
    expect([...first, ...second].every((o) => o.status === 'created')).toBe(true);

    const { rows } = await sql<{
      seq: number;
      event_id: string;
      kind: string;
      id: string | null;
      eseq: number;
    }>`
      select c.seq, c.event_id, c.kind, e.id, e.seq as eseq from event_changes c
      left join crm_activity_events e on e.company_id = c.company_id and e.id = c.event_id
      where c.company_id = ${co.id} order by c.seq`.execute(t.db.kysely);
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 5003 }, (_, i) => i + 1));
    expect(
      rows.every((r) => r.kind === 'created' && r.id === r.event_id && Number(r.eseq) === Number(r.seq)),
    ).toBe(true);
    expect(rows.map((r) => r.event_id)).toEqual([full.id, first[1]?.id, ...many.map((e) => e.id)]);
    const seqRow = await sql<{ last_seq: number }>`select last_seq from company_sequences
      where company_id = ${co.id}`.execute(t.db.kysely);
    expect(Number(seqRow.rows[0]?.last_seq)).toBe(5003);

    const stored = await sql<Record<string, unknown>>`select contact_id, event_description, duration_minutes,
      event_data, participants, related_objects, engagement_score, sentiment, direction, priority, status,
      event_timestamp from crm_activity_events where company_id = ${co.id} and id = ${full.id}`.execute(
      t.db.kysely,
    );
    expect(stored.rows[0]).toMatchObject({
      contact_id: full.contact_id,
      event_description: 'Said "hi", then\nleft',
      duration_minutes: 7,
      event_data: { outcome: 'connected', thread_id: 't-1', nested: { a: [1, 2] } },
      participants: [{ email: 'a@b.io', role: 'to' }],
      related_objects: [{ object_type: 'deal', object_id: 'D-1' }],
      engagement_score: 0.07,
      sentiment: 'mixed',
      direction: 'inbound',
      priority: 'urgent',
      status: 'completed',
    });
    expect(new Date(stored.rows[0]?.event_timestamp as string).getTime()).toBe(
      full.event_timestamp.getTime(),
    );
    await waitFor(() => notes.length >= 2);
    expect(notes).toEqual([`${co.id}:2`, `${co.id}:5003`]);
    await stop();
  });

  it('stores text and json that look like array-literal syntax exactly as sent (rows travel as arrays)', async () => {
    const co = newCompany();
    const tricky = [
      event({ external_id: 'NULL', event_title: 'NULL', event_description: 'NULL' }),
      event({
        external_id: 'a,b}{"c\\',
        event_title: '{x,y} "quoted" back\\slash',
        event_description: '\\N, tab\tand\nnewline; ü 😀',
        event_data: { s: 'a"b\\c{d},e', nested: { list: ['{', '}', ','] }, u: 'ü 😀' } as never,
        related_objects: [{ object_type: 'deal', object_id: '{"1"}' }],
      }),
      newEventRow({ event_title: '' }), // every optional field null
    ];
    const outcomes = await insertEvents(co.scope(t.db), tricky);
    expect(outcomes.map((o) => o.status)).toEqual(['created', 'created', 'created']);
    const { rows } = await sql<
      Record<string, unknown>
    >`select id, external_id, event_title, event_description,
      event_data, related_objects, contact_id, duration_minutes, seq from crm_activity_events
      where company_id = ${co.id} order by seq`.execute(t.db.kysely);
    expect(rows).toEqual(
      tricky.map((e) => ({
        id: e.id,
        external_id: e.external_id,
        event_title: e.event_title,
        event_description: e.event_description,
        event_data: e.event_data,
        related_objects: e.related_objects,
        contact_id: e.contact_id,
        duration_minutes: e.duration_minutes,
        seq: expect.anything(),
      })),
    );
    expect(rows.map((r) => Number(r.seq))).toEqual([1, 2, 3]);
  });

  it('answers duplicates and conflicts without storing or numbering them', async () => {
    const co = newCompany();
    const stored = event({ external_id: 'x' });
    await insertEvents(co.scope(t.db), [stored]);
    const fresh = event({ external_id: 'y' });
    const outcomes = await insertEvents(co.scope(t.db), [
      event({ external_id: 'x' }), // stored before
      fresh,
      event({ external_id: 'y' }), // repeats an item of this call
      { ...event(), id: stored.id }, // explicit id that exists
      event(), // no external id
    ]);
    expect(outcomes.map((o) => o.status)).toEqual([
      'duplicate',
      'created',
      'duplicate',
      'conflict',
      'created',
    ]);
    expect(outcomes[0]?.id).toBe(stored.id);
    expect(outcomes[2]?.id).toBe(fresh.id);
    const { rows } = await sql<{ seq: number }>`select seq from event_changes where company_id = ${co.id}
      order by seq`.execute(t.db.kysely);
    expect(rows.map((r) => Number(r.seq))).toEqual([1, 2, 3]);
  });

  it('after a repeat late in the batch, stores the new items once: numbered, counted and notified once', async () => {
    const co = newCompany();
    const stored = event({ external_id: 'old' });
    await insertEvents(co.scope(t.db), [stored]);
    // The new items come first, so a first attempt has written them when it meets the repeats.
    const batch = [
      event({ external_id: 'n1' }),
      event(),
      event({ external_id: 'old' }),
      { ...event(), id: stored.id },
    ];
    const outcomes = await insertEvents(co.scope(t.db), batch);
    expect(outcomes).toEqual([
      { status: 'created', id: batch[0]?.id },
      { status: 'created', id: batch[1]?.id },
      { status: 'duplicate', id: stored.id },
      { status: 'conflict', id: stored.id, detail: `An event with id ${stored.id} already exists.` },
    ]);
    const { rows } = await sql<{ seq: number; event_id: string }>`select seq, event_id from event_changes
      where company_id = ${co.id} order by seq`.execute(t.db.kysely);
    expect(rows.map((r) => [Number(r.seq), r.event_id])).toEqual([
      [1, stored.id],
      [2, batch[0]?.id],
      [3, batch[1]?.id],
    ]);
    const events = await sql<{ n: number; seqs: number[] }>`select count(*)::int as n,
      array_agg(seq::int order by seq) as seqs from crm_activity_events where company_id = ${co.id}`.execute(
      t.db.kysely,
    );
    expect(events.rows[0]).toEqual({ n: 3, seqs: [1, 2, 3] });
    const seqRow = await sql<{ last_seq: number }>`select last_seq from company_sequences
      where company_id = ${co.id}`.execute(t.db.kysely);
    expect(Number(seqRow.rows[0]?.last_seq)).toBe(3);
  });

  it('a batch resent whole answers every item duplicate and stores nothing', async () => {
    const co = newCompany();
    const batch = Array.from({ length: 20 }, (_, i) => event({ external_id: `r${i}` }));
    const first = await insertEvents(co.scope(t.db), batch);
    const again = await insertEvents(
      co.scope(t.db),
      batch.map((e) => ({ ...e, id: randomUUID() })),
    );
    expect(again).toEqual(first.map((o) => ({ status: 'duplicate', id: o.id })));
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from event_changes
      where company_id = ${co.id}`.execute(t.db.kysely);
    expect(rows[0]?.n).toBe(20);
  });
});

async function waitFor(ok: () => boolean, ms = 5000) {
  const until = Date.now() + ms;
  while (!ok() && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
}
