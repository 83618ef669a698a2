/**
 * What bounds the database work of one request: a signal (the client hung up) and a deadline. Set
 * once at the edge (src/http/request-limits.ts) and read by both engines' drivers before and while
 * each statement runs, so no query function takes or forwards them.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { outsideTenant } from './tenant-context.js';

export interface StatementLimits {
  /** Aborted when the client disconnects before its response is written. */
  signal: AbortSignal;
  /** Epoch ms after which no statement of the request may run (undefined: the server-side limit only). */
  deadline?: number;
  /** The request's time budget, ms (for the error message). */
  budgetMs?: number;
}

const limits = new AsyncLocalStorage<StatementLimits>();

export const currentLimits = (): StatementLimits | undefined => limits.getStore();

/** Runs `fn` (and everything it starts) under `l`. */
export const withLimits = <T>(l: StatementLimits, fn: () => T): T => limits.run(l, fn);

/**
 * Runs `fn` outside any request's limits: for work shared by many requests or outliving the one
 * that started it (the stream's listener and feeds, the analytics replica's catch-up). Its
 * statements keep the server-side limit only, and run as the owner, not as the request's tenant
 * (tenant-context.ts): such work may read several companies.
 */
export const outsideRequest = <T>(fn: () => T): T => limits.exit(() => outsideTenant(fn));

/** A statement refused or cancelled because its request ran out of time or its client left. */
export class StatementCancelled extends Error {
  constructor(
    readonly reason: 'deadline' | 'client_gone',
    readonly budgetMs?: number,
  ) {
    super(
      reason === 'deadline'
        ? `The database work of this request took longer than its limit (${budgetMs} ms).`
        : 'The client disconnected; its database work was cancelled.',
    );
  }
}

/** Throws when no further statement may start under `l`. */
export function assertWithinLimits(l: StatementLimits | undefined): void {
  if (!l) return;
  if (l.signal.aborted) throw new StatementCancelled('client_gone');
  if (l.deadline !== undefined && Date.now() >= l.deadline)
    throw new StatementCancelled('deadline', l.budgetMs);
}

/**
 * Calls `cancel` once when `l`'s client leaves or its deadline passes while a statement runs;
 * returns a function that stops watching and tells why it cancelled (undefined: it did not).
 */
export function watchLimits(
  l: StatementLimits,
  cancel: () => void,
): () => StatementCancelled['reason'] | undefined {
  let reason: StatementCancelled['reason'] | undefined;
  const fire = (why: StatementCancelled['reason']) => {
    if (reason) return;
    reason = why;
    cancel();
  };
  const onAbort = () => fire('client_gone');
  l.signal.addEventListener('abort', onAbort, { once: true });
  const timer =
    l.deadline === undefined
      ? undefined
      : setTimeout(() => fire('deadline'), Math.max(0, l.deadline - Date.now()));
  return () => {
    clearTimeout(timer);
    l.signal.removeEventListener('abort', onAbort);
    return reason;
  };
}
