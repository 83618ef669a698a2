/**
 * CPU time spent by this process and by the benchmark database's PostgreSQL backends. On a shared,
 * busy machine wall-clock rates swing with the neighbours; CPU milliseconds per 1,000 events do
 * not, and they show which side (Node or the database) is the bottleneck.
 */
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import type { Db } from '../../src/db/connect.js';

const TICK_MS = 10; // Linux USER_HZ is 100 on every platform we run on

export interface CpuSnapshot {
  nodeMs: number;
  /** CPU ms per backend pid. */
  db: Map<number, number>;
}

/** utime + stime of one process, in ms; 0 when it is gone or /proc is not there. */
export function procCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

export async function cpuSnapshot(db: Db): Promise<CpuSnapshot> {
  const usage = process.cpuUsage();
  const backends = new Map<number, number>();
  if (db.engine === 'postgres') {
    // The pool's connections live through a measure, so their pids are stable between snapshots.
    const { rows } = await sql<{ pid: number }>`select pid from pg_stat_activity
      where datname = current_database() and backend_type = 'client backend'`.execute(db.kysely);
    for (const r of rows) backends.set(r.pid, procCpuMs(r.pid));
  }
  return { nodeMs: (usage.user + usage.system) / 1000, db: backends };
}

/** CPU ms per 1,000 events between two snapshots (PGlite runs inside Node: all of it is Node's). */
export function cpuPer1000(a: CpuSnapshot, b: CpuSnapshot, events: number) {
  // The pool may replace an idle connection mid-measure: a new backend counts from zero, one that
  // left is not counted (a slight undercount, never a negative).
  let dbMs = 0;
  for (const [pid, ms] of b.db) dbMs += ms - (a.db.get(pid) ?? 0);
  return { node: ((b.nodeMs - a.nodeMs) * 1000) / events, db: (dbMs * 1000) / events };
}
