/**
 * The columnar analytics replica: an embedded DuckDB database holding the columns analytics read,
 * per company, derived from the system of record and kept current by following its change log.
 * One writer (load and apply, serialized), a few reader connections; reads of a company first
 * catch it up to the last committed change (bounded by `freshnessWaitMs`), so a caller reads its
 * own writes without knowing the replica exists.
 */
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import type { Db } from '../../db/connect.js';
import { scopeFor } from '../../db/scope.js';
import { outsideRequest } from '../../db/statement-limits.js';
import { AppError, invalid } from '../../errors.js';
import { applyChanges } from './apply-changes.js';
import type { ApplyTiming } from './apply-timing.js';
import { loadCompany } from './load-company.js';
import { LoadMemory } from './load-memory.js';
import { COMPANY_TABLES, REPLICA_DDL, REPLICA_SCHEMA_VERSION } from './schema.js';
import { readLogPosition } from './source-rows.js';
import { WriteQueue } from './write-queue.js';

export interface ReplicaOptions {
  /** Directory of the replica file; null keeps it in memory (tests, one-off tools). */
  dir: string | null;
  /** DuckDB memory_limit, e.g. '4GB'. */
  memoryLimit?: string;
  threads?: number;
  /** Reader connections (concurrent analytics queries). */
  readers?: number;
  /** How long a read waits for the replica to reach the last committed change before answering. */
  freshnessWaitMs?: number;
  log?: ReplicaLog;
  /** Tests only: runs inside each apply transaction just before it commits (throw to crash it). */
  beforeApplyCommit?: (companyId: string, throughSeq: number) => void;
  /** Events per page of a full load (default LOAD_PAGE; tests set a few, to cross page boundaries). */
  loadPageSize?: number;
  /** Changes applied per transaction (default APPLY_BATCH). */
  applyBatch?: number;
  /** Every applied batch's timing, phase by phase (the lag benchmark collects them). */
  onApply?: (timing: ApplyTiming) => void;
  /** A batch taking at least this long is logged with its phases (default 1000 ms). */
  slowApplyMs?: number;
  /**
   * Write-ahead log size at which DuckDB checkpoints at a commit, stalling that batch (default
   * '16MB', DuckDB's own). Below it the follower checkpoints when it has nothing to apply, once the
   * log passes IDLE_CHECKPOINT_BYTES.
   */
  checkpointThreshold?: string;
  /** Log size past which the idle follower checkpoints (default IDLE_CHECKPOINT_BYTES; tests set less). */
  idleCheckpointBytes?: number;
}

export interface ReplicaLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface CompanyProgress {
  state: 'loading' | 'following';
  /** Events copied so far and the company's live events when the load began (loading only). */
  loaded?: number;
  total?: number;
  /** The last step: every event copied, their sequence facts being computed (minutes at 10M events). */
  computingFacts?: boolean;
}

export interface Freshness {
  /** Every change up to this seq is in the figures. */
  seq: number;
  /** When the replica last applied changes of the company (or loaded it). */
  appliedAt: Date;
  /** Committed changes not yet applied when the figures were read. */
  behind: number;
}

export type Row = Record<string, unknown>;

/** How often an interrupt is sent again until the query it is meant for has stopped. */
const INTERRUPT_REPEAT_MS = 25;

/**
 * A checkpoint writes out what the batches since the last one appended and changed, and the batch
 * whose commit runs it (and every batch queued behind it) waits: at 10M events under 5,000 new
 * events/s, 0.3-0.4 s once a minute or so with a 16 MB log and 16,384-row groups (see
 * ROW_GROUP_SIZE); a 4 MB log checkpoints more often for no shorter pause, a 64 MB one pauses
 * 1.2-1.3 s (measured 2026-12-07). When the follower has nothing to apply it checkpoints early,
 * past this size, so that the next burst of changes does not pay for the last.
 */
export const IDLE_CHECKPOINT_BYTES = 4 * 1024 * 1024;

/**
 * Rows per row group of the replica file (DuckDB's default: 122,880). A checkpoint that completes
 * a row group writes all of it again, and the batch committing it waits: with the default, 1.6-2.3 s
 * every ~25 batches of 5,000 appended events (16-340 ms for the others), which set the lag test's
 * p99 (up to 1.4 s); with 16,384 rows the longest are 0.3-0.4 s (a file of the events' columns,
 * 1M rows, 60 appends of 5,000 each checkpointed). The KPIs' scans measured no slower (an A/B at
 * 10M events, 2026-12-07).
 */
export const ROW_GROUP_SIZE = 16_384;

/** The catalog name the replica file is attached under. */
const FILE_CATALOG = 'replica';

export class AnalyticsReplica {
  readonly writes = new WriteQueue();
  readonly progress = new Map<string, CompanyProgress>();
  readonly counters = { appliedChanges: 0, loads: 0, checkpoints: 0 };
  /** Full loads run under a third of the memory limit (load-memory.ts). */
  readonly loadMemory: LoadMemory;
  /** What the follower's last poll found: changes not yet applied, and the oldest one's age. */
  lag = { behind: 0, seconds: 0, at: new Date(0) };
  /** Set by the follower once every company known at start is loaded and caught up. */
  caughtUpAtStart = false;
  private readonly freeReaders: DuckDBConnection[] = [];
  private readonly waiting: Array<(c: DuckDBConnection) => void> = [];
  private readonly syncing = new Map<string, Promise<Freshness>>();
  private closed = false;
  /** The replica file's write-ahead log (null in memory). */
  private readonly walPath: string | null;

  private constructor(
    readonly db: Db,
    private readonly instance: DuckDBInstance,
    readonly writer: DuckDBConnection,
    readers: DuckDBConnection[],
    readonly options: ReplicaOptions,
  ) {
    this.freeReaders.push(...readers);
    this.walPath = options.dir ? `${join(options.dir, 'replica.duckdb')}.wal` : null;
    this.loadMemory = new LoadMemory(writer, this.writes, options.memoryLimit);
  }

  static async open(db: Db, options: ReplicaOptions): Promise<AnalyticsReplica> {
    const settings: Record<string, string> = {
      threads: String(options.threads ?? 2),
      checkpoint_threshold: options.checkpointThreshold ?? '16MB',
    };
    if (options.memoryLimit) settings.memory_limit = options.memoryLimit;
    // What passes the memory limit spills beside the file, not into the process's working directory
    // (DuckDB's default `.tmp` there: read-only in many deployments, then a large load fails).
    if (options.dir) settings.temp_directory = join(options.dir, 'spill');
    // The file is attached, not opened as the instance's own database: only ATTACH takes a row
    // group size (see ROW_GROUP_SIZE). Every connection then uses it by default.
    const instance = await DuckDBInstance.create(':memory:', settings);
    let attach: string | null = null;
    if (options.dir) {
      mkdirSync(options.dir, { recursive: true });
      const path = join(options.dir, 'replica.duckdb').replaceAll("'", "''");
      attach = `attach '${path}' as ${FILE_CATALOG} (row_group_size ${ROW_GROUP_SIZE})`;
    }
    const connect = async () => {
      const c = await instance.connect();
      if (attach) await c.run(`use ${FILE_CATALOG}`);
      return c;
    };
    if (attach) {
      const c = await instance.connect();
      try {
        await c.run(attach);
        c.closeSync();
      } catch (error) {
        // E.g. the file is locked by another process: nothing stays open.
        c.closeSync();
        instance.closeSync();
        throw error;
      }
    }
    const writer = await connect();
    await prepareSchema(writer);
    const readers: DuckDBConnection[] = [];
    for (let i = 0; i < (options.readers ?? 4); i++) readers.push(await connect());
    return new AnalyticsReplica(db, instance, writer, readers, options);
  }

  /** Writes the log's changes into the file (a no-op in memory). On the writer, between batches. */
  checkpoint(): Promise<unknown> {
    return this.writer.run(this.walPath ? `checkpoint ${FILE_CATALOG}` : 'checkpoint');
  }

  get log(): ReplicaLog {
    return this.options.log ?? { info: () => {}, warn: (f, m) => console.warn(m, f) };
  }

  /**
   * Runs one read query on a free reader connection; `stop` interrupts it (then it rejects). A stop
   * that came before the query reached a connection runs nothing.
   */
  async read<T = Row>(
    sql: string,
    values: Record<string, DuckDBValue> = {},
    types: Record<string, DuckDBType> = {},
    stop?: AbortSignal,
  ): Promise<T[]> {
    const c = await this.acquire();
    // DuckDB forgets an interrupt that arrives before the query has started on its thread (also
    // one sent right after the call), and the query then runs to its end, holding this reader and
    // keeping close() waiting: the interrupt is repeated until the query has settled.
    let repeat: NodeJS.Timeout | undefined;
    const interrupt = () => {
      c.interrupt();
      repeat ??= setInterval(() => c.interrupt(), INTERRUPT_REPEAT_MS);
    };
    try {
      stop?.throwIfAborted();
      stop?.addEventListener('abort', interrupt, { once: true });
      const reader = await c.runAndReadAll(sql, values, types);
      return reader.getRowObjectsJS().map(plainNumbers) as T[];
    } finally {
      stop?.removeEventListener('abort', interrupt);
      clearInterval(repeat);
      this.release(c);
    }
  }

  private acquire(): Promise<DuckDBConnection> {
    const c = this.freeReaders.pop();
    if (c) return Promise.resolve(c);
    return new Promise((resolve) => this.waiting.push(resolve));
  }
  private release(c: DuckDBConnection) {
    const next = this.waiting.shift();
    if (next) next(c);
    else this.freeReaders.push(c);
  }

  /**
   * The company's watermark in the replica, or null when it was never loaded. Read on a reader
   * connection: the committed state, never the writer's open transaction (which would announce a
   * seq whose rows readers cannot see yet).
   */
  async watermark(
    companyId: string,
  ): Promise<{ seq: number; appliedAt: Date; dedupeThrough: number } | null> {
    const [row] = await this.read<{ seq: number; applied_at: Date; dedupe_through: number }>(
      'select seq, applied_at, dedupe_through from watermarks where company_id = $c::uuid',
      { c: companyId },
    );
    return row
      ? { seq: row.seq, appliedAt: new Date(row.applied_at), dedupeThrough: row.dedupe_through }
      : null;
  }

  /** Every loaded company's watermark seq. */
  async watermarks(): Promise<Map<string, number>> {
    const rows = await this.read<{ id: string; seq: number }>(
      'select company_id::varchar as id, seq from watermarks',
    );
    return new Map(rows.map((w) => [w.id, w.seq]));
  }

  /**
   * Brings the company up to the last committed change (loading it first if the replica has never
   * seen it, or cannot continue from its change log). Concurrent callers share one run.
   */
  sync(companyId: string): Promise<Freshness> {
    const running = this.syncing.get(companyId);
    if (running) return running;
    // Writes inside are queued one by one (this.writes), so other companies interleave.
    // Outside the request that asked: other readers share this run, and it must not be cancelled
    // when that one client hangs up or runs out of time.
    const run = outsideRequest(() => this.catchUp(companyId)).finally(() => this.syncing.delete(companyId));
    this.syncing.set(companyId, run);
    return run;
  }

  /**
   * Like sync, but waits at most `freshnessWaitMs` and then answers with what the replica holds
   * (its lag says how far behind). With `minSeq` it waits until the deadline for that change, and
   * fails with 503 if it has not arrived; a `minSeq` beyond the last committed change is refused
   * at once (400): no write was ever answered with it, and waiting would hold one of the company's
   * few analytics slots for the whole time limit.
   */
  async syncForRead(
    companyId: string,
    want: { minSeq?: number; deadline?: number } = {},
  ): Promise<Freshness> {
    if (want.minSeq !== undefined) {
      const { lastSeq } = await readLogPosition(scopeFor(this.db, companyId));
      if (want.minSeq > lastSeq)
        throw invalid(`min_seq ${want.minSeq} is beyond the latest change of this company (${lastSeq}).`, [
          { path: 'query.min_seq', message: `is beyond the latest change (${lastSeq})` },
        ]);
    }
    const wait =
      want.minSeq !== undefined && want.deadline !== undefined
        ? Math.max(0, want.deadline - Date.now())
        : (this.options.freshnessWaitMs ?? 2000);
    const done = this.sync(companyId);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), wait);
    });
    let f: Freshness | null;
    try {
      f = await Promise.race([done, late]);
      // A seq not committed yet when the sync began: sync again until it arrives or time is up.
      while (f && want.minSeq !== undefined && f.seq < want.minSeq) {
        await new Promise((r) => setTimeout(r, 50));
        f = await Promise.race([this.sync(companyId), late]);
      }
    } finally {
      clearTimeout(timer);
    }
    done.catch(() => {}); // still running: its failure is the follower's to report
    if (f) return f;
    const mark = await this.watermark(companyId);
    if (!mark) throw new ReplicaNotReady(companyId, this.progress.get(companyId));
    if (want.minSeq !== undefined && mark.seq < want.minSeq)
      throw new AppError(
        'unavailable',
        `Change ${want.minSeq} is not in the analytics yet (they hold up to ${mark.seq}); try again shortly.`,
        undefined,
        2,
      );
    const { lastSeq } = await readLogPosition(scopeFor(this.db, companyId));
    return { seq: mark.seq, appliedAt: mark.appliedAt, behind: Math.max(0, lastSeq - mark.seq) };
  }

  /** Reloads the company from the system of record, then catches it up (a rebuild). */
  async reload(companyId: string): Promise<Freshness> {
    await this.syncing.get(companyId)?.catch(() => {});
    const scope = scopeFor(this.db, companyId);
    const run = outsideRequest(async () => {
      await loadCompany(this, scope, (await readLogPosition(scope)).lastSeq);
      this.counters.loads++;
      return this.catchUp(companyId);
    }).finally(() => this.syncing.delete(companyId));
    this.syncing.set(companyId, run);
    return run;
  }

  private async catchUp(companyId: string): Promise<Freshness> {
    if (this.closed) throw new Error('analytics replica is closed');
    const scope = scopeFor(this.db, companyId);
    let mark = await this.watermark(companyId);
    for (;;) {
      const pos = await readLogPosition(scope);
      // Never loaded, restored to an earlier state, or the log no longer holds what is missing.
      if (!mark || pos.lastSeq < mark.seq || pos.prunedThrough > mark.seq) {
        await loadCompany(this, scope, pos.lastSeq);
        this.counters.loads++;
        mark = await this.watermark(companyId);
        continue;
      }
      if (pos.lastSeq === mark.seq) return { seq: mark.seq, appliedAt: mark.appliedAt, behind: 0 };
      const applied = await applyChanges(this, scope, mark.seq, pos.lastSeq);
      if (applied === 'reload') {
        mark = null;
        continue;
      }
      this.counters.appliedChanges += applied.count;
      mark = { ...mark, seq: applied.seq, appliedAt: new Date() };
    }
  }

  /**
   * Checkpoints if the write-ahead log has passed IDLE_CHECKPOINT_BYTES (the follower calls this
   * when it has nothing to apply). Returns how long the checkpoint took, or null when none ran.
   */
  async checkpointIfDue(): Promise<number | null> {
    if (!this.walPath || this.closed) return null;
    let size = 0;
    try {
      size = statSync(this.walPath).size;
    } catch {
      return null; // no log: nothing written since the last checkpoint
    }
    if (size === 0 || size < (this.options.idleCheckpointBytes ?? IDLE_CHECKPOINT_BYTES)) return null;
    return this.writes.run(async () => {
      if (this.closed) return null;
      const started = performance.now();
      // Reads running meanwhile go on (DuckDB 1.5 checkpoints beside read transactions).
      await this.checkpoint();
      const ms = performance.now() - started;
      this.counters.checkpoints++;
      if (ms >= (this.options.slowApplyMs ?? 1000))
        this.log.info({ ms: Math.round(ms), walBytes: size }, 'analytics replica: slow idle checkpoint');
      return ms;
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.writes.idle();
    for (const c of [this.writer, ...this.freeReaders]) c.closeSync();
    this.instance.closeSync();
  }
}

/** A company whose first load is still running: 503, with how far it has got. */
export class ReplicaNotReady extends AppError {
  constructor(
    readonly companyId: string,
    readonly progress: CompanyProgress | undefined,
  ) {
    const p = progress?.computingFacts
      ? ' (every event copied; computing their sequence facts, the last step)'
      : progress?.total
        ? ` (${Math.floor(((progress.loaded ?? 0) / progress.total) * 100)} % loaded)`
        : '';
    super(
      'unavailable',
      `Analytics for this company are still loading${p}; try again shortly.`,
      undefined,
      5,
    );
  }
}

/** BIGINT and HUGEINT come back as bigint: counts and sums here fit a double exactly. */
function plainNumbers(row: Row): Row {
  for (const k in row) if (typeof row[k] === 'bigint') row[k] = Number(row[k]);
  return row;
}

async function prepareSchema(c: DuckDBConnection) {
  await c.run('create table if not exists replica_meta (key varchar primary key, value varchar not null)');
  const r = await c.runAndReadAll(`select value from replica_meta where key = 'schema_version'`);
  const version = (r.getRowObjectsJS()[0] as { value: string } | undefined)?.value;
  if (version !== undefined && version !== String(REPLICA_SCHEMA_VERSION)) {
    // Derived data of another shape: drop it; every company reloads on first use.
    for (const t of COMPANY_TABLES) await c.run(`drop table if exists ${t}`);
  }
  for (const ddl of REPLICA_DDL) await c.run(ddl);
  await c.run(`insert or replace into replica_meta values ('schema_version', '${REPLICA_SCHEMA_VERSION}')`);
}
