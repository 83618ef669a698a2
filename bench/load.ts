/**
 * `npm run load -- [--engine pglite|postgres] [--events 100000] [--duration 60] [--connections 16]
 *   [--streams 50] [--pg-url postgres://postgres@127.0.0.1:5432/load] [--data-dir DIR] [--reuse]
 *   [--env NAME=value …]` (server settings, e.g. --env ANALYTICS_COMPANY_QUEUE=32)`
 *
 * A bounded load test on loopback: loads a dataset (or reuses one), starts `crm-timeline serve` as
 * a child process on it, holds `--streams` live-stream clients open and sends mixed traffic (70 %
 * timeline reads, 20 % ingest, 10 % dashboards) from `--connections` workers for `--duration`
 * seconds. Prints throughput, p50/p99 per kind, statuses, stream deliveries and the server's RSS
 * over time; writes the same as JSON under bench/results/.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { signToken } from '../src/auth/tokens.js';
import { openDb } from '../src/db/connect.js';
import { migrate } from '../src/db/migrate.js';
import { type Dataset, findDataset, loadDataset } from './lib/dataset.js';
import { openBenchDb } from './lib/open-engine.js';
import { BENCH_SECRET } from './lib/server.js';
import { formatReport, type LoadReport } from './load/report.js';
import { type LoadServer, startLoadServer } from './load/server-process.js';
import { openStreamClients } from './load/streams.js';
import { type KindStats, MIX, Traffic } from './load/traffic.js';
import { readRss } from './stream-server.js';

const { values: o } = parseArgs({
  options: {
    engine: { type: 'string', default: 'pglite' },
    events: { type: 'string', default: '100000' },
    duration: { type: 'string', default: '60' },
    connections: { type: 'string', default: '16' },
    streams: { type: 'string', default: '50' },
    'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/load' },
    'data-dir': { type: 'string' },
    reuse: { type: 'boolean', default: false },
    env: { type: 'string', multiple: true, default: [] },
    help: { type: 'boolean', default: false },
  },
});
if (o.help) {
  console.log(
    (await import('node:fs'))
      .readFileSync(new URL(import.meta.url))
      .toString()
      .split('*/')[0],
  );
  process.exit(0);
}
const num = (name: string, raw: string | undefined, min: number) => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number ≥ ${min}`);
  return n;
};
const engine = o.engine === 'postgres' ? 'postgres' : 'pglite';
const options = {
  engine,
  events: num('events', o.events, 1000),
  durationS: num('duration', o.duration, 1),
  connections: num('connections', o.connections, 1),
  streams: num('streams', o.streams, 0),
};
const log = (line: string) => console.log(`[load] ${line}`);

/** Loads (or finds, with --reuse) the dataset; returns where the server should point. */
async function prepare(): Promise<{
  dataset: Dataset;
  target: { databaseUrl: string; analyticsDir: string } | { dataDir: string };
  cleanup(): void;
}> {
  if (engine === 'postgres') {
    const url = o['pg-url'] as string;
    const bench = await openBenchDb('postgres', url, { reuse: o.reuse });
    try {
      const found = o.reuse ? await findDataset(bench.db) : undefined;
      if (o.reuse && !found) log('no dataset to reuse: loading one');
      const dataset = found ?? (await loadDataset(bench.db, options.events, (l) => log(l.trim())));
      // The server's analytics replica: kept beside a reused database (it only catches up then),
      // fresh for a fresh one.
      const analyticsDir = join(tmpdir(), `crm-load-analytics-${new URL(url).pathname.slice(1)}`);
      if (!found) rmSync(analyticsDir, { recursive: true, force: true });
      return { dataset, target: { databaseUrl: url, analyticsDir }, cleanup: () => {} };
    } finally {
      await bench.dispose();
    }
  }
  // The embedded engine has one owning process: load here, close, then the server opens the directory.
  const given = o['data-dir'];
  const dataDir = given ?? mkdtempSync(join(tmpdir(), 'crm-load-'));
  const db = await openDb({ engine: 'pglite', dataDir });
  try {
    await migrate(db);
    const found = o.reuse ? await findDataset(db) : undefined;
    const dataset = found ?? (await loadDataset(db, options.events, (l) => log(l.trim())));
    return {
      dataset,
      target: { dataDir },
      cleanup: () => {
        if (!given) rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } finally {
    await db.close();
  }
}

const prepared = await prepare();
const { dataset } = prepared;
log(`${dataset.events.toLocaleString('en')} events; starting the server (${engine})…`);
let server: LoadServer | undefined;
try {
  const started = performance.now();
  // The limiter stays in every request's path, with budgets this one-company test cannot reach.
  server = await startLoadServer(prepared.target, {
    RATE_LIMIT_PER_TOKEN: '1000000000',
    RATE_LIMIT_PER_COMPANY: '1000000000',
    ...Object.fromEntries(
      (o.env ?? []).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
    ),
  });
  log(
    `ready in ${((performance.now() - started) / 1000).toFixed(1)} s at ${server.baseUrl} (pid ${server.pid})`,
  );
  const token = (role: 'rep' | 'admin' | 'executive' | 'integration', userId: string) =>
    signToken(BENCH_SECRET, { userId, companyId: dataset.companyId, role }, '2h').then((t) => `Bearer ${t}`);
  const readers = await Promise.all(
    dataset.userIds
      .slice(0, 20)
      .map((id, i) => token(i % 4 === 0 ? 'admin' : i % 4 === 1 ? 'executive' : 'rep', id)),
  );
  const integration = await token('integration', randomUUID());

  const streams = await openStreamClients(server.baseUrl, readers, options.streams);
  log(
    `${streams.connected} stream clients connected; ${options.durationS} s of traffic from ${options.connections} workers…`,
  );
  const pid = server.pid;
  const rss: Array<{ t: number; rssMiB: number }> = [];
  const t0 = performance.now();
  const sampleRss = () =>
    rss.push({ t: Math.round((performance.now() - t0) / 1000), rssMiB: readRss(pid).rss / 2 ** 20 });
  sampleRss();
  const sampler = setInterval(sampleRss, 5_000);
  const traffic = new Traffic({
    baseUrl: server.baseUrl,
    dataset,
    readers,
    integration,
    connections: options.connections,
    durationMs: options.durationS * 1000,
  });
  await traffic.run();
  const seconds = (performance.now() - t0) / 1000;
  // Let the last acknowledged events reach the streams before counting.
  await new Promise((r) => setTimeout(r, 2_000));
  clearInterval(sampler);
  sampleRss();
  const report: LoadReport = {
    at: new Date().toISOString(),
    options: { ...options, events: dataset.events, reuse: o.reuse, env: o.env },
    seconds,
    kinds: MIX.map(([kind, share]) => ({ kind, share, ...(traffic.stats.get(kind) as KindStats) })),
    ingestedEvents: traffic.ingested.acknowledged,
    streams: {
      clients: options.streams,
      connected: streams.connected,
      refused: streams.refused,
      endedEarly: streams.ended(),
      eventsReceived: streams.received(),
    },
    rss,
  };
  streams.close();
  const { table, json } = formatReport(report);
  console.log(`\n${table}\n`);
  const dir = new URL('./results/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  const file = new URL(`load-${engine}-${report.at.replace(/[:.]/g, '-')}.json`, dir);
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  log(`results: ${file.pathname}`);
} catch (error) {
  console.error(error);
  if (server) console.error(server.output().slice(-3000));
  process.exitCode = 1;
} finally {
  await server?.stop();
  prepared.cleanup();
}
