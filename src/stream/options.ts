/** Stream tuning knobs: production defaults, overridable per app (tests use short intervals). */
import type { Config } from '../config.js';

export interface StreamOptions {
  /** Comment line interval that keeps proxies from closing idle connections (ms). */
  heartbeatMs: number;
  /** Interval of `metrics` messages for clients that asked with ?metrics=1 (ms). */
  metricsMs: number;
  /** Safety re-read of every followed company, in case a NOTIFY was lost (listener reconnect) (ms). */
  pollMs: number;
  /** How often the change log is pruned (ms). */
  pruneMs: number;
  /** Change log kept for resume (hours). */
  retentionHours: number;
  /** Bytes a client may have unsent before it is sent `reset` and closed. */
  maxQueueBytes: number;
  /** Minimum interval between two reads of a company's changes (ms): bursts share one read and write. */
  coalesceMs: number;
  /** Changes read per query, for replay and live reads. */
  pageSize: number;
  /** Lifetime of a stream token (seconds). */
  tokenTtlSeconds: number;
  /** How often a saved-timeline stream re-checks that its user may still read the timeline (ms). */
  accessRecheckMs: number;
}

declare module '../app.js' {
  interface AppContext {
    /** Overrides of the stream defaults (tests, benchmarks). */
    stream?: Partial<StreamOptions>;
  }
}

export function streamOptions(config: Config, overrides: Partial<StreamOptions> = {}): StreamOptions {
  return {
    heartbeatMs: 15_000,
    metricsMs: 10_000,
    pollMs: 5_000,
    pruneMs: 10 * 60_000,
    retentionHours: config.streamRetentionHours,
    maxQueueBytes: 1024 * 1024,
    pageSize: 500,
    coalesceMs: 20,
    tokenTtlSeconds: 300,
    accessRecheckMs: 10_000,
    ...overrides,
  };
}
