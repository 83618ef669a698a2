/**
 * Export CPU and memory of one checkout's code, for A/B runs between checkouts: the events export
 * (CSV or XLSX) of a dataset rendered in this process into a consumer that drains at socket
 * speed, by the `src/` of `--code` (default this checkout). One process per variant, so each
 * starts from its own baseline: alternate the processes (A B B A …) and compare medians. Prints one
 * JSON line per run: rows/s, Node CPU s per 100k rows (process.cpuUsage: every thread, the zip's
 * deflate included), the database backends' CPU s per 100k rows (PostgreSQL), and peak growth of
 * RSS, V8 heap and external memory over the settled baseline. Not a test.
 *
 *   nice -n 19 node --expose-gc --import tsx bench/export-ab.ts --format xlsx --code /work/main \
 *     --events 200000 --pg-url postgres://postgres@127.0.0.1:5432/h_exports
 *
 * The dataset is loaded the first time (as bench/export-memory.ts loads it) and reused after.
 */
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Scope } from '../src/db/scope.js';
import type { EventsExport } from '../src/exports/events-export.js';
import type { ExportFormat, TableSpec } from '../src/exports/table.js';
import { cpuPer1000, cpuSnapshot } from './lib/cpu.js';
import { type Dataset, findDataset, loadDataset } from './lib/dataset.js';
import { socketLike, withPeaks } from './lib/memory-peaks.js';
import { openBenchDb } from './lib/open-engine.js';

const { values: o } = parseArgs({
  options: {
    events: { type: 'string', default: '200000' },
    'pg-url': { type: 'string' },
    code: { type: 'string', default: '.' },
    format: { type: 'string', default: 'csv' },
    tz: { type: 'string', default: 'UTC' },
    runs: { type: 'string', default: '1' },
    'page-rows': { type: 'string', default: '5000' },
    /** Collect garbage before each sample (every 200 ms): the peak of what is live, not of what awaits collection. */
    live: { type: 'boolean', default: false },
  },
});
const MiB = (n: number) => Math.round((n / 2 ** 20) * 10) / 10;

/** The entry points both checkouts share (their signatures have not changed). */
interface Code {
  scopeFor(db: unknown, companyId: string): Scope;
  resolveEventsExport(scope: Scope, user: unknown, q: Record<string, unknown>): Promise<EventsExport>;
  eventsTableSpec(
    scope: Scope,
    e: EventsExport,
    options: { pageRows: number; onRow?: (n: number) => void },
  ): TableSpec;
  renderTable(format: ExportFormat, spec: TableSpec): Readable;
}

async function loadCode(root: string): Promise<Code> {
  const load = (file: string) => import(pathToFileURL(resolve(root, 'src', file)).href);
  const [scope, events, render] = await Promise.all([
    load('db/scope.ts'),
    load('exports/events-export.ts'),
    load('exports/render.ts'),
  ]);
  return { ...scope, ...events, ...render } as Code;
}

async function main() {
  const events = Number(o.events);
  const format = o.format as ExportFormat;
  const bench = await openBenchDb(o['pg-url'] ? 'postgres' : 'pglite', o['pg-url'] ?? '', { reuse: true });
  const found = await findDataset(bench.db);
  const dataset: Dataset =
    found && found.events === events ? found : await loadDataset(bench.db, events, console.error);
  const code = await loadCode(o.code);
  const scope = code.scopeFor(bench.db, dataset.companyId);
  const user = { userId: dataset.userIds[0], companyId: dataset.companyId, role: 'admin', teamId: null };
  const resolved = await code.resolveEventsExport(scope, user, { format, tz: o.tz });
  for (let run = 0; run < Number(o.runs); run++) {
    let rows = 0;
    const sink = socketLike();
    const cpuBefore = await cpuSnapshot(bench.db);
    const started = performance.now();
    const { peak } = await withPeaks(() => {
      const spec = code.eventsTableSpec(scope, resolved, {
        pageRows: Number(o['page-rows']),
        onRow: (n) => {
          rows = n;
        },
      });
      return pipeline(code.renderTable(format, spec), sink);
    }, o.live);
    const seconds = (performance.now() - started) / 1000;
    const cpu = cpuPer1000(cpuBefore, await cpuSnapshot(bench.db), rows);
    console.log(
      JSON.stringify({
        code: o.code,
        format,
        tz: o.tz,
        run,
        rows,
        rowsPerS: Math.round(rows / seconds),
        nodeCpuSPer100k: Math.round(cpu.node * 100) / 1000,
        dbCpuSPer100k: Math.round(cpu.db * 100) / 1000,
        rssMiB: MiB(peak.rss),
        heapMiB: MiB(peak.heap),
        externalMiB: MiB(peak.external),
        outMiB: MiB(sink.bytes),
      }),
    );
  }
  await bench.dispose();
}

await main();
