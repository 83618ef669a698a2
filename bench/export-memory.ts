/**
 * Export memory, A/B in one run: the events CSV export of one dataset written into a consumer that
 * drains at socket speed, by the current code (lean pages, renderTable) and by the previous code
 * (listTimelineEvents + presentEvent pages, per-cell encoder, 64 KiB chunks: bench/lib/export-previous.ts),
 * alternating, with the process's RSS, V8 heap and external memory sampled every 20 ms; then the
 * current code over HTTP (curl as the client, identity and gzip) for the reply layer. Not a test.
 *
 *   node --expose-gc --import tsx bench/export-memory.ts --events 200000 --pg-url postgres://…/db
 *
 * The database is reused (a dataset of that size found in it is used again).
 */
import { spawn } from 'node:child_process';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { scopeFor } from '../src/db/scope.js';
import { eventsTableSpec, resolveEventsExport } from '../src/exports/events-export.js';
import { renderTable } from '../src/exports/render.js';
import { type Dataset, findDataset, loadDataset } from './lib/dataset.js';
import { previousCsv } from './lib/export-previous.js';
import { socketLike, withPeaks } from './lib/memory-peaks.js';
import { openBenchDb } from './lib/open-engine.js';
import { startServer } from './lib/server.js';

const { values: o } = parseArgs({
  options: {
    events: { type: 'string', default: '200000' },
    'pg-url': { type: 'string' },
    runs: { type: 'string', default: '2' },
    'page-rows': { type: 'string', default: '5000' },
    /** Collect garbage before each sample: the peak of what is live, not of what awaits collection. */
    live: { type: 'boolean', default: false },
    only: { type: 'string', default: 'current,previous,http' },
  },
});
const MiB = (n: number) => (n / 2 ** 20).toFixed(1);
/** Peak growth over the settled baseline while `work` (the bytes it wrote) runs. */
async function measure(work: () => Promise<number>) {
  const { result, peak, seconds } = await withPeaks(work, o.live);
  return { ...peak, bytes: result, seconds };
}

/** curl as the client (its memory is not ours), counting the bytes it received. */
function curl(url: string, auth: string, encoding: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const args = ['-sS', '-o', '/dev/null', '-w', '%{size_download}', '-H', `authorization: ${auth}`];
    if (encoding !== 'identity') args.push('-H', `accept-encoding: ${encoding}`);
    const child = spawn('curl', [...args, url]);
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(Number(out)) : reject(new Error(`curl exited ${code}`)),
    );
  });
}

async function main() {
  const events = Number(o.events);
  const bench = await openBenchDb(o['pg-url'] ? 'postgres' : 'pglite', o['pg-url'] ?? '', { reuse: true });
  const found = await findDataset(bench.db);
  const dataset: Dataset =
    found && found.events === events ? found : await loadDataset(bench.db, events, console.log);
  const scope = scopeFor(bench.db, dataset.companyId);
  const user = {
    userId: dataset.userIds[0] as string,
    companyId: dataset.companyId,
    role: 'admin',
    teamId: null,
  } as const;
  const resolved = await resolveEventsExport(scope, user, { format: 'csv', tz: 'UTC' });
  const pageRows = Number(o['page-rows']);
  const variants: Record<string, () => Promise<number>> = {
    current: async () => {
      const sink = socketLike();
      await pipeline(renderTable('csv', eventsTableSpec(scope, resolved, { pageRows })), sink);
      return sink.bytes;
    },
    previous: async () => {
      const sink = socketLike();
      await pipeline(Readable.from(previousCsv(scope, resolved, pageRows), { objectMode: false }), sink);
      return sink.bytes;
    },
  };
  console.log(
    `${events.toLocaleString('en')} events, pages of ${pageRows}; growth over the settled baseline (MiB):`,
  );
  for (let run = 0; run < Number(o.runs); run++)
    for (const name of (run % 2 ? ['previous', 'current'] : ['current', 'previous']).filter((v) =>
      o.only.includes(v),
    )) {
      const m = await measure(variants[name] as () => Promise<number>);
      console.log(
        `${name.padEnd(9)} rss +${MiB(m.rss)}  heap +${MiB(m.heap)}  external +${MiB(m.external)}  ${MiB(m.bytes)} MiB in ${m.seconds.toFixed(1)} s`,
      );
    }
  if (!o.only.includes('http')) return await bench.dispose();
  const server = await startServer(bench.db);
  const auth = await server.bearer(dataset.companyId, 'admin');
  for (const encoding of ['identity', 'gzip']) {
    const m = await measure(() =>
      curl(`${server.baseUrl}/api/v1/events/export?format=csv&tz=UTC`, auth, encoding),
    );
    console.log(
      `http ${encoding.padEnd(8)} rss +${MiB(m.rss)}  heap +${MiB(m.heap)}  external +${MiB(m.external)}  ${MiB(m.bytes)} MiB in ${m.seconds.toFixed(1)} s`,
    );
  }
  await server.close();
  await bench.dispose();
}

await main();
