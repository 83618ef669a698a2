/**
 * One connected stream client: its filters, the last seq it was sent (or skipped), and its socket.
 * A slow client cannot grow server memory without bound: past `maxQueueBytes` of unsent output it
 * is sent `reset` and closed.
 */
import type { Writable } from 'node:stream';
import type { AuthUser } from '../auth/tokens.js';
import type { TimelineFilters } from '../events/filters.js';
import type { EventWithNames } from '../events/presenter.js';
import { compileFilters, type EventPredicate } from './match-filters.js';
import { formatMessage, heartbeat } from './sse.js';

/** The part of http.ServerResponse a client needs (a plain Writable in unit tests). */
export type StreamSink = Pick<
  Writable,
  'write' | 'end' | 'destroy' | 'once' | 'writableLength' | 'destroyed'
>;

const DESTROY_AFTER_END_MS = 5_000; // a client that never reads is cut off instead of holding buffers

export class StreamClient {
  /** Every change with seq ≤ cursor was sent to this client or did not match its filters. */
  cursor: number;
  /** False while replaying its own backlog; the company feed then leaves it alone. */
  live = false;
  closed = false;
  readonly matches: EventPredicate;
  readonly q: string | undefined;
  /** Called with each created event delivered (saved-timeline notifications). */
  onCreated: ((row: EventWithNames, seq: number) => void) | undefined;
  private closeListeners: Array<() => void> = [];

  constructor(
    readonly sink: StreamSink,
    readonly user: AuthUser,
    readonly filters: TimelineFilters,
    start: number,
    private readonly maxQueueBytes: number,
  ) {
    this.cursor = start;
    this.matches = compileFilters(filters);
    this.q = filters.q;
  }

  onClose(fn: () => void) {
    this.closeListeners.push(fn);
  }

  /** Live delivery: writes a message, or resets and closes the client when its queue is over the cap. */
  push(event: string, id: number | undefined, data: string): void {
    if (this.closed) return;
    if (this.sink.writableLength > this.maxQueueBytes) {
      this.reset('slow_consumer', this.cursor);
      this.close();
      return;
    }
    this.sink.write(formatMessage({ id, event, data }));
  }

  /** Replay delivery: the caller waits for `drained()` instead of overflowing. */
  get congested(): boolean {
    return this.sink.writableLength > this.maxQueueBytes;
  }

  drained(): Promise<void> {
    if (this.closed || !this.congested) return Promise.resolve();
    return new Promise((resolve) => {
      this.sink.once('drain', resolve);
      this.onClose(resolve);
    });
  }

  reset(reason: string, seq: number): void {
    if (this.closed) return;
    this.sink.write(formatMessage({ id: seq, event: 'reset', data: JSON.stringify({ reason, seq }) }));
  }

  heartbeat(): void {
    if (!this.closed) this.sink.write(heartbeat());
  }

  /** Ends the response (idempotent); also called when the peer disconnects. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (!this.sink.destroyed) {
      this.sink.end();
      setTimeout(() => this.sink.destroy(), DESTROY_AFTER_END_MS).unref();
    }
    for (const fn of this.closeListeners.splice(0)) fn();
  }
}
