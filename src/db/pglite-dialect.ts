/**
 * Kysely dialect for PGlite. PGlite has exactly one connection, so the driver hands it out to one
 * borrower at a time: a transaction keeps it until commit/rollback and every other query waits.
 * A running statement cannot be cancelled (one worker thread, no cancel protocol), so a request's
 * limits are checked before each statement: one whose client left or whose time is up starts none.
 */
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
} from 'kysely';
import type { SqlEngine } from './pglite-thread.js';
import { assertWithinLimits, currentLimits } from './statement-limits.js';
import { type ConnectionContext, contextStatement, currentTenant, OWNER } from './tenant-context.js';

class PGliteConnection implements DatabaseConnection {
  /** The session's context (tenant-context.ts): PGlite's one session keeps it between borrowers. */
  private context: ConnectionContext = OWNER;

  constructor(private readonly pg: SqlEngine) {}

  /** Moves the session into the borrower's context, with one statement only when it is elsewhere. */
  async enter(wanted: ConnectionContext): Promise<void> {
    if (this.context === wanted) return;
    const { sql, parameters } = contextStatement(wanted);
    this.context = 'unknown'; // not a company id: the next borrower sets it again if this fails
    if (parameters.length === 0) await this.pg.exec(sql);
    else await this.pg.query(sql, parameters as unknown[]);
    this.context = wanted;
  }

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    // Not for rollback: a transaction whose request is over must still end.
    if (compiled.sql !== 'rollback') assertWithinLimits(currentLimits());
    // Without parameters use the simple protocol, which (like pg's) accepts several statements:
    // migrations are multi-statement scripts.
    if (compiled.parameters.length === 0) {
      const results = await this.pg.exec(compiled.sql);
      const last = results.at(-1);
      return {
        rows: (last?.rows ?? []) as R[],
        numAffectedRows: last?.affectedRows === undefined ? undefined : BigInt(last.affectedRows),
      };
    }
    const result = await this.pg.query<R>(compiled.sql, compiled.parameters as unknown[]);
    return {
      rows: result.rows,
      numAffectedRows: result.affectedRows === undefined ? undefined : BigInt(result.affectedRows),
    };
  }

  async *streamQuery<R>(compiled: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    // PGlite materializes results in memory anyway; callers page big reads themselves.
    yield await this.executeQuery<R>(compiled);
  }
}

class PGliteDriver implements Driver {
  private readonly connection: PGliteConnection;
  private queue: Promise<void> = Promise.resolve();

  constructor(pg: SqlEngine) {
    this.connection = new PGliteConnection(pg);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    let release!: () => void;
    const previous = this.queue;
    this.queue = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    this.releases.push(release);
    try {
      await this.connection.enter(currentTenant() ?? OWNER);
    } catch (error) {
      this.releases.shift()?.();
      throw error;
    }
    return this.connection;
  }

  private releases: Array<() => void> = [];

  async beginTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery({ sql: 'begin', parameters: [] } as unknown as CompiledQuery);
  }
  async commitTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery({ sql: 'commit', parameters: [] } as unknown as CompiledQuery);
  }
  async rollbackTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery({ sql: 'rollback', parameters: [] } as unknown as CompiledQuery);
  }

  async releaseConnection(): Promise<void> {
    this.releases.shift()?.();
  }

  async destroy(): Promise<void> {}
}

export class PGliteDialect implements Dialect {
  /** PGlite itself, or PGliteThread (the same engine on a worker thread). */
  constructor(private readonly pg: SqlEngine) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PGliteDriver(this.pg);
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
}
