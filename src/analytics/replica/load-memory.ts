/**
 * A full load runs under a third of the replica's memory limit. DuckDB keeps what it touches up to
 * its limit, and a load's staged rows and its fact pass (window functions, ASOF joins and a sort
 * over every event of the company) took it about twice past it: at 10M events the process peaked
 * at 2.4 GB RSS under a 1 GiB limit, 1.47 GB under 512 MiB. A lower limit makes DuckDB evict and
 * spill at once (into ANALYTICS_DIR/spill); the load took no longer. Loads of several companies
 * share one lowered limit: the first lowers it, the last restores it.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { WriteQueue } from './write-queue.js';

const UNITS: Record<string, number> = {
  bytes: 1,
  KiB: 2 ** 10,
  MiB: 2 ** 20,
  GiB: 2 ** 30,
  TiB: 2 ** 40,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
};

/** Bytes of a size as DuckDB prints or takes it ("1.0 GiB", "953.6 MiB", "4GB"); null if unknown. */
export function sizeBytes(size: string): number | null {
  const m = /^\s*([\d.]+)\s*([A-Za-z]+)\s*$/.exec(size);
  const unit = m?.[2] && UNITS[m[2]];
  return m && unit ? Number(m[1]) * unit : null;
}

export class LoadMemory {
  private running = 0;
  private lowered: Promise<void> = Promise.resolve();
  private restore: string | null = null;

  /** `configured`: the limit to put back (the replica's option; else the one found at the first load). */
  constructor(
    private readonly writer: DuckDBConnection,
    private readonly writes: WriteQueue,
    private readonly configured: string | undefined,
  ) {}

  /** Runs a load's work under a third of the memory limit. */
  async during<T>(body: () => Promise<T>): Promise<T> {
    // A load that starts while another runs waits for the first one's lowering too.
    if (this.running++ === 0) this.lowered = this.writes.run(() => this.lower());
    try {
      await this.lowered;
      return await body();
    } finally {
      if (--this.running === 0 && this.restore !== null) {
        const limit = this.restore;
        this.restore = null;
        // A replica closed meanwhile (shutdown during a load) has no limit to put back.
        await this.writes
          .run(() => this.writer.run(`set memory_limit = '${limit.replaceAll("'", "''")}'`))
          .catch(() => {});
      }
    }
  }

  /** The limit in force now, as DuckDB prints it. */
  async current(): Promise<string> {
    const reader = await this.writer.runAndReadAll("select current_setting('memory_limit')");
    return String(reader.getRows()[0]?.[0]);
  }

  private async lower() {
    const now = await this.current();
    const bytes = sizeBytes(now);
    if (bytes === null) return; // a form this does not know: the load runs under the limit as it is
    this.restore = this.configured ?? now;
    await this.writer.run(`set memory_limit = '${Math.max(1, Math.floor(bytes / 3 / 2 ** 20))}MiB'`);
  }
}
