/**
 * Which database failures are the database's state rather than a bug: the server is gone or
 * restarting, a connection was dropped, no connection came free in time, a statement ran out of
 * time, or the schema is missing (a database recreated empty). The error handler answers these
 * 503 with Retry-After; a retry on a healthy instance (or this one, a moment later) succeeds, and
 * ingest is idempotent on (source, external_id), so a retried batch stores nothing twice.
 */
import { StatementCancelled } from './statement-limits.js';

export type FaultKind = 'unavailable' | 'timeout' | 'client_gone' | 'schema';

export interface DatabaseFault {
  kind: FaultKind;
  /** Safe to show: says what happened, never SQL or server details. */
  detail: string;
  retryAfter: number;
}

// SQLSTATE classes and codes (https://www.postgresql.org/docs/current/errcodes-appendix.html).
const UNAVAILABLE_CODES = new Set([
  '57P01', // admin_shutdown: pg_terminate_backend, server stopping
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up, recovering
  '57P05', // idle_session_timeout
  '53300', // too_many_connections
  '3D000', // invalid_catalog_name: the database is gone
  '25P03', // idle_in_transaction_session_timeout
]);
const SCHEMA_CODES = new Set(['42P01' /* undefined_table */, '3F000' /* invalid_schema_name */]);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
]);
// pg reports a lost or unusable connection and a pool wait past connectionTimeoutMillis as plain Errors.
const LOST = /Connection terminated|not queryable|Client was closed|Connection ended unexpectedly/i;
const POOL_WAIT = /timeout exceeded when trying to connect/i;

const UNREACHABLE = 'The database is unavailable at the moment; try again shortly.';

export function databaseFault(error: unknown): DatabaseFault | undefined {
  if (error instanceof StatementCancelled) {
    return error.reason === 'deadline'
      ? { kind: 'timeout', detail: `${error.message} Narrow the request or try again later.`, retryAfter: 5 }
      : { kind: 'client_gone', detail: error.message, retryAfter: 1 };
  }
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (code === '57014')
      return {
        kind: 'timeout',
        detail:
          'A database statement of this request ran past its time limit; narrow the request or try again later.',
        retryAfter: 5,
      };
    if (code.startsWith('08') || UNAVAILABLE_CODES.has(code) || NETWORK_CODES.has(code))
      return { kind: 'unavailable', detail: UNREACHABLE, retryAfter: 2 };
    if (SCHEMA_CODES.has(code))
      return { kind: 'schema', detail: 'The database is being prepared; try again shortly.', retryAfter: 5 };
  }
  if (POOL_WAIT.test(error.message))
    return {
      kind: 'unavailable',
      detail: 'Every database connection is busy; try again shortly.',
      retryAfter: 1,
    };
  if (LOST.test(error.message)) return { kind: 'unavailable', detail: UNREACHABLE, retryAfter: 2 };
  // PGlite's worker thread gone (the embedded database closed under a request).
  if (/PGlite is closed|database is closed/i.test(error.message))
    return { kind: 'unavailable', detail: UNREACHABLE, retryAfter: 2 };
  return undefined;
}
