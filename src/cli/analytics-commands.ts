/**
 * `crm-timeline analytics rebuild [--company ID]` and `crm-timeline analytics verify`: the
 * columnar replica of this process's ANALYTICS_DIR, against the configured database. The replica
 * file is used by one process at a time: run these with the server of that directory stopped.
 */
import type { AnalyticsReplica } from '../analytics/replica/replica.js';
import { listCompaniesWithEvents } from '../analytics/replica/source-rows.js';
import { verifyCompany } from '../analytics/replica/verify.js';
import type { Config } from '../config.js';
import { scopeFor } from '../db/scope.js';
import { OpsError } from '../ops/ops-error.js';
import { openContext } from '../runtime.js';
import type { Command } from './commands.js';

const USAGE = 'Usage: crm-timeline analytics rebuild [--company <uuid>] | crm-timeline analytics verify';

async function withReplica(config: Config, run: (r: AnalyticsReplica, ids: string[]) => Promise<number>) {
  const ctx = await openContext(config);
  try {
    let replica: AnalyticsReplica;
    // Loaded here: DuckDB takes a second or more to load, which no other command needs.
    const { AnalyticsReplica } = await import('../analytics/replica/replica.js');
    try {
      replica = await AnalyticsReplica.open(ctx.db, {
        dir: config.analytics.dir,
        memoryLimit: config.analytics.memoryLimit,
        threads: config.analytics.threads,
        log: { info: (f, m) => console.error(m, JSON.stringify(f)), warn: (f, m) => console.error(m, f) },
      });
    } catch (error) {
      throw new OpsError(
        `Could not open the analytics replica in ${config.analytics.dir} (${(error as Error).message.split('\n')[0]}). Is a server using it? Stop it first.`,
      );
    }
    try {
      const ids = (await listCompaniesWithEvents(ctx.db.kysely)).map((c) => c.id);
      return await run(replica, ids);
    } finally {
      await replica.close();
    }
  } finally {
    await ctx.db.close();
  }
}

export const analyticsCommand: Command = {
  summary:
    'The analytics replica: `rebuild [--company ID]` reloads it; `verify` compares it with the database.',
  usage: USAGE,
  options: { company: { type: 'string' } },
  async run(config, o, args) {
    const [action] = args;
    try {
      if (action === 'rebuild') {
        return await withReplica(config, async (replica, all) => {
          const ids = typeof o.company === 'string' ? [o.company] : all;
          for (const id of ids) {
            const started = Date.now();
            const f = await replica.reload(id);
            console.log(
              `${id}: rebuilt through change ${f.seq} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
            );
          }
          return 0;
        });
      }
      if (action === 'verify') {
        if (o.company) throw new OpsError('verify checks every company; --company applies to rebuild.');
        return await withReplica(config, async (replica, ids) => {
          let bad = 0;
          for (const id of ids) {
            await replica.sync(id);
            const diffs = await verifyCompany(replica, scopeFor(replica.db, id));
            if (diffs.length) bad++;
            for (const d of diffs)
              console.log(
                `${id}: ${d.what}: database ${JSON.stringify(d.source)} replica ${JSON.stringify(d.replica)}`,
              );
          }
          console.log(
            bad
              ? `${bad} of ${ids.length} companies differ; run "crm-timeline analytics rebuild".`
              : `${ids.length} companies: the replica equals the database.`,
          );
          return bad ? 1 : 0;
        });
      }
      throw new OpsError(USAGE);
    } catch (error) {
      if (!(error instanceof OpsError)) throw error;
      console.error(error.message);
      return error.message === USAGE ? 2 : 1;
    }
  },
};
