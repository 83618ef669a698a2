/**
 * Live stream benchmark (issue 3): N concurrent SSE clients of one company while events are
 * ingested over HTTP at a steady rate; delivery latency from the ingest request to client receipt
 * (p50/p99), server RSS, and lost events (must be 0). Targets on 2 cores: p99 ≤ 250 ms, RSS ≤ 400 MB.
 * On PostgreSQL the server is its own `crm-timeline serve` process (see stream-server.ts): RSS and
 * CPU are the server's alone, the peak is the kernel's (VmHWM) over the run, not a sample.
 *
 * Called by bench/run.ts (`npm run bench -- --only stream`) or alone:
 *   node --import tsx bench/stream.ts [--clients 1000] [--rate 500] [--seconds 20]
 *     [--client-procs 4] [--in-process] [--server-node-options='--max-semi-space-size=4']
 *     [--pg-url postgres://postgres@127.0.0.1:5432/bench_stream]
 */
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { BenchContext } from './lib/context.js';
import { Results } from './lib/results.js';
import { readRss, resetPeak, type ServerUnderTest, startServeProcess } from './stream-server.js';

export interface StreamBenchOptions {
  clients?: number;
  /** Events per second. */
  rate?: number;
  seconds?: number;
  /** Client processes sharing the clients (their parsing must not be the bottleneck). */
  clientProcs?: number;
  /**
   * On PostgreSQL, run the server as its own `crm-timeline serve` process (default), so its RSS
   * and CPU are its own; false measures the in-process server of the benchmark driver.
   */
  serverProcess?: boolean;
  /** Node options for the server process (e.g. `--max-semi-space-size=4`), for experiments. */
  serverNodeOptions?: string[];
}

function mergeReports(reports: Report[]) {
  const counts = new Map<number, number>();
  for (const r of reports) for (const [b, n] of r.histogram) counts.set(b, (counts.get(b) ?? 0) + n);
  const buckets = [...counts].sort((x, y) => x[0] - y[0]);
  const total = buckets.reduce((a, [, n]) => a + n, 0);
  const pct = (p: number) => {
    let seen = 0;
    for (const [b, n] of buckets) {
      seen += n;
      if (seen >= (p / 100) * total) return b + 0.5; // 1 ms buckets: report the middle
    }
    return Number.NaN;
  };
  const sum = (k: 'received' | 'gaps' | 'incomplete' | 'missing' | 'closedEarly' | 'samples') =>
    reports.reduce((a, r) => a + r[k], 0);
  return {
    p50: pct(50),
    p99: pct(99),
    samples: sum('samples'),
    received: sum('received'),
    gaps: sum('gaps'),
    incomplete: sum('incomplete'),
    missing: sum('missing'),
    closedEarly: sum('closedEarly'),
  };
}

interface Report {
  /** Sparse latency histogram: [ms bucket, count]. */
  histogram: Array<[number, number]>;
  samples: number;
  received: number;
  gaps: number;
  incomplete: number;
  missing: number;
  closedEarly: number;
}

/** The server's RSS sampled every 50 ms, and the kernel's exact peak since `start` when it can tell. */
function watchRss(pid: number) {
  const exactPeak = resetPeak(pid);
  let max = readRss(pid).rss;
  const timer = setInterval(() => {
    max = Math.max(max, readRss(pid).rss);
  }, 50);
  return {
    stop(): number {
      clearInterval(timer);
      const now = readRss(pid);
      return Math.max(max, now.rss, exactPeak ? now.peak : 0);
    },
  };
}

/** CPU seconds (user + system) a process has used, from /proc. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ = 100
}

const mb = (bytes: number) => bytes / 2 ** 20;

/** Heap figures from the server's /metrics (prom-client's default process metrics). */
async function serverHeap(baseUrl: string): Promise<string> {
  const text = await fetch(`${baseUrl}/metrics`)
    .then((r) => r.text())
    .catch(() => '');
  const value = (name: string) => Number(text.match(new RegExp(`^${name} (\\S+)`, 'm'))?.[1] ?? Number.NaN);
  return [
    ['heap total', 'nodejs_heap_size_total_bytes'],
    ['heap used', 'nodejs_heap_size_used_bytes'],
    ['external', 'nodejs_external_memory_bytes'],
  ]
    .map(([label, name]) => `${label} ${mb(value(name as string)).toFixed(0)}`)
    .join(', ');
}

const CLIENTS_FILE = fileURLToPath(new URL('./stream-clients.ts', import.meta.url));
const TICK_MS = 100; // one batch per tick: rate/10 events per request

function eventsOf(n: number, sentAt: number) {
  return Array.from({ length: n }, (_, i) => ({
    customer_id: randomUUID(),
    user_id: randomUUID(),
    event_type: i % 2 ? 'email' : 'call',
    event_source: i % 2 ? 'email' : 'phone_system',
    // The clients read the send time back from the title (same machine, same clock).
    event_title: `bench ${sentAt}`,
    event_timestamp: new Date().toISOString(),
  }));
}

/** Runs the stream section; adds rows to ctx.results and returns them. */
export async function benchStream(ctx: BenchContext, opts: StreamBenchOptions = {}) {
  const clients = opts.clients ?? 1000;
  const rate = opts.rate ?? 500;
  const seconds = opts.seconds ?? 20;
  const companyId = randomUUID(); // a fresh tenant: every change it sees is one of ours
  const procs = Math.max(1, Math.min(opts.clientProcs ?? 4, clients));
  const server: ServerUnderTest =
    opts.serverProcess !== false && ctx.engine === 'postgres' && ctx.url
      ? await startServeProcess(ctx.url, opts.serverNodeOptions)
      : { baseUrl: ctx.server.baseUrl, pid: process.pid, inProcess: true, stop: async () => {} };
  const base = server.baseUrl;
  ctx.log(
    server.inProcess
      ? 'server in this process (RSS includes the benchmark driver)'
      : `server: its own process (crm-timeline serve${opts.serverNodeOptions?.length ? `, node ${opts.serverNodeOptions.join(' ')}` : ''})`,
  );
  const before = readRss(server.pid).rss;
  const children = Array.from({ length: procs }, () =>
    fork(CLIENTS_FILE, [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' }),
  );
  const next = <T>(type: string) =>
    Promise.all(
      children.map(
        (child) =>
          new Promise<T>((resolve, reject) => {
            const onMessage = (m: { type: string }) => {
              if (m.type !== type) return;
              child.off('message', onMessage);
              resolve(m as T);
            };
            child.on('message', onMessage);
            child.once('exit', (code) => reject(new Error(`stream clients exited (${code})`)));
          }),
      ),
    );
  try {
    const authorization = await ctx.server.bearer(companyId, 'rep');
    children.forEach((child, k) => {
      const share = Math.floor(clients / procs) + (k < clients % procs ? 1 : 0);
      child.send({ type: 'start', start: { url: `${base}/api/v1/stream`, authorization, clients: share } });
    });
    const connectSeconds = Math.max(
      ...(await next<{ connectSeconds: number }>('ready')).map((r) => r.connectSeconds),
    );
    ctx.log(`${clients} stream clients connected in ${connectSeconds.toFixed(1)} s`);
    await new Promise((r) => setTimeout(r, 1000)); // let the connection handshakes' garbage settle
    const idle = readRss(server.pid).rss;
    ctx.log(`ingesting ${rate}/s for ${seconds} s`);

    const ingestAuth = await ctx.server.bearer(companyId, 'integration');
    const perTick = Math.max(1, Math.round((rate * TICK_MS) / 1000));
    const ticks = Math.round((seconds * 1000) / TICK_MS);
    const pending: Array<Promise<void>> = [];
    const rss = watchRss(server.pid);
    const cpu0 = cpuSeconds(server.pid);
    let stored = 0;
    const ingestMs: number[] = [];
    const started = performance.now();
    const elu0 = performance.eventLoopUtilization();
    for (let k = 0; k < ticks; k++) {
      // Fixed schedule: a slow request does not delay the next one (requests may overlap).
      const wait = started + k * TICK_MS - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const sentAt = performance.timeOrigin + performance.now();
      pending.push(
        fetch(`${base}/api/v1/events/batch`, {
          method: 'POST',
          headers: { authorization: ingestAuth, 'content-type': 'application/json' },
          body: JSON.stringify(eventsOf(perTick, sentAt)),
        }).then(async (res) => {
          const body = (await res.json()) as { stored: number };
          stored += body.stored;
          ingestMs.push(performance.timeOrigin + performance.now() - sentAt);
        }),
      );
    }
    await Promise.all(pending);
    const elapsed = (performance.now() - started) / 1000;
    const elu = performance.eventLoopUtilization(elu0).utilization;
    const cpu = (cpuSeconds(server.pid) - cpu0) / elapsed;
    for (const child of children) child.send({ type: 'finish', lastSeq: stored });
    const report = mergeReports(await next<Report>('report'));
    const peak = rss.stop();
    if (!server.inProcess) ctx.log(`server memory after the run (MB): ${await serverHeap(base)}`);

    const expected = stored * clients;
    // A client cut off as a slow consumer got `reset` (it would reconnect and replay): not a loss.
    // Lost = a gap in the seqs a client received, or a connected client that never got the last one.
    const lost = report.gaps + report.missing;
    const undelivered = expected - report.received;
    const sorted = [...ingestMs].sort((a, b) => a - b);
    const rows = [
      { measure: `stream clients connected`, value: clients, unit: 'clients' },
      { measure: `events ingested (target ${rate}/s)`, value: stored / elapsed, unit: 'events/s' },
      { measure: 'ingest request → client receipt, p50', value: report.p50, unit: 'ms' },
      { measure: 'ingest request → client receipt, p99', value: report.p99, unit: 'ms' },
      {
        measure: 'ingest request (batch) p50',
        value: sorted[Math.floor(sorted.length / 2)] ?? Number.NaN,
        unit: 'ms',
      },
      { measure: 'messages delivered', value: report.received, unit: 'messages' },
      { measure: 'messages not delivered (to clients cut off)', value: undelivered, unit: 'messages' },
      { measure: 'lost events (gaps, or a connected client missing the end)', value: lost, unit: 'events' },
      { measure: 'server RSS before clients connect', value: mb(before), unit: 'MB' },
      { measure: `server RSS with ${clients} idle clients`, value: mb(idle), unit: 'MB' },
      { measure: 'server RSS, max during the run', value: mb(peak), unit: 'MB' },
      { measure: 'server CPU while ingesting (100 % = one core)', value: cpu * 100, unit: '%' },
      {
        measure: server.inProcess
          ? 'server event-loop utilization while ingesting'
          : 'benchmark driver event-loop utilization while ingesting',
        value: elu * 100,
        unit: '%',
      },
      {
        measure: 'clients cut off as slow consumers (reset)',
        value: report.closedEarly,
        unit: 'clients',
      },
    ];
    for (const r of rows) ctx.results.add({ section: 'stream', engine: ctx.engine, ...r });
    if (report.incomplete || report.closedEarly) {
      ctx.log(`WARNING: ${report.incomplete} clients incomplete, ${report.closedEarly} closed early`);
    }
    return rows;
  } finally {
    for (const child of children) child.kill();
    await server.stop();
  }
}

async function main() {
  const { values: o } = parseArgs({
    options: {
      clients: { type: 'string', default: '1000' },
      rate: { type: 'string', default: '500' },
      seconds: { type: 'string', default: '20' },
      'client-procs': { type: 'string', default: '4' },
      'in-process': { type: 'boolean', default: false },
      'server-node-options': { type: 'string', default: '' },
      'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/bench_stream' },
    },
  });
  const { openBenchDb } = await import('./lib/open-engine.js');
  const { startServer } = await import('./lib/server.js');
  const bench = await openBenchDb('postgres', o['pg-url'] as string);
  const server = await startServer(bench.db);
  const results = new Results();
  try {
    await benchStream(
      {
        engine: 'postgres',
        db: bench.db,
        url: bench.url,
        dataset: undefined as never, // the stream section uses a fresh company of its own
        server,
        results,
        options: { events: 0, ingestEvents: 0, runs: 1, samples: 0 },
        log: (line) => console.log(`[postgres] ${line}`),
      },
      {
        clients: Number(o.clients),
        rate: Number(o.rate),
        seconds: Number(o.seconds),
        clientProcs: Number(o['client-procs']),
        serverProcess: !o['in-process'],
        serverNodeOptions: (o['server-node-options'] as string).split(' ').filter(Boolean),
      },
    );
  } finally {
    await server.close();
    await bench.dispose();
  }
  console.log(`\n${results.table()}\n`);
  console.log(
    `Results: ${results.write(new URL('./results/', import.meta.url), { section: 'stream', ...o })}`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
