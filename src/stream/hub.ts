/**
 * The stream's process-wide part: one LISTEN on the events channel, one CompanyFeed per followed
 * company, the heartbeat, the safety poll and the retention job. Closed with the app so shutdown
 * and tests never hang on open streams or timers.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/connect.js';
import { scopeFor } from '../db/scope.js';
import { outsideRequest } from '../db/statement-limits.js';
import { EVENTS_CHANNEL } from '../events/queries/write-events.js';
import type { StreamClient } from './client.js';
import { CompanyFeed } from './company-feed.js';
import type { StreamOptions } from './options.js';
import { pruneChanges } from './queries/prune-changes.js';
import type { Change } from './queries/read-changes.js';
import { goingAway, heartbeat } from './sse.js';

/** How soon clients of a server shutting down reconnect (to another instance), ms. */
const SHUTDOWN_RETRY_MS = 1000;

export class StreamHub {
  readonly feeds = new Map<string, CompanyFeed>();
  private listening: Promise<() => Promise<void>> | undefined;
  private timers: NodeJS.Timeout[] = [];
  private closed = false;

  constructor(
    private readonly db: Db,
    readonly options: StreamOptions,
    private readonly log: FastifyBaseLogger,
    /** Seconds from each change's transaction to its live delivery (for the lag histogram). */
    private readonly observeLag?: (seconds: number) => void,
  ) {
    const every = (ms: number, fn: () => void) => this.timers.push(setInterval(fn, ms).unref());
    every(options.heartbeatMs, () => {
      const beat = Buffer.from(heartbeat()); // one Buffer for every socket, not one string each
      this.forEachClient((c) => c.heartbeat(beat));
    });
    every(options.pollMs, () => this.wakeAll());
    every(
      options.pruneMs,
      () => void this.prune().catch((error) => this.log.error({ err: error }, 'prune failed')),
    );
  }

  /** Subscribes to NOTIFY once per process; called before a client reads its start position. */
  listen(): Promise<unknown> {
    // After the listening connection was lost and is back, NOTIFYs of the gap are gone: re-read.
    // Outside the first subscriber's request: the listener serves every company, as the owner.
    this.listening ??= outsideRequest(() =>
      this.db.listen(
        EVENTS_CHANNEL,
        (payload) => outsideRequest(() => this.onNotify(payload)),
        () => outsideRequest(() => this.wakeAll()),
      ),
    ).catch((error: unknown) => {
      this.listening = undefined; // let the next client try again instead of failing forever
      throw error;
    });
    return this.listening;
  }

  private onNotify(payload: string) {
    // Payload '<company_id>:<seq>' only says which company to wake; the feed reads the rows itself.
    const feed = this.feeds.get(payload.split(':')[0] ?? '');
    if (feed) void feed.pump();
  }

  /** Re-reads every followed company (safety net for NOTIFYs lost while the listener reconnected). */
  wakeAll() {
    for (const feed of this.feeds.values()) void feed.pump();
  }

  forEachClient(fn: (client: StreamClient) => void) {
    for (const feed of this.feeds.values()) for (const client of feed.clients) fn(client);
  }

  get clientCount(): number {
    let n = 0;
    for (const feed of this.feeds.values()) n += feed.clients.size;
    return n;
  }

  /** Adds a client to its company's feed: replays its backlog, then it receives live changes. */
  async connect(client: StreamClient): Promise<void> {
    if (this.closed || client.closed) return client.close();
    const companyId = client.user.companyId;
    let feed = this.feeds.get(companyId);
    if (!feed) {
      feed = new CompanyFeed(
        scopeFor(this.db, companyId),
        this.options.pageSize,
        this.options.coalesceMs,
        (error) => this.log.error({ err: error, companyId }, 'stream feed failed'),
        (changes) => this.recordLag(changes),
      );
      this.feeds.set(companyId, feed);
    }
    const owner = feed;
    client.onClose(() => {
      owner.clients.delete(client);
      if (owner.clients.size === 0 && this.feeds.get(companyId) === owner) this.feeds.delete(companyId);
    });
    await owner.join(client);
  }

  private recordLag(changes: Change[]) {
    if (!this.observeLag) return;
    const now = Date.now();
    for (const c of changes) this.observeLag((now - c.changedAt.getTime()) / 1000);
  }

  /** Deletes change-log rows older than the retention window. */
  prune(now = new Date()): Promise<number> {
    return pruneChanges(this.db.kysely, new Date(now.getTime() - this.options.retentionHours * 3_600_000));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearInterval(t);
    const farewell = Buffer.from(goingAway(SHUTDOWN_RETRY_MS));
    this.forEachClient((c) => {
      c.write(farewell);
      c.close();
      // Shutting down: a reader with output still queued is cut off instead of waited for; the
      // others got the farewell and end cleanly (client.close destroys them after a grace period).
      if (c.sink.writableLength > 0) c.sink.destroy();
    });
    for (const feed of this.feeds.values()) feed.close();
    this.feeds.clear();
    const unlisten = await this.listening?.catch(() => undefined);
    await unlisten?.();
  }
}
