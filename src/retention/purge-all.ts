/**
 * The retention purge over every company with events (those with a change sequence), each by its
 * own settings (companies without a settings row have the defaults: deleted events kept 30 days).
 * Run by the server on an interval (`startRetention`) and by `crm-timeline purge`.
 */
import { getCompanySettings } from '../company/queries.js';
import type { Db } from '../db/connect.js';
import type { Scope } from '../db/scope.js';
import { scopeFor } from '../db/scope.js';
import { type PurgeReport, purgeEvents, purgeEventsReport } from '../events/queries/purge-events.js';
import './db-types.js';

const DEFAULT_DELETED_DAYS = 30;

/** Purges one company by its settings; returns how many events were removed. */
export async function purgeCompany(db: Db, companyId: string): Promise<number> {
  const settings = await getCompanySettings(scopeFor(db, companyId));
  return purgeEvents(scopeFor(db, companyId), {
    deletedDays: settings.retention_deleted_days,
    years: settings.retention_years,
  });
}

/**
 * Purges the scope's company by its settings now (POST /retention/purge): the same run as the
 * interval's, its audit entries naming the scope's actor (the officer who asked) instead of the system.
 */
export async function purgeCompanyNow(scope: Scope): Promise<PurgeReport> {
  const settings = await getCompanySettings(scope);
  return purgeEventsReport(scope, {
    deletedDays: settings.retention_deleted_days,
    years: settings.retention_years,
  });
}

/** Purges every company; returns events removed per company (companies with none left out). */
export async function purgeAll(db: Db): Promise<Map<string, number>> {
  const companies = await db.kysely
    .selectFrom('company_sequences as s')
    .leftJoin('companies as c', 'c.id', 's.company_id')
    .select(['s.company_id', 'c.retention_deleted_days', 'c.retention_years'])
    .execute();
  const purged = new Map<string, number>();
  for (const c of companies) {
    const n = await purgeEvents(scopeFor(db, c.company_id), {
      deletedDays: c.retention_deleted_days ?? DEFAULT_DELETED_DAYS,
      years: c.retention_years ?? null,
    });
    if (n > 0) purged.set(c.company_id, n);
  }
  return purged;
}

/**
 * Runs `purgeAll` every `intervalMinutes` (0: never) until the returned stop() is awaited; stop
 * waits for a run in progress, so shutdown closes the database only after it.
 */
export function startRetention(
  db: Db,
  intervalMinutes: number,
  log: { info(o: object, m: string): void; warn(o: object, m: string): void },
): { stop(): Promise<void> } {
  if (intervalMinutes <= 0) return { stop: async () => {} };
  let running: Promise<void> | undefined;
  let stopped = false;
  const run = () => {
    if (running || stopped) return;
    running = purgeAll(db)
      .then((purged) => {
        if (purged.size)
          log.info({ companies: Object.fromEntries(purged) }, 'retention purge removed events');
      })
      .catch((error) => log.warn({ err: error }, 'retention purge failed (retried at the next interval)'))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(run, intervalMinutes * 60_000);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
