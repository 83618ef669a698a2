import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { newCompany } from '../test/app.js';
import { pruneChanges } from './queries/prune-changes.js';
import { describeStream, ingest } from './testing/harness.js';
import { openStream } from './testing/sse-client.js';

describeStream(
  'stream: retention and reset',
  (t) => {
    const age = async (companyId: string, seqs: number[], hours: number) => {
      await sql`update event_changes set changed_at = now() - make_interval(hours => ${hours})
        where company_id = ${companyId} and seq = any(${seqs}::bigint[])`.execute(t.db.kysely);
    };
    const remaining = async (companyId: string) =>
      (
        await t.db.kysely
          .selectFrom('event_changes')
          .select('seq')
          .where('company_id', '=', companyId)
          .orderBy('seq')
          .execute()
      ).map((r) => Number(r.seq));

    it('the periodic job prunes changes older than the retention window, and only those', async () => {
      const co = newCompany();
      await ingest(t.app, co, [{}, {}, {}]);
      const seqs = await remaining(co.id);
      await age(co.id, seqs.slice(0, 2), 25); // retention is 24 h by default
      await age(co.id, seqs.slice(2), 23);
      // pruneMs is 100 here: wait for the job rather than calling it.
      for (let i = 0; i < 100 && (await remaining(co.id)).length > 1; i++)
        await new Promise((r) => setTimeout(r, 50));
      expect(await remaining(co.id)).toEqual(seqs.slice(2));
    });

    it('resuming from before the pruned part sends `reset` with the current position, then continues live', async () => {
      const co = newCompany();
      await ingest(t.app, co, [{}, {}, {}, {}]);
      const seqs = await remaining(co.id);
      await age(co.id, seqs.slice(0, 2), 48);
      // The periodic job may hold the prune lock: prune until the old rows are gone (the pruned mark
      // commits in the same transaction as the delete).
      const cutoff = () => new Date(Date.now() - 24 * 3_600_000);
      for (let i = 0; i < 200 && (await remaining(co.id)).length > 2; i++)
        await pruneChanges(t.db.kysely, cutoff());
      expect(await remaining(co.id)).toEqual(seqs.slice(2));
      const headers = await co.auth('rep');
      const url = `${t.base}/api/v1/stream`;

      const stale = await openStream(url, { headers: { ...headers, 'last-event-id': String(seqs[0]) } });
      await stale.waitFor((c) => c.messages.length >= 1, 5000, 'reset');
      expect(stale.messages[0]).toMatchObject({ event: 'reset', id: String(seqs[3]) });
      expect(JSON.parse(stale.messages[0]?.data ?? '')).toEqual({ reason: 'gap_expired', seq: seqs[3] });

      // From the last pruned seq on nothing is missing: a plain replay, no reset.
      const fresh = await openStream(url, { headers: { ...headers, 'last-event-id': String(seqs[1]) } });
      await fresh.waitFor((c) => c.messages.length >= 2, 5000, 'replay');
      expect(fresh.messages.map((m) => [m.event, Number(m.id)])).toEqual([
        ['event.created', seqs[2]],
        ['event.created', seqs[3]],
      ]);

      const [id] = await ingest(t.app, co, [{}]);
      await stale.waitFor((c) => c.messages.length >= 2, 5000, 'live after reset');
      expect(stale.of<{ id: string }>('event.created').map((m) => m.id)).toEqual([id]);
      stale.close();
      fresh.close();
    });

    it('a Last-Event-ID beyond the company position (another tenant, another database) also resets', async () => {
      const co = newCompany();
      await ingest(t.app, co, [{}]);
      const sse = await openStream(`${t.base}/api/v1/stream?last_event_id=999999`, {
        headers: await co.auth('rep'),
      });
      await sse.waitFor((c) => c.messages.length >= 1, 5000, 'reset');
      sse.close();
      expect(sse.messages[0]).toMatchObject({ event: 'reset', id: '1' });
      expect(JSON.parse(sse.messages[0]?.data ?? '')).toMatchObject({ reason: 'unknown_position' });
    });
  },
  { pruneMs: 100 },
);
