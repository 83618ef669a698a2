/**
 * LISTEN on one dedicated PostgreSQL connection, shared by every subscriber of the process. When
 * the connection is lost (server restart, failover, a terminated backend, a proxy's idle timeout)
 * it reconnects with backoff, listens again, and then calls every subscriber's `onReconnect`:
 * NOTIFYs sent meanwhile are lost, so subscribers catch up from the change log they follow.
 */
import pg from 'pg';
import { outsideRequest } from './statement-limits.js';

export type Listener = (payload: string) => void;

interface Subscriber {
  onMessage: Listener;
  onReconnect?: () => void;
}

const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 10_000;

export class PgListener {
  private readonly channels = new Map<string, Set<Subscriber>>();
  private client: pg.Client | undefined;
  private connecting: Promise<pg.Client> | undefined;
  private retryMs = FIRST_RETRY_MS;
  private retryTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly onError: (error: Error, retryInMs: number) => void = () => {},
  ) {}

  /** Subscribes; resolves once the channel is LISTENed (rejects, subscribing nothing, if it cannot be). */
  async listen(channel: string, onMessage: Listener, onReconnect?: () => void): Promise<() => Promise<void>> {
    const subscriber: Subscriber = { onMessage, onReconnect };
    let set = this.channels.get(channel);
    const isNew = !set;
    if (!set) {
      set = new Set();
      this.channels.set(channel, set);
    }
    set.add(subscriber);
    try {
      const client = await this.connected();
      if (isNew) await client.query(`listen "${channel}"`);
    } catch (error) {
      set.delete(subscriber);
      if (set.size === 0 && this.channels.get(channel) === set) this.channels.delete(channel);
      throw error;
    }
    return async () => {
      set.delete(subscriber);
    };
  }

  /** The live connection, opening it (and listening on every channel) when there is none. */
  private connected(): Promise<pg.Client> {
    if (this.client) return Promise.resolve(this.client);
    // Outside any request: the socket's callbacks (every NOTIFY) must not carry a request's limits.
    this.connecting ??= outsideRequest(() => this.open()).finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async open(): Promise<pg.Client> {
    const client = new pg.Client(this.config);
    let lost = false;
    const onLost = (error: Error) => {
      if (lost) return;
      lost = true;
      if (this.client === client) this.client = undefined;
      client.end().catch(() => {});
      this.scheduleReconnect(error);
    };
    client.on('error', onLost);
    client.on('end', () => onLost(new Error('LISTEN connection ended')));
    client.on('notification', (msg) => {
      for (const s of this.channels.get(msg.channel) ?? []) s.onMessage(msg.payload ?? '');
    });
    try {
      await client.connect();
      for (const channel of this.channels.keys()) await client.query(`listen "${channel}"`);
    } catch (error) {
      lost = true;
      client.removeAllListeners('end');
      client.on('error', () => {});
      await client.end().catch(() => {});
      throw error;
    }
    if (this.closed) {
      await client.end().catch(() => {});
      throw new Error('listener closed');
    }
    this.client = client;
    this.retryMs = FIRST_RETRY_MS;
    return client;
  }

  private scheduleReconnect(error: Error) {
    if (this.closed || this.retryTimer || this.channels.size === 0) return;
    const wait = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
    this.onError(error, wait);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.connected().then(
        () => this.caughtUp(),
        (e: Error) => this.scheduleReconnect(e),
      );
    }, wait);
    this.retryTimer.unref();
  }

  /** Listening again: every subscriber re-reads what it may have missed. */
  private caughtUp() {
    for (const set of this.channels.values()) for (const s of set) s.onReconnect?.();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.channels.clear();
    const client = this.client ?? (await this.connecting?.catch(() => undefined));
    this.client = undefined;
    if (client) {
      client.removeAllListeners('end');
      await client.end().catch(() => {});
    }
  }
}
