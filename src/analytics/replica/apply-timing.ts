/**
 * Where an applied batch's time goes: reading the change log and the rows from the system of
 * record, waiting for the writer, and each DuckDB statement. The follower's lag is the time of the
 * batches before a change plus its own, so the slow batches are what an operator (and the lag
 * benchmark) needs to see, phase by phase.
 */
import type { DuckDBConnection } from '@duckdb/node-api';

export interface ApplyTiming {
  companyId: string;
  changes: number;
  /** Whole batch, from the first read to the commit, in ms. */
  ms: number;
  /** Time per phase or statement (same label summed), in the order first seen, in ms. */
  phases: Array<[string, number]>;
}

export class ApplyTimer {
  private readonly started = performance.now();
  private last = this.started;
  private readonly spent = new Map<string, number>();

  /** Charges the time since the previous lap (or statement) to `phase`. */
  lap(phase: string): void {
    const now = performance.now();
    this.add(phase, now - this.last);
    this.last = now;
  }

  /** `c` with every statement it runs charged to its own first words. */
  timed(c: DuckDBConnection): DuckDBConnection {
    return new Proxy(c, {
      get: (target, prop, receiver) => {
        const value = Reflect.get(target, prop, receiver);
        if ((prop !== 'run' && prop !== 'runAndReadAll') || typeof value !== 'function') return value;
        return async (sql: string, ...rest: unknown[]) => {
          this.lap('between statements');
          try {
            return await value.call(target, sql, ...rest);
          } finally {
            this.lap(label(sql));
          }
        };
      },
    });
  }

  finish(companyId: string, changes: number): ApplyTiming {
    return {
      companyId,
      changes,
      ms: performance.now() - this.started,
      phases: [...this.spent].map(([k, v]) => [k, Math.round(v * 10) / 10]),
    };
  }

  private add(phase: string, ms: number) {
    this.spent.set(phase, (this.spent.get(phase) ?? 0) + ms);
  }
}

/** A statement's kind and target, e.g. "create or replace temp table appended_facts". */
function label(sql: string): string {
  const words = sql.trim().replace(/\s+/g, ' ').split(' ');
  // "delete from <table>": one label per table, not one for every delete.
  if (/^delete$/i.test(words[0] ?? '')) return words.slice(0, 3).join(' ');
  const stop = words.findIndex((w, i) => i > 0 && /^(as|select|from|where|set|values|by)$/i.test(w));
  return words.slice(0, stop > 0 ? Math.min(stop, 6) : 4).join(' ');
}
