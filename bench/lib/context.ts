/**
 * What every benchmark section receives from the driver (bench/run.ts): the engine's database with
 * the loaded dataset, the listening server, and the results collector. Sections in other files
 * (bench/stream.ts `benchStream`, bench/analytics.ts `benchAnalytics`,
 * bench/analytics-dashboards.ts `benchDashboards`) take this same context.
 */
import type { Db, Engine } from '../../src/db/connect.js';
import type { Dataset } from './dataset.js';
import type { Results } from './results.js';
import type { BenchServer } from './server.js';

export interface BenchOptions {
  /** Events in the loaded dataset. */
  events: number;
  /** Events ingested over HTTP per measured run. */
  ingestEvents: number;
  /** Repeats of each throughput measure (the table shows the median). */
  runs: number;
  /** Latency samples per measure. */
  samples: number;
}

export interface BenchContext {
  engine: Engine;
  db: Db;
  /** PostgreSQL URL of the benchmark database (undefined on PGlite). */
  url?: string;
  dataset: Dataset;
  server: BenchServer;
  results: Results;
  options: BenchOptions;
  log(line: string): void;
}

export type BenchSection = (ctx: BenchContext) => Promise<void>;
