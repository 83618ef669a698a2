/**
 * Where an ingest batch's time goes: insertEvents called as a request calls it (tenant role, RLS),
 * 1,000 events per call, one caller, on a database loaded by `npm run bench` (reused as it is; it
 * gains the events), each SQL statement's wall time summed by its first words, and the PostgreSQL
 * and Node CPU per 1,000 events. Run it alternately against two commits to compare them:
 *   node --import tsx bench/ingest-statements.ts postgres://postgres@127.0.0.1:5432/bench_ingest [batches]
 */
import pg from 'pg';
import { openDb } from '../src/db/connect.js';
import { scopeFor } from '../src/db/scope.js';
import { withTenant } from '../src/db/tenant-context.js';
import { checkEvent } from '../src/events/ingest.js';
import { insertEvents } from '../src/events/queries/write-events.js';
import { cpuPer1000, cpuSnapshot } from './lib/cpu.js';
import { findDataset } from './lib/dataset.js';
import { benchEvent } from './lib/payloads.js';

const url = process.argv[2] as string;
const batches = Number(process.argv[3] ?? 30);
const times = new Map<string, { n: number; ms: number }>();
const original = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const text = typeof args[0] === 'string' ? args[0] : '';
  const key = text.replace(/\s+/g, ' ').trim().slice(0, 40);
  const t0 = performance.now();
  const r = (original as (...a: unknown[]) => unknown).apply(this, args);
  if (r && typeof (r as Promise<unknown>).then === 'function')
    (r as Promise<unknown>).then(
      () => {
        const e = times.get(key) ?? { n: 0, ms: 0 };
        e.n++;
        e.ms += performance.now() - t0;
        times.set(key, e);
      },
      () => {},
    );
  return r;
} as typeof original;

const db = await openDb({ engine: 'postgres', url, poolSize: 2 });
const ds = await findDataset(db);
if (!ds) throw new Error('no dataset');
const scope = scopeFor(db, ds.companyId);
const make = (b: number) =>
  Array.from({ length: 1000 }, (_, i) => {
    const c = checkEvent(benchEvent(ds, b * 1000 + i));
    if (!c.ok) throw new Error(c.detail);
    return c.event;
  });
await withTenant(ds.companyId, () => insertEvents(scope, make(batches))); // warm-up
times.clear();
const data = Array.from({ length: batches }, (_, b) => make(b));
const before = await cpuSnapshot(db);
const t0 = performance.now();
for (const events of data) await withTenant(ds.companyId, () => insertEvents(scope, events));
const wall = performance.now() - t0;
const cpu = cpuPer1000(before, await cpuSnapshot(db), batches * 1000);
console.log(
  `${batches} batches: ${((batches * 1000) / (wall / 1000)).toFixed(0)} ev/s, wall ${(wall / batches).toFixed(1)} ms/batch, PG CPU ${cpu.db.toFixed(1)} ms/1000, Node CPU ${cpu.node.toFixed(1)} ms/1000`,
);
for (const [k, v] of [...times].sort((a, b) => b[1].ms - a[1].ms))
  console.log(`${(v.ms / batches).toFixed(2).padStart(8)} ms/batch  ${String(v.n).padStart(5)}×  ${k}`);
await db.close();
