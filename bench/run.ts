/**
 * `npm run bench -- [--engine pglite|postgres|both] [--events 1000000] [--only core,stream,analytics,dashboards,replica,exports,reports,floors,load]
 *   [--ingest 50000] [--runs 3] [--samples 300] [--pg-url postgres://postgres@127.0.0.1:5432/bench]`
 *
 * For each engine: a fresh database, N events loaded server-side, the service listening on a real
 * port, then the chosen sections. Prints one table (medians) and writes JSON under bench/results/.
 * Sections owned by other features run when their files exist (dynamic import).
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Engine } from '../src/db/connect.js';
import { benchCore } from './core.js';
import type { BenchContext, BenchSection } from './lib/context.js';
import { findDataset, loadDataset } from './lib/dataset.js';
import { openBenchDb } from './lib/open-engine.js';
import { Results } from './lib/results.js';
import { startServer } from './lib/server.js';

const OPTIONAL: Record<string, { file: string; name: string }> = {
  stream: { file: './stream.ts', name: 'benchStream' },
  analytics: { file: './analytics.ts', name: 'benchAnalytics' },
  dashboards: { file: './analytics-dashboards.ts', name: 'benchDashboards' },
  replica: { file: './analytics-replica.ts', name: 'benchReplica' },
  floors: { file: './analytics-floors.ts', name: 'benchFloors' },
  // The replica's load alone (its time and memory peak); the analytics sections include it.
  load: { file: './analytics-load.ts', name: 'benchLoad' },
  exports: { file: './exports.ts', name: 'benchExports' },
  reports: { file: './reports.ts', name: 'benchReports' },
  // Also part of core; on its own to measure it again without the rest.
  rls: { file: './lib/rls-cost.ts', name: 'benchRlsCost' },
};

const { values: o } = parseArgs({
  options: {
    engine: { type: 'string', default: 'both' },
    events: { type: 'string', default: '1000000' },
    only: { type: 'string', default: 'core,stream,analytics,dashboards,replica,exports,reports' },
    ingest: { type: 'string', default: '50000' },
    runs: { type: 'string', default: '3' },
    samples: { type: 'string', default: '300' },
    'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/bench' },
    reuse: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (o.help) {
  console.log(`npm run bench -- [--engine pglite|postgres|both] [--events 1000000]
  [--only core,stream,analytics,dashboards,replica,exports,reports,floors,load] [--ingest 50000] [--runs 3] [--samples 300]
  [--pg-url postgres://postgres@127.0.0.1:5432/bench] [--reuse]
Loads N events into a fresh database per engine, runs the sections, prints a table of medians and
writes JSON under bench/results/. The PostgreSQL database named in --pg-url is dropped and recreated,
unless --reuse finds a dataset loaded there by an earlier run (then it is migrated and measured as
it is: a 10M-event load takes ~25 min). --only none loads and stops.`);
  process.exit(0);
}

const num = (name: string, raw: string | undefined, min: number) => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number ≥ ${min}`);
  return n;
};
const engines: Engine[] = o.engine === 'both' ? ['pglite', 'postgres'] : [o.engine as Engine];
if (!engines.every((e) => e === 'pglite' || e === 'postgres'))
  throw new Error('--engine: pglite, postgres or both');
const sections = (o.only ?? '').split(',').map((s) => s.trim());
const unknown = sections.filter((s) => s !== 'core' && s !== 'none' && !OPTIONAL[s]);
if (unknown.length) throw new Error(`--only: unknown sections ${unknown.join(', ')}`);
const options = {
  events: num('events', o.events, 1000),
  ingestEvents: num('ingest', o.ingest, 1000),
  runs: num('runs', o.runs, 1),
  samples: num('samples', o.samples, 10),
};

async function loadSection(name: string): Promise<BenchSection | undefined> {
  const spec = OPTIONAL[name];
  if (!spec || !existsSync(new URL(spec.file, import.meta.url))) return undefined;
  const mod = (await import(spec.file)) as Record<string, BenchSection | undefined>;
  return mod[spec.name];
}

const results = new Results();
const skipped: string[] = [];
for (const engine of engines) {
  const log = (line: string) => console.log(`[${engine}] ${line}`);
  const reuse = o.reuse === true && engine === 'postgres';
  log(
    reuse
      ? 'reusing the loaded dataset…'
      : `fresh database, loading ${options.events.toLocaleString('en')} events…`,
  );
  const bench = await openBenchDb(engine, o['pg-url'] as string, { reuse });
  const server = await startServer(bench.db);
  try {
    const found = reuse ? await findDataset(bench.db) : undefined;
    if (reuse && !found) log('no dataset to reuse: loading one');
    const dataset = found ?? (await loadDataset(bench.db, options.events, log));
    options.events = dataset.events;
    log(
      `${found ? 'reused' : 'loaded in'} ${found ? `${dataset.events.toLocaleString('en')} events` : `${dataset.loadSeconds.toFixed(1)} s`}`,
    );
    if (!found)
      results.add({
        section: 'dataset',
        measure: `server-side load (INSERT … SELECT), ${options.events.toLocaleString('en')} events`,
        engine,
        value: options.events / dataset.loadSeconds,
        unit: 'events/s',
      });
    const ctx: BenchContext = {
      engine,
      db: bench.db,
      url: bench.url,
      dataset,
      server,
      results,
      options,
      log,
    };
    for (const name of sections) {
      if (name === 'none') continue;
      const run = name === 'core' ? benchCore : await loadSection(name);
      if (!run) {
        if (!skipped.includes(name)) skipped.push(name);
        continue;
      }
      log(`section ${name}`);
      await run(ctx);
    }
  } finally {
    await server.close();
    await bench.dispose();
  }
}

console.log(`\n${results.table()}\n`);
if (skipped.length) console.log(`Not run (file not present yet): ${skipped.join(', ')}`);
const file = results.write(new URL('./results/', import.meta.url), { options, engines, sections, skipped });
console.log(`Results: ${file}`);
