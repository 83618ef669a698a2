/**
 * A full load runs under a third of the memory limit (its staged rows and fact pass spill early rather
 * than take the process past its budget), and the limit comes back after it, also when loads of
 * several companies overlap.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/connect.js';
import { scopeFor } from '../../db/scope.js';
import { insertEvents } from '../../events/queries/write-events.js';
import { describeEngines } from '../../test/engines.js';
import { newEventRow } from '../../test/factories.js';
import { sizeBytes } from './load-memory.js';
import { AnalyticsReplica } from './replica.js';

describe('sizeBytes', () => {
  it("reads DuckDB's printed sizes and the configured forms", () => {
    expect(sizeBytes('1.0 GiB')).toBe(2 ** 30);
    expect(sizeBytes('953.6 MiB')).toBeCloseTo(953.6 * 2 ** 20);
    expect(sizeBytes('4GB')).toBe(4e9);
    expect(sizeBytes('512 KiB')).toBe(512 * 1024);
    expect(sizeBytes('a lot')).toBeNull();
    expect(sizeBytes('12 parsecs')).toBeNull();
  });
});

describe('load memory', () => {
  it('lowers the limit once for overlapping loads and restores the configured one after the last', async () => {
    const replica = await AnalyticsReplica.open(null as unknown as Db, { dir: null, memoryLimit: '300MiB' });
    try {
      const seen: string[] = [];
      let started = () => {};
      let release = () => {};
      const running = new Promise<void>((r) => {
        started = r;
      });
      const held = new Promise<void>((r) => {
        release = r;
      });
      const first = replica.loadMemory.during(async () => {
        seen.push(await replica.loadMemory.current());
        started();
        await held;
      });
      await running;
      // The second starts while the first runs and ends before it.
      await replica.loadMemory.during(async () => {
        seen.push(await replica.loadMemory.current());
      });
      seen.push(await replica.loadMemory.current());
      release();
      await first;
      expect(seen).toEqual(['100.0 MiB', '100.0 MiB', '100.0 MiB']);
      expect(await replica.loadMemory.current()).toBe('300.0 MiB');
      // Two started in the same tick: the second waits for the first one's lowering.
      const both = await Promise.all(
        [1, 2].map(() => replica.loadMemory.during(() => replica.loadMemory.current())),
      );
      expect(both).toEqual(['100.0 MiB', '100.0 MiB']);
      expect(await replica.loadMemory.current()).toBe('300.0 MiB');
    } finally {
      await replica.close();
    }
  });
});

describeEngines('a full load under a third of the memory limit', (t) => {
  it('computes the facts under a third of the limit, then serves under the whole', async () => {
    const scope = scopeFor(t.db, randomUUID());
    await insertEvents(
      scope,
      Array.from({ length: 30 }, () => newEventRow()),
    );
    const phases: Array<{ message: string; memoryLimit?: string }> = [];
    const log = {
      info: (fields: object, message: string) => phases.push({ message, ...fields }),
      warn: () => {},
    };
    const replica = await AnalyticsReplica.open(t.db, { dir: null, memoryLimit: '300MiB', log });
    try {
      await replica.sync(scope.companyId);
      const facts = phases.find((p) => p.message === 'analytics replica: computing sequence facts');
      expect(facts?.memoryLimit).toBe('100.0 MiB');
      expect(await replica.loadMemory.current()).toBe('300.0 MiB');
      const [row] = await replica.read<{ n: number }>('select count(*)::int as n from events');
      expect(row?.n).toBe(30);
    } finally {
      await replica.close();
    }
  });
});
