/**
 * Which replica serves a database handle. `serve` attaches a file-backed replica with its follower;
 * anything else (tests, one-off tools) gets an in-memory one on first use, caught up on each read,
 * and closed with the handle.
 */
import type { Db } from '../../db/connect.js';
import { AnalyticsReplica } from './replica.js';

const replicas = new WeakMap<Db, Promise<AnalyticsReplica>>();
const attached = new WeakMap<Db, AnalyticsReplica>();

export function attachReplica(db: Db, replica: AnalyticsReplica): void {
  replicas.set(db, Promise.resolve(replica));
  attached.set(db, replica);
}

/** The replica serve attached to this handle, if any (health and metrics: never opens one). */
export function peekReplica(db: Db): AnalyticsReplica | undefined {
  return attached.get(db);
}

export function replicaFor(db: Db): Promise<AnalyticsReplica> {
  let r = replicas.get(db);
  if (!r) {
    // No follower here: a read loads or catches up the company itself, so it waits for that work
    // (up to 30 s) instead of answering 503 when a busy machine makes a first load take > 2 s.
    r = AnalyticsReplica.open(db, { dir: null, threads: 2, readers: 2, freshnessWaitMs: 30_000 });
    replicas.set(db, r);
    const opened = r;
    const close = db.close.bind(db);
    db.close = async () => {
      await (await opened).close();
      await close();
    };
  }
  return r;
}
