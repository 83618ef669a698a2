/**
 * The replica checkpoints when the follower is idle, not at a batch's commit: past its idle size
 * the write-ahead log is folded into the file (and the log emptied), and the data survive a reopen;
 * the file's row groups are small enough for a checkpoint that completes one to be short.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scopeFor } from '../../db/scope.js';
import { insertEvents } from '../../events/queries/write-events.js';
import { describeEngines, openTestDb } from '../../test/engines.js';
import { newEventRow } from '../../test/factories.js';
import { tempDirs } from '../../test/temp-dirs.js';
import { startFollower } from './follower.js';
import { AnalyticsReplica, ROW_GROUP_SIZE } from './replica.js';

const tempDir = tempDirs('replica-checkpoint-');
const walBytes = (dir: string) => {
  const wal = join(dir, 'replica.duckdb.wal');
  return existsSync(wal) ? statSync(wal).size : 0;
};
const eventCount = async (replica: AnalyticsReplica, companyId: string) =>
  (
    await replica.read<{ n: number }>('select count(*) as n from events where company_id = $c::uuid', {
      c: companyId,
    })
  )[0]?.n;

describeEngines('analytics replica checkpoints when idle', (t) => {
  it('folds the log into the file past its idle size', async () => {
    const scope = scopeFor(t.db, randomUUID());
    const dir = tempDir();
    // DuckDB's own checkpoint at commit is out of the way, so the log keeps what the sync wrote.
    const options = { dir, checkpointThreshold: '1GB', idleCheckpointBytes: 1024 };
    let replica = await AnalyticsReplica.open(t.db, options);
    try {
      await insertEvents(
        scope,
        Array.from({ length: 20 }, () => newEventRow()),
      );
      await replica.sync(scope.companyId);
      expect(walBytes(dir)).toBeGreaterThan(1024);

      const ms = await replica.checkpointIfDue();
      expect(ms).toEqual(expect.any(Number));
      expect(replica.counters.checkpoints).toBe(1);
      expect(walBytes(dir)).toBeLessThan(1024);
      // Under the idle size: nothing to do.
      expect(await replica.checkpointIfDue()).toBeNull();
      expect(replica.counters.checkpoints).toBe(1);
    } finally {
      await replica.close();
    }
    replica = await AnalyticsReplica.open(t.db, options);
    try {
      expect(await eventCount(replica, scope.companyId)).toBe(20);
      await replica.sync(scope.companyId);
      expect(replica.counters.loads).toBe(0);
    } finally {
      await replica.close();
    }
  });
});

// The follower's own logic is the same on every engine (JS and DuckDB); run on the embedded one.
describe('the analytics follower checkpoints when idle [pglite]', () => {
  it('checkpoints once it has applied everything', async () => {
    // A database of its own: at start the follower loads every company it holds, and the shared
    // PostgreSQL test database holds every other file's (that alone outlasted the time limit).
    const db = await openTestDb('pglite');
    const scope = scopeFor(db, randomUUID());
    const dir = tempDir();
    const replica = await AnalyticsReplica.open(db, {
      dir,
      checkpointThreshold: '1GB',
      idleCheckpointBytes: 1024,
    });
    const follower = startFollower(replica, { pollMs: 50 });
    try {
      await follower.ready;
      await insertEvents(
        scope,
        Array.from({ length: 20 }, () => newEventRow()),
      );
      await expect
        .poll(async () => (await replica.watermark(scope.companyId))?.seq, { timeout: 20_000 })
        .toBe(20);
      await expect.poll(() => replica.counters.checkpoints, { timeout: 20_000 }).toBeGreaterThan(0);
      await expect.poll(() => walBytes(dir), { timeout: 20_000 }).toBeLessThan(1024);
      expect(await eventCount(replica, scope.companyId)).toBe(20);
    } finally {
      await follower.stop();
      await replica.close();
      await db.close();
    }
  });
});

describe('the replica file [pglite]', () => {
  it(`keeps row groups of ${ROW_GROUP_SIZE.toLocaleString('en')} rows, so that a checkpoint completing one is short`, async () => {
    const dir = tempDir();
    const replica = await AnalyticsReplica.open(await openTestDb('pglite'), { dir });
    try {
      await replica.writer.run(
        `insert into users select gen_random_uuid(), gen_random_uuid(), null, true from range(${2 * ROW_GROUP_SIZE + 5})`,
      );
      await replica.checkpoint();
      const [row] = await replica.read<{ groups: number }>(
        `select count(distinct row_group_id)::int as groups from pragma_storage_info('users')`,
      );
      // DuckDB's default (122,880 rows) would hold them all in one.
      expect(row?.groups).toBe(3);
    } finally {
      await replica.close();
      await replica.db.close();
    }
  });
});
