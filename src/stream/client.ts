/**
 * One connected stream client: its filters, the last seq it was sent (or skipped), and its socket.
 * A slow client cannot grow server memory without bound: past `maxQueueBytes` of unsent output it
 * is sent `reset` and closed.
 */
import type { Writable } from 'node:stream';
import type { AuthUser } from '../auth/tokens.js';
import type { TimelineFilters } from '../events/filters.js';
import type { EventWithNames } from '../events/presenter.js';
import { type ContentFacts, canReadContent } from '../visibility/content.js';
import type { ReadScope } from '../visibility/policy.js';
import { compileVisibility, type VisibleFacts } from '../visibility/predicate.js';
import { compileFilters, type EventPredicate } from './match-filters.js';
import { formatMessage, heartbeat } from './sse.js';

/** The part of http.ServerResponse a client needs (a plain Writable in unit tests). */
export type StreamSink = Pick<
  Writable,
  'write' | 'cork' | 'uncork' | 'end' | 'destroy' | 'once' | 'writableLength' | 'destroyed'
>;

const DESTROY_AFTER_END_MS = 5_000; // a client that never reads is cut off instead of holding buffers

export class StreamClient {
  /** Every change with seq ≤ cursor was sent to this client or did not match its filters. */
  cursor: number;
  /** False while replaying its own backlog; the company feed then leaves it alone. */
  live = false;
  closed = false;
  /** The client's filters and the viewer's visibility: both must hold for an event to be sent. */
  readonly matches: EventPredicate;
  /** The viewer's visibility alone (a purged event's removal: only owner and team are known). */
  readonly sees: (facts: VisibleFacts) => boolean;
  readonly q: string | undefined;
  /** Same filters and visibility ⇒ same key: such clients at the same cursor get the very same bytes. */
  readonly filterKey: string;
  /** Same rows visible ⇒ same key: such clients see the same replies, so the same events unanswered. */
  readonly rowsKey: string;
  /** For each created event delivered: an extra message to send after it (saved-timeline notifications). */
  notify: ((row: EventWithNames, seq: number) => string | undefined) | undefined;
  /**
   * A saved "unanswered" timeline: `notify` only of events still unanswered when delivered (the
   * database tells, once per page of changes: page-facts.ts), never of one a stored reply answers.
   */
  notifyUnansweredOnly = false;
  private closeListeners: Array<() => void> = [];

  constructor(
    readonly sink: StreamSink,
    readonly user: AuthUser,
    readonly filters: TimelineFilters,
    /** The events the viewer may see and whose content they read, resolved when the stream opened. */
    readonly visible: ReadScope,
    start: number,
    private readonly maxQueueBytes: number,
  ) {
    this.cursor = start;
    const wanted = compileFilters(filters);
    const visibleTo = compileVisibility(visible.rows);
    this.sees = visibleTo;
    // Text and participant filters match only events whose content the viewer reads (no search leak).
    const byContent = filters.q !== undefined || filters.participant !== undefined;
    this.matches = (row) => visibleTo(row) && wanted(row) && (!byContent || this.readsContent(row));
    this.q = filters.q;
    // Visibility is part of the key: two viewers with equal filters may see different events.
    const rows = visible.rows && [[...visible.rows.owners], [...visible.rows.teams]];
    this.rowsKey = JSON.stringify(rows);
    this.filterKey = JSON.stringify([filters, rows, byContent ? visible.reader : null]);
  }

  /** Whether this viewer reads the event's content (else it is sent redacted). */
  readsContent(row: ContentFacts): boolean {
    return canReadContent(this.visible.reader, row);
  }

  /** Runs `fn` when the client closes (at once if it already has), so nothing outlives it. */
  onClose(fn: () => void) {
    if (this.closed) fn();
    else this.closeListeners.push(fn);
  }

  /**
   * Writes already-formatted messages (a Buffer may be shared by many clients: it is queued by
   * reference, not copied), or sends `reset` and closes when unsent output is over the cap.
   */
  write(out: string | Buffer): void {
    if (this.closed || out.length === 0 || this.overflowed()) return;
    this.sink.write(out);
  }

  /** Writes several messages (typically shared Buffers) as one: corked, so a single writev. */
  writeAll(parts: ReadonlyArray<string | Buffer>): void {
    if (this.closed || parts.length === 0 || this.overflowed()) return;
    this.sink.cork();
    for (const part of parts) this.sink.write(part);
    this.sink.uncork();
  }

  /** Over the cap: sends `reset`, closes, and says so. */
  private overflowed(): boolean {
    if (this.sink.writableLength <= this.maxQueueBytes) return false;
    // No id: the browser keeps its last received id, so a plain reconnect replays what was dropped.
    this.reset('slow_consumer');
    this.close();
    return true;
  }

  push(event: string, id: number | undefined, data: string): void {
    this.write(formatMessage({ id, event, data }));
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

  /** Tells the client to reload; with `seq`, the stream continues from there (its new Last-Event-ID). */
  reset(reason: string, seq?: number): void {
    if (this.closed) return;
    const data = JSON.stringify(seq === undefined ? { reason } : { reason, seq });
    this.sink.write(formatMessage({ id: seq, event: 'reset', data }));
  }

  /** `beat`: one comment rendered for every client (a shared Buffer) instead of one string each. */
  heartbeat(beat: string | Buffer = heartbeat()): void {
    if (!this.closed) this.sink.write(beat);
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
