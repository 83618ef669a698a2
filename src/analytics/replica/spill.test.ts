/**
 * Work past the replica's memory limit spills into its own directory (`spill` beside the file),
 * not into the process's working directory, which may be read-only where the service runs.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/connect.js';
import { tempDirs } from '../../test/temp-dirs.js';
import { AnalyticsReplica } from './replica.js';

const tempDir = tempDirs('replica-spill-');

describe('analytics replica spilling', () => {
  it('spills a sort larger than its memory limit beside its file', async () => {
    const dir = tempDir();
    // No company is read or loaded here: the system of record is never touched.
    const replica = await AnalyticsReplica.open(null as unknown as Db, { dir, memoryLimit: '64MB' });
    try {
      const [setting] = await replica.read<{ d: string }>("select current_setting('temp_directory') as d");
      expect(setting?.d).toBe(join(dir, 'spill'));
      // ~3M rows of 32-character text sorted: several times the limit, so it must spill to finish.
      const [sorted] = await replica.read<{ n: number; first: string }>(
        `select count(*)::int as n, min(s) as first from (
           select md5(range::varchar) as s from range(3000000) order by s offset 0)`,
      );
      expect(sorted?.n).toBe(3_000_000);
      expect(existsSync(join(dir, 'spill'))).toBe(true);
    } finally {
      await replica.close();
    }
  });
});
