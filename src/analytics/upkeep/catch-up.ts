/**
 * Finishes analytics upkeep that an insert committed but did not apply: the process stopped between
 * the insert's commit and its upkeep, or the upkeep failed. Runs at start and every few seconds.
 */
import { type Kysely, sql } from 'kysely';
import type { Db } from '../../db/connect.js';
import type { Database } from '../../db/types.js';
import { applyPendingUpkeep } from './apply-pending.js';
import './tables.js';

/** Applies the pending upkeep of every company whose watermark is behind its last change; returns how many. */
export async function catchUpUpkeep(db: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{ company_id: string }>`
    select s.company_id from company_sequences s
    left join analytics_upkeep_state u on u.company_id = s.company_id
    where s.last_seq > coalesce(u.applied_seq, 0)`.execute(db);
  for (const r of rows) await applyPendingUpkeep(db, r.company_id);
  return rows.length;
}

/** Runs catchUpUpkeep now and every `intervalMs` (never two at once); stop() waits for a run in progress. */
export function startUpkeepCatchUp(
  db: Db,
  intervalMs = 5_000,
  onError?: (e: unknown) => void,
): () => Promise<void> {
  let current: Promise<void> | undefined;
  const run = () => {
    current ??= catchUpUpkeep(db.kysely)
      .then(() => undefined)
      .catch((error: unknown) => onError?.(error))
      .finally(() => {
        current = undefined;
      });
  };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await current;
  };
}
