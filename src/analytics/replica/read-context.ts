/**
 * What one analytics request asks of the replica, set once at the edge (the route hook) and read
 * by every replica query the request runs: its abort signal (client gone), its deadline, the seq
 * it must see (`min_seq`), and the freshness of what it read (for the response's `freshness`).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Freshness } from './replica.js';

export interface ReadContext {
  signal?: AbortSignal;
  /** Epoch ms after which the request's queries are interrupted. */
  deadline?: number;
  minSeq?: number;
  /** Per company: the sync this request did (one per request, shared by its queries). */
  synced: Map<string, Promise<Freshness>>;
  /** Milliseconds the request's replica queries took (for the per-route metric). */
  queryMs: number;
}

export const readContext = new AsyncLocalStorage<ReadContext>();

export const currentReadContext = (): ReadContext | undefined => readContext.getStore();
