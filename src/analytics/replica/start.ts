/** The server's replica: a DuckDB file under ANALYTICS_DIR, attached to the database handle, followed. */
import type { AnalyticsConfig } from '../../config.js';
import type { Db } from '../../db/connect.js';
import { type Follower, startFollower } from './follower.js';
import { attachReplica } from './registry.js';
import { AnalyticsReplica, type ReplicaLog } from './replica.js';
import { ReplicaDirError } from './replica-dir-error.js';

export interface RunningReplica {
  replica: AnalyticsReplica;
  follower: Follower;
  stop(): Promise<void>;
}

export async function startAnalyticsReplica(
  db: Db,
  config: AnalyticsConfig,
  log: ReplicaLog,
): Promise<RunningReplica> {
  let replica: AnalyticsReplica;
  try {
    replica = await AnalyticsReplica.open(db, {
      dir: config.dir,
      memoryLimit: config.memoryLimit,
      checkpointThreshold: config.checkpointThreshold,
      threads: config.threads,
      freshnessWaitMs: config.freshnessWaitMs,
      log,
    });
  } catch (error) {
    const message = (error as Error).message ?? String(error);
    throw new ReplicaDirError(
      /lock/i.test(message)
        ? `The analytics replica in ${config.dir} is in use by another process. Give each instance its own ANALYTICS_DIR.`
        : `The analytics replica in ${config.dir} could not be opened: ${message.split('\n')[0]}`,
    );
  }
  attachReplica(db, replica);
  const follower = startFollower(replica);
  return {
    replica,
    follower,
    async stop() {
      await follower.stop();
      await replica.close();
    },
  };
}
