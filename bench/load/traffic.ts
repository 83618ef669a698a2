/**
 * The mixed traffic of the load test: each of `connections` workers loops until the deadline,
 * picking a kind by weight (70 % timeline reads, 20 % ingest, 10 % dashboards) and sending one
 * request over a keep-alive agent. Reads vary their filters and follow `next_cursor` for a few
 * pages, as a person scrolling does; ingest sends single events and small batches.
 */
import http from 'node:http';
import type { Dataset } from '../lib/dataset.js';
import { benchEvent } from '../lib/payloads.js';

export type Kind = 'read' | 'ingest' | 'dashboard';
export const MIX: Array<[Kind, number]> = [
  ['read', 0.7],
  ['ingest', 0.2],
  ['dashboard', 0.1],
];

export interface KindStats {
  /** Latency of each completed request, ms. */
  latencies: number[];
  /** Responses by status (errors included), and failures without a response. */
  statuses: Map<string, number>;
}

export interface TrafficOptions {
  baseUrl: string;
  dataset: Dataset;
  /** Authorization header values: people (reads, dashboards) and an integration (ingest). */
  readers: string[];
  integration: string;
  connections: number;
  durationMs: number;
}

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)] as T;
const TYPES = ['call', 'email', 'meeting', 'note', 'task', 'chat'];
const DAY = 86_400_000;

/** A timeline query like the web app sends: a few filters, sometimes none. */
function readQuery(ds: Dataset): string {
  const p = new URLSearchParams({ limit: String(pick([25, 50, 100])) });
  const r = Math.random();
  if (r < 0.3)
    p.set('customer_id', ds.customerIds[Math.floor(ds.customerIds.length * Math.random() ** 3)] ?? '');
  else if (r < 0.5) p.set('user_id', pick(ds.userIds));
  else if (r < 0.65) p.set('type', `${pick(TYPES)},${pick(TYPES)}`);
  if (Math.random() < 0.4) p.set('from', new Date(Date.now() - pick([7, 30, 90, 365]) * DAY).toISOString());
  if (Math.random() < 0.1) p.set('q', pick(['renewal', 'pricing', 'call']));
  if (Math.random() < 0.1) p.set('order', 'asc');
  return p.toString();
}

const DASHBOARDS = ['/api/v1/dashboards/executive', '/api/v1/dashboards/me'];

export class Traffic {
  readonly stats = new Map<Kind, KindStats>(
    MIX.map(([k]) => [k, { latencies: [], statuses: new Map<string, number>() }]),
  );
  readonly ingested = { acknowledged: 0 };
  private readonly agent: http.Agent;

  constructor(private readonly o: TrafficOptions) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: o.connections });
  }

  async run(): Promise<void> {
    const end = Date.now() + this.o.durationMs;
    await Promise.all(Array.from({ length: this.o.connections }, () => this.worker(end)));
    this.agent.destroy();
  }

  private async worker(end: number) {
    let cursor: { query: string; next: string } | undefined;
    while (Date.now() < end) {
      const r = Math.random();
      const kind: Kind = r < 0.7 ? 'read' : r < 0.9 ? 'ingest' : 'dashboard';
      if (kind === 'read') {
        // Scroll on (up to a few pages) or start a new query.
        const query: string = cursor && Math.random() < 0.5 ? cursor.query : readQuery(this.o.dataset);
        const url = `/api/v1/events?${query}${cursor?.query === query ? `&cursor=${encodeURIComponent(cursor.next)}` : ''}`;
        const body = await this.send('read', 'GET', url, pick(this.o.readers));
        const next = body ? (JSON.parse(body) as { next_cursor?: string | null }).next_cursor : null;
        cursor = next ? { query, next } : undefined;
      } else if (kind === 'ingest') {
        const size = Math.random() < 0.5 ? 1 : 2 + Math.floor(Math.random() * 19);
        const events = Array.from({ length: size }, (_, i) => benchEvent(this.o.dataset, i, 'live'));
        const [url, payload] = size === 1 ? ['/api/v1/events', events[0]] : ['/api/v1/events/batch', events];
        if (
          (await this.send('ingest', 'POST', url, this.o.integration, JSON.stringify(payload))) !== undefined
        )
          this.ingested.acknowledged += size;
      } else {
        const days = pick([7, 30, 90]);
        const from = new Date(Date.now() - days * DAY).toISOString();
        await this.send('dashboard', 'GET', `${pick(DASHBOARDS)}?from=${from}`, pick(this.o.readers));
      }
    }
  }

  /** The body of a 2xx answer, or undefined (the status is counted either way). */
  private send(
    kind: Kind,
    method: string,
    path: string,
    auth: string,
    body?: string,
  ): Promise<string | undefined> {
    const stats = this.stats.get(kind) as KindStats;
    const count = (key: string) => stats.statuses.set(key, (stats.statuses.get(key) ?? 0) + 1);
    const started = performance.now();
    return new Promise((resolve) => {
      const req = http.request(
        `${this.o.baseUrl}${path}`,
        {
          method,
          agent: this.agent,
          headers: {
            authorization: auth,
            ...(body
              ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }
              : {}),
          },
          timeout: 60_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            stats.latencies.push(performance.now() - started);
            const status = res.statusCode ?? 0;
            count(String(status));
            resolve(status < 300 ? Buffer.concat(chunks).toString() : undefined);
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (e) => {
        count(`error: ${e.message}`);
        resolve(undefined);
      });
      req.end(body);
    });
  }
}
