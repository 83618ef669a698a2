/**
 * One shared reader per company per process: on each NOTIFY (or safety poll) it reads the changes
 * after its cursor once and hands them to every live client of the company. New clients first
 * replay their own backlog (from Last-Event-ID) and then join the live set.
 */
import type { Scope } from '../db/scope.js';
import type { StreamClient } from './client.js';
import { deliverChanges } from './deliver.js';
import { readPageFacts } from './page-facts.js';
import { type Change, readChanges } from './queries/read-changes.js';
import { getStreamPosition } from './queries/stream-position.js';

export class CompanyFeed {
  readonly clients = new Set<StreamClient>();
  /** Every change with seq ≤ cursor has been handed to the live clients. */
  cursor = 0;
  private readonly ready: Promise<void>;
  private running = false;
  private again = false;
  private lastRun = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly scope: Scope,
    private readonly pageSize: number,
    /** Minimum ms between two reads: a burst of NOTIFYs becomes one read and one write per client. */
    private readonly coalesceMs: number,
    private readonly onError: (error: unknown) => void,
    private readonly onLive?: (changes: Change[]) => void,
  ) {
    // Start at the last committed seq: clients joining later replay anything before it themselves.
    this.ready = getStreamPosition(scope).then((p) => {
      this.cursor = p.lastSeq;
    });
  }

  /** A snapshot array, not a generator: it is walked per delivery, twice, for every client. */
  private liveClients(): StreamClient[] {
    const live: StreamClient[] = [];
    for (const c of this.clients) if (c.live && !c.closed) live.push(c);
    return live;
  }

  /** Reads and delivers new changes soon; calls within `coalesceMs` share one pass. */
  pump(): Promise<void> {
    if (this.timer) return Promise.resolve();
    const wait = this.lastRun + this.coalesceMs - Date.now();
    if (wait <= 0) return this.run();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.run();
    }, wait);
    return Promise.resolve();
  }

  close() {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.clients.clear();
  }

  private async run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      await this.ready;
      do {
        this.again = false;
        this.lastRun = Date.now();
        await this.drain();
      } while (this.again && this.clients.size > 0);
    } catch (error) {
      this.onError(error);
    } finally {
      this.running = false;
    }
  }

  private async drain() {
    for (;;) {
      // Always re-read from our own cursor: a NOTIFY payload is a wake-up call, never data.
      const changes = await readChanges(this.scope, this.cursor, this.pageSize);
      if (changes.length === 0) return;
      const facts = await readPageFacts(this.scope, changes, () => this.liveClients());
      // Synchronous from here: no client can change state between matching and delivery.
      deliverChanges(this.liveClients(), changes, facts);
      this.onLive?.(changes);
      this.cursor = (changes.at(-1) as Change).seq;
      if (changes.length < this.pageSize) return;
    }
  }

  /** Replays `client`'s backlog (seq > client.cursor) and then makes it live. */
  async join(client: StreamClient): Promise<void> {
    this.clients.add(client);
    client.onClose(() => this.clients.delete(client));
    await this.ready;
    while (!client.closed) {
      if (client.cursor >= this.cursor) {
        client.live = true; // the feed delivers everything after its cursor, dedupe by seq does the rest
        return;
      }
      await client.drained();
      const changes = await readChanges(this.scope, client.cursor, this.pageSize);
      if (changes.length === 0) {
        // The feed saw changes that are gone now: pruned by retention while we replayed.
        client.reset('gap_expired', this.cursor);
        client.cursor = this.cursor;
        continue;
      }
      deliverChanges([client], changes, await readPageFacts(this.scope, changes, () => [client]));
      // No shortcut on a short page: the feed may have read past our snapshot meanwhile (another
      // connection), so loop until our cursor reaches the feed's.
    }
  }
}
