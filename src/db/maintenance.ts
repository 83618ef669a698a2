/**
 * Embedded-database upkeep. PGlite runs no autovacuum, so its planner statistics never refresh by
 * themselves: after bulk loads, and then periodically, we ANALYZE so plans follow the data.
 * PostgreSQL's autovacuum does this on a server; there it is a no-op.
 */
import { sql } from 'kysely';
import type { Db } from './connect.js';

export async function analyzeIfEmbedded(db: Db): Promise<void> {
  if (db.engine === 'pglite') await sql`analyze`.execute(db.kysely);
}

/** Re-analyzes the embedded database every `intervalMs`; returns a stop function. */
export function startEmbeddedMaintenance(
  db: Db,
  intervalMs = 15 * 60_000,
  onError?: (e: unknown) => void,
): () => void {
  if (db.engine !== 'pglite') return () => {};
  const timer = setInterval(() => {
    analyzeIfEmbedded(db).catch((error) => onError?.(error));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
