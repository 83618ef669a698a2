import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { checkEvent } from '../events/ingest.js';
import { insertEvents } from '../events/queries/write-events.js';
import { newCompany } from '../test/app.js';
import { describeEngines } from '../test/engines.js';
import { eventInput } from '../test/factories.js';
import { analyzeIfEmbedded } from './maintenance.js';

describeEngines('embedded maintenance', (t) => {
  it('refreshes planner statistics on PGlite (which has no autovacuum)', async () => {
    const co = newCompany();
    const events = Array.from({ length: 500 }, () => {
      const c = checkEvent(eventInput());
      if (!c.ok) throw new Error(c.detail);
      return c.event;
    });
    await insertEvents(co.scope(t.db), events);
    const lastAnalyze = async () =>
      (
        await sql<{ at: Date | null }>`
          select last_analyze as at from pg_stat_user_tables where relname = 'crm_activity_events'`.execute(
          t.db.kysely,
        )
      ).rows[0]?.at?.getTime() ?? null;
    const before = await lastAnalyze();
    await analyzeIfEmbedded(t.db);
    const after = await lastAnalyze();
    if (t.engine === 'pglite') {
      expect(after).not.toBeNull();
      expect(after).not.toBe(before);
    } else {
      // On a server autovacuum owns statistics: no manual ANALYZE is run.
      expect(after).toBe(before);
    }
  });
});
