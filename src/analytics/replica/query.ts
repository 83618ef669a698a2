/**
 * The one entry point analytics queries use to read the replica: catch the company up (once per
 * request), build the SQL with bound parameters, run it within the request's deadline, and
 * interrupt it when the client hangs up or the deadline passes.
 */
import type { Scope } from '../../db/scope.js';
import { AppError } from '../../errors.js';
import { currentReadContext } from './read-context.js';
import { replicaFor } from './registry.js';
import type { Freshness } from './replica.js';
import { SqlParams } from './sql-params.js';

/** A replica query stopped by the request's deadline (503) or by its client hanging up. */
export class QueryInterrupted extends AppError {
  constructor(readonly reason: 'timeout' | 'aborted') {
    super(
      'unavailable',
      reason === 'timeout'
        ? 'The analytics query reached its time limit; narrow the period or the filters, or try again later.'
        : 'The request was cancelled by its client.',
      undefined,
      5,
    );
  }
}

/** Syncs the company for this request (once) and returns what its figures reflect. */
export async function syncCompany(scope: Scope): Promise<Freshness> {
  const ctx = currentReadContext();
  const replica = await replicaFor(scope.handle);
  if (!ctx) return replica.syncForRead(scope.companyId);
  let synced = ctx.synced.get(scope.companyId);
  if (!synced) {
    synced = replica.syncForRead(scope.companyId, { minSeq: ctx.minSeq, deadline: ctx.deadline });
    ctx.synced.set(scope.companyId, synced);
  }
  return synced;
}

/** Runs one replica query for the company; `build` splices bound parameters from `p`. */
export async function queryReplica<T>(
  scope: Scope,
  build: (p: SqlParams) => string | Promise<string>,
): Promise<T[]> {
  await syncCompany(scope);
  const replica = await replicaFor(scope.handle);
  const p = new SqlParams();
  const text = await build(p);
  const ctx = currentReadContext();
  const stop = new AbortController();
  let interrupted: QueryInterrupted | null = null;
  const interrupt = (reason: 'timeout' | 'aborted') => {
    interrupted ??= new QueryInterrupted(reason);
    stop.abort(interrupted);
  };
  const onAbort = () => interrupt('aborted');
  ctx?.signal?.addEventListener('abort', onAbort);
  const left = ctx?.deadline === undefined ? undefined : ctx.deadline - Date.now();
  if (left !== undefined && left <= 0) throw new QueryInterrupted('timeout');
  const timer = left === undefined ? undefined : setTimeout(() => interrupt('timeout'), left);
  const started = performance.now();
  try {
    if (ctx?.signal?.aborted) throw new QueryInterrupted('aborted');
    return await replica.read<T>(text, p.values, p.types, stop.signal);
  } catch (error) {
    if (interrupted) throw interrupted;
    throw error;
  } finally {
    if (ctx) ctx.queryMs += performance.now() - started;
    clearTimeout(timer);
    ctx?.signal?.removeEventListener('abort', onAbort);
  }
}
