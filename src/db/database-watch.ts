/**
 * Whether this instance's database can serve, and getting it back there. A request that meets a
 * database fault (db/faults.ts) marks it unhealthy; until a check finds the database reachable
 * with every migration applied, /api requests answer 503 with Retry-After and a check runs every
 * second. When the database is back but empty or behind (recreated, restored from an older dump),
 * an instance started by `serve` applies the pending migrations under the migration advisory lock
 * (so of several instances one applies them and the others find them done) and serves again
 * without a restart.
 */
import { sql } from 'kysely';
import type { Db } from './connect.js';
import type { FaultKind } from './faults.js';
import { migrate, pendingMigrations } from './migrate.js';
import { outsideRequest } from './statement-limits.js';

export interface DatabaseStatus {
  database: 'ok' | 'unreachable';
  migrations: 'ok' | 'pending' | 'unknown';
}

export interface WatchLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface WatchOptions {
  /** Apply pending migrations once the database answers (serve: yes; tests of readiness: no). */
  applyPendingMigrations: boolean;
  log?: WatchLog;
  /** Interval of the checks while unhealthy, ms. */
  retryMs?: number;
  /** A check must answer quickly even if the database hangs, ms. */
  probeTimeoutMs?: number;
}

export class DatabaseWatch {
  /** False from a fault until a check finds the database reachable and migrated. */
  healthy = true;
  private checking: Promise<DatabaseStatus> | undefined;
  private last: { status: DatabaseStatus; at: number } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly options: WatchOptions,
  ) {}

  /**
   * A request met a fault: recheck now (and every second until healthy). Resolves whether the
   * fault stands: a missing table is the database's state only while migrations are pending;
   * otherwise it is a bug, and the caller answers 500.
   */
  async noteFault(kind: FaultKind): Promise<boolean> {
    if (kind === 'timeout' || kind === 'client_gone') return true; // the request's, not the database's
    this.healthy = false;
    const status = this.check();
    if (kind !== 'schema') return true;
    return (await status).migrations !== 'ok';
  }

  /** The last check's answer if it is at most `maxAgeMs` old, else a new check (requests while down). */
  recent(maxAgeMs = 1000): Promise<DatabaseStatus> {
    if (this.last && Date.now() - this.last.at <= maxAgeMs) return Promise.resolve(this.last.status);
    return this.check();
  }

  /** Checks (one at a time: concurrent callers share it), migrating when allowed; updates `healthy`. */
  check(): Promise<DatabaseStatus> {
    // Outside any request's limits: a migration must not inherit a read's deadline.
    this.checking ??= outsideRequest(() => this.run()).finally(() => {
      this.checking = undefined;
    });
    return this.checking;
  }

  private async run(): Promise<DatabaseStatus> {
    let status = await this.probe();
    if (status.migrations === 'pending' && this.options.applyPendingMigrations) {
      try {
        const applied = await migrate(this.db);
        if (applied.length)
          this.options.log?.info(
            { migrations: applied },
            'applied migrations (the database came back without them)',
          );
        status = { database: 'ok', migrations: 'ok' };
      } catch (error) {
        this.options.log?.warn({ err: error }, 'applying pending migrations failed; retrying');
      }
    }
    this.healthy = status.database === 'ok' && status.migrations === 'ok';
    this.last = { status, at: Date.now() };
    if (!this.healthy) this.retryLater();
    return status;
  }

  private async probe(): Promise<DatabaseStatus> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), this.options.probeTimeoutMs ?? 2000);
    });
    const answered = sql`select 1`
      .execute(this.db.kysely)
      .then(() => true)
      .catch(() => false);
    try {
      if (!(await Promise.race([answered, late]))) return { database: 'unreachable', migrations: 'unknown' };
    } finally {
      clearTimeout(timer);
    }
    const pending = await pendingMigrations(this.db).catch(() => undefined);
    if (pending === undefined) return { database: 'unreachable', migrations: 'unknown' };
    return { database: 'ok', migrations: pending.length ? 'pending' : 'ok' };
  }

  private retryLater() {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.healthy) void this.check();
    }, this.options.retryMs ?? 1000);
    this.timer.unref();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
  }
}
