/**
 * The PostgreSQL pool, made safe to run against a server that drops connections, hangs or is slow:
 * - every client has an 'error' listener for its whole life: a connection terminated while a
 *   client is checked out (between two statements of a transaction) otherwise emits an unhandled
 *   'error' that kills the process; the pool drops that client on release and opens a new one;
 * - every statement has a server-side limit (statement_timeout), waiting for a connection a bound
 *   (connectionTimeoutMillis), and a statement whose request ran out of time or whose client left
 *   is cancelled (statement-limits.ts) with PostgreSQL's CancelRequest.
 */
import { connect as connectSocket } from 'node:net';
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import pg from 'pg';
import { assertWithinLimits, currentLimits, StatementCancelled, watchLimits } from './statement-limits.js';
import {
  type ConnectionContext,
  contextStatement,
  currentTenant,
  OWNER,
  transactionContextStatement,
} from './tenant-context.js';

export interface PoolSettings {
  url: string;
  poolSize?: number;
  searchPath?: string;
  /** Server-side limit of each statement, ms (unset: none). */
  statementTimeoutMs?: number;
  /** Longest wait for a free connection, ms (unset: unbounded). */
  acquireTimeoutMs?: number;
  /** Told about connections lost outside a statement (for the log). */
  onConnectionError?: (error: Error) => void;
  /**
   * Where request work connects (DATABASE_TENANT_URL): a login role that neither owns the tables
   * nor bypasses RLS, so no statement of a request (not even an injected RESET ROLE) can leave
   * the policies behind. Unset: request work shares the owner's connections and SET ROLEs.
   */
  tenantUrl?: string;
}

export function clientConfig(settings: PoolSettings): pg.ClientConfig {
  return {
    connectionString: settings.url,
    // Unnamed statements only: named ones switch to generic plans that are ~10x slower here.
    options: [
      // Analytics scans hundreds of thousands of rows in one query: JIT compilation cost 150 ms of a
      // 1.6 s productivity query and saved nothing, and sorts spilled to disk at the 4 MB default.
      '-c jit=off -c work_mem=32MB',
      settings.statementTimeoutMs ? `-c statement_timeout=${settings.statementTimeoutMs}` : '',
      settings.searchPath ? `-c search_path=${settings.searchPath}` : '',
    ]
      .join(' ')
      .replace(/\s+/g, ' ')
      .trim(),
  };
}

function newPool(settings: PoolSettings, url: string): pg.Pool {
  const pool = new pg.Pool({
    ...clientConfig({ ...settings, url }),
    max: settings.poolSize ?? 8,
    connectionTimeoutMillis: settings.acquireTimeoutMs ?? 0,
  });
  const report = (error: Error) => settings.onConnectionError?.(error);
  pool.on('error', report); // an idle client lost: the pool has removed it already
  pool.on('connect', (client) => client.on('error', report)); // ...and one checked out
  return pool;
}

/** The owner's pool, and with `tenantUrl` a second one that request work (a tenant) connects through. */
export function openPool(settings: PoolSettings): { pool: pg.Pool; forKysely: PostgresPool } {
  const pool = newPool(settings, settings.url);
  const tenantPool = settings.tenantUrl ? newPool(settings, settings.tenantUrl) : pool;
  const citus = new Map<pg.Pool, Promise<boolean>>();
  return {
    pool,
    forKysely: {
      connect: async () => {
        const from = currentTenant() === undefined ? pool : tenantPool;
        const client = await enterContext(await from.connect());
        return guardClient(client, contexts.get(client) ?? OWNER, await onCitus(citus, from, client));
      },
      end: async () => {
        if (tenantPool !== pool) await tenantPool.end();
        await pool.end();
      },
    },
  };
}

/** Each pooled connection's context (tenant-context.ts); a new session is the owner's. */
const contexts = new WeakMap<pg.PoolClient, ConnectionContext>();

/**
 * Puts a checked-out connection in the running work's context (a company as crm_tenant, or the
 * owner), with one statement only when it is not there already: a pool serving one company's
 * requests pays nothing per checkout. A connection that could not be switched is discarded.
 */
async function enterContext(client: pg.PoolClient): Promise<pg.PoolClient> {
  const wanted = currentTenant() ?? OWNER;
  if ((contexts.get(client) ?? OWNER) === wanted) return client;
  const { sql, parameters } = contextStatement(wanted);
  try {
    contexts.delete(client); // unknown until the statement succeeds
    await client.query(sql, parameters);
  } catch (error) {
    client.release(true);
    throw error;
  }
  contexts.set(client, wanted);
  return client;
}

/**
 * Whether a pool's server is a Citus coordinator: asked once per pool, on its first connection
 * (a pool's connections all reach the same server). A failed probe is asked again next time.
 */
async function onCitus(
  known: Map<pg.Pool, Promise<boolean>>,
  pool: pg.Pool,
  client: pg.PoolClient,
): Promise<boolean> {
  let answer = known.get(pool);
  if (answer === undefined) {
    answer = client
      .query("select count(*)::int as n from pg_extension where extname = 'citus'")
      .then(({ rows }) => rows[0]?.n === 1);
    known.set(pool, answer);
    answer.catch(() => known.delete(pool));
  }
  try {
    return await answer;
  } catch (error) {
    client.release(true);
    throw error;
  }
}

/**
 * The client as Kysely sees it: each statement first checks its request's limits, and is cancelled
 * when they run out while it runs. A client that was sent a cancel is discarded on release: the
 * cancel may arrive late and must not hit the next borrower's statement.
 *
 * Tenant work also sets its company per transaction (tenant-context.ts): Citus runs a statement on
 * a worker over its own connection, which sees the SET LOCALs of the transaction but not the
 * session's settings, and row-level security is checked there. So on a Citus coordinator a
 * transaction's `begin` carries them (no extra round trip), and a tenant's single statement outside
 * any transaction is wrapped in one (two round trips more). On plain PostgreSQL the session
 * settings suffice: `begin` and statements go as they are.
 */
function guardClient(client: pg.PoolClient, context: ConnectionContext, citus: boolean): PostgresPoolClient {
  let cancelSent = false;
  let inTransaction = false;
  const tenantBegin = citus && context !== OWNER ? transactionContextStatement(context) : undefined;
  const send = async (text: string, values: readonly unknown[]) => {
    if (tenantBegin && text === 'begin') {
      inTransaction = true;
      return client.query(tenantBegin);
    }
    // The end of a transaction goes as it is. (Wrapped like a lone statement, a rollback of a
    // failed transaction ran `begin; set local …` in it first, which failed with "current
    // transaction is aborted": that error, not the transaction's own, reached the caller.)
    if (text === 'commit' || text === 'rollback') {
      inTransaction = false;
      return client.query(text, values as unknown[]);
    }
    if (!tenantBegin || inTransaction) return client.query(text, values as unknown[]);
    await client.query(tenantBegin);
    try {
      const result = await client.query(text, values as unknown[]);
      await client.query('commit');
      return result;
    } catch (error) {
      await client.query('rollback').catch(() => {});
      throw error;
    }
  };
  const cancel = () => {
    cancelSent = true;
    sendCancelRequest(client);
  };
  const run = async (text: string, values: readonly unknown[]) => {
    const limits = currentLimits();
    // A rollback always runs: the transaction ends cleanly and the connection stays reusable.
    if (!limits || text === 'rollback') return send(text, values);
    assertWithinLimits(limits);
    const stop = watchLimits(limits, cancel);
    try {
      return await send(text, values);
    } catch (error) {
      const reason = stop();
      if (reason && (error as { code?: string }).code === QUERY_CANCELED)
        throw new StatementCancelled(reason, limits.budgetMs);
      throw error;
    } finally {
      stop();
    }
  };
  return {
    // Kysely passes a Cursor for streamed reads (returned at once, not awaited): those run unguarded.
    query: ((text: unknown, values: readonly unknown[]) =>
      typeof text === 'string'
        ? run(text, values)
        : client.query(text as never)) as unknown as PostgresPoolClient['query'],
    release: (destroy?: boolean) => client.release(destroy || cancelSent),
  };
}
const QUERY_CANCELED = '57014';

/** PostgreSQL's CancelRequest on a new socket: needs neither a pool slot nor a login. */
function sendCancelRequest(client: pg.PoolClient): void {
  const { processID, secretKey, host, port } = client as pg.PoolClient & {
    processID: number | null;
    secretKey: number | null;
    host: string;
    port: number;
  };
  if (processID === null || secretKey === null) return;
  const message = Buffer.alloc(16);
  message.writeInt32BE(16, 0);
  message.writeInt32BE(80877102, 4); // the CancelRequest code
  message.writeInt32BE(processID, 8);
  message.writeInt32BE(secretKey, 12);
  const socket = host.startsWith('/') ? connectSocket(`${host}/.s.PGSQL.${port}`) : connectSocket(port, host);
  socket.setTimeout(5000, () => socket.destroy());
  socket.on('connect', () => socket.end(message));
  socket.on('error', () => {}); // best effort: the server-side statement_timeout still bounds it
}
