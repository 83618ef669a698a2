/** A small SSE client over node:http for tests and the benchmark: parses messages as they arrive. */
import http from 'node:http';

export interface SseMessage {
  id: string | undefined;
  event: string;
  data: string;
  /** When the message was parsed (performance.now()), for latency measurements. */
  at: number;
}

export interface SseOptions {
  headers?: Record<string, string>;
  /** Called for each message as it is parsed. */
  onMessage?: (m: SseMessage) => void;
  /** Keep only the last id instead of every message (the benchmark's 1,000 clients). */
  keep?: boolean;
}

export class SseConnection {
  readonly messages: SseMessage[] = [];
  comments = 0;
  lastId: string | undefined;
  /** The last `retry:` field (the reconnect delay the server asked for, ms). */
  retry: number | undefined;
  ended = false;
  private buffer = '';
  private waiters: Array<() => void> = [];

  constructor(
    readonly status: number,
    readonly contentType: string,
    private readonly req: http.ClientRequest,
    readonly body: Promise<string>,
    private readonly options: SseOptions,
  ) {}

  feed(chunk: string) {
    this.buffer += chunk;
    let end = this.buffer.indexOf('\n\n');
    while (end >= 0) {
      this.parseBlock(this.buffer.slice(0, end));
      this.buffer = this.buffer.slice(end + 2);
      end = this.buffer.indexOf('\n\n');
    }
    for (const w of this.waiters.splice(0)) w();
  }

  private parseBlock(block: string) {
    let id: string | undefined;
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) this.comments++;
      else if (line.startsWith('id: ')) id = line.slice(4);
      else if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
      else if (line.startsWith('retry: ')) this.retry = Number(line.slice(7));
    }
    if (data.length === 0) return;
    if (id !== undefined) this.lastId = id;
    const m = { id, event, data: data.join('\n'), at: performance.now() };
    if (this.options.keep !== false) this.messages.push(m);
    this.options.onMessage?.(m);
  }

  markEnded() {
    this.ended = true;
    for (const w of this.waiters.splice(0)) w();
  }

  /** Resolves when `predicate` holds (checked after each chunk); rejects after `timeoutMs`. */
  waitFor(predicate: (c: SseConnection) => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
      const check = () => {
        if (predicate(this)) {
          clearTimeout(timer);
          resolve();
        } else if (this.ended) {
          clearTimeout(timer);
          reject(new Error(`stream ended before ${what}`));
        } else this.waiters.push(check);
      };
      check();
    });
  }

  /** Messages of one kind, data parsed. */
  of<T = Record<string, unknown>>(event: string): Array<T & { _id: string | undefined }> {
    return this.messages
      .filter((m) => m.event === event)
      .map((m) => ({ ...(JSON.parse(m.data) as T), _id: m.id }));
  }

  close() {
    this.req.destroy();
  }
}

/** Opens a stream; resolves when the response head arrives (any status). */
export function openStream(url: string, options: SseOptions = {}): Promise<SseConnection> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { accept: 'text/event-stream', ...options.headers } }, (res) => {
      res.setEncoding('utf8');
      let text = '';
      const body = new Promise<string>((done) => {
        res.on('end', () => done(text));
        res.on('close', () => done(text));
      });
      const c = new SseConnection(
        res.statusCode ?? 0,
        String(res.headers['content-type']),
        req,
        body,
        options,
      );
      res.on('data', (chunk: string) => {
        if (c.status !== 200) text += chunk;
        else c.feed(chunk);
      });
      res.on('close', () => c.markEnded());
      res.on('error', () => c.markEnded());
      resolve(c);
    });
    req.on('error', reject);
  });
}
