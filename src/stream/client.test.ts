import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { EventWithNames } from '../events/presenter.js';
import { StreamClient, type StreamSink } from './client.js';
import { deliverChanges } from './deliver.js';
import type { PageFacts } from './page-facts.js';
import type { Change } from './queries/read-changes.js';

/** Every row, read as a viewer outside every team and participant list. */
/** A page no client needs the database for (no `q`, no unanswered timeline). */
const noFacts = (): PageFacts => ({ text: new Map(), unanswered: new Map() });
const ALL = { rows: null, reader: { userId: randomUUID(), email: null, team: null } };

/** A socket whose peer never reads: everything written stays queued. */
function stuckSink() {
  const written: Array<string | Buffer> = [];
  const sink = {
    written,
    ended: false,
    destroyed: false,
    corked: 0,
    get writableLength() {
      return written.reduce((n, s) => n + s.length, 0);
    },
    write(chunk: string | Buffer) {
      written.push(chunk);
      return false;
    },
    cork() {
      sink.corked++;
    },
    uncork() {
      sink.corked--;
    },
    end() {
      sink.ended = true;
      return sink;
    },
    destroy() {
      sink.destroyed = true;
      return sink;
    },
    once() {
      return sink;
    },
  };
  return sink;
}

describe('stream client back-pressure', () => {
  it('a client that stops reading is sent `reset` and closed once its queue passes the cap', () => {
    const sink = stuckSink();
    const user = { userId: randomUUID(), companyId: randomUUID(), role: 'rep' as const, teamId: null };
    const client = new StreamClient(sink as unknown as StreamSink, user, {}, ALL, 0, 10_000);
    let closed = 0;
    client.onClose(() => closed++);
    const data = JSON.stringify({ pad: 'x'.repeat(1000) });
    for (let seq = 1; seq <= 100; seq++) {
      client.cursor = seq;
      client.push('event.created', seq, data);
    }
    expect(client.closed).toBe(true);
    expect(closed).toBe(1);
    expect(sink.ended).toBe(true);
    // Bounded: about the cap plus one message, not 100 messages.
    expect(sink.writableLength).toBeLessThan(10_000 + 2 * 1100);
    const last = String(sink.written.at(-1) ?? '');
    // Without an id, so the browser's Last-Event-ID stays at the last message it really received.
    expect(last).toBe('event: reset\ndata: {"reason":"slow_consumer"}\n\n');
    expect(sink.written.filter((w) => w.includes('event.created')).length).toBeLessThan(12);
  });
});

describe('fan-out', () => {
  const user = { userId: randomUUID(), companyId: randomUUID(), role: 'rep' as const, teamId: null };
  const row = (seq: number, event_type: string) =>
    ({
      id: randomUUID(),
      event_type,
      event_timestamp: new Date(),
      created_at: new Date(),
      updated_at: new Date(),
      participants: [],
      is_deleted: false,
      visibility: 'default',
      seq,
    }) as unknown as EventWithNames;
  const changes: Change[] = [1, 2, 3, 4].map((seq) => ({
    seq,
    kind: 'created',
    eventId: randomUUID(),
    changedAt: new Date(),
    row: row(seq, seq % 2 ? 'call' : 'email'),
  }));
  const ids = (sink: ReturnType<typeof stuckSink>) =>
    sink.written
      .join('')
      .match(/^id: \d+$/gm)
      ?.map((l) => Number(l.slice(4))) ?? [];

  it('each client gets exactly its matching changes after its own cursor, in order, once', () => {
    const sinks = [stuckSink(), stuckSink(), stuckSink(), stuckSink()];
    const [a, b, c, d] = [
      new StreamClient(sinks[0] as unknown as StreamSink, user, {}, ALL, 0, 1e6),
      new StreamClient(sinks[1] as unknown as StreamSink, user, {}, ALL, 0, 1e6), // same group as a
      new StreamClient(sinks[2] as unknown as StreamSink, user, {}, ALL, 2, 1e6), // same filters, later cursor
      new StreamClient(sinks[3] as unknown as StreamSink, user, { type: ['email'] }, ALL, 0, 1e6),
    ] as StreamClient[];
    deliverChanges([a, b, c, d] as StreamClient[], changes, noFacts());
    deliverChanges([a, b, c, d] as StreamClient[], changes, noFacts()); // a re-read delivers nothing twice
    expect(sinks.map(ids)).toEqual([
      [1, 2, 3, 4],
      [1, 2, 3, 4],
      [3, 4],
      [2, 4],
    ]);
    // Clients of one group share the bytes (one Buffer, queued by reference).
    expect(sinks[0]?.written[0]).toBe(sinks[1]?.written[0]);
    expect([a, b, c, d].map((x) => x?.cursor)).toEqual([4, 4, 4, 4]);
  });

  it('clients alone in their group (notifications) get the shared message Buffers, not copies', () => {
    const sinks = [stuckSink(), stuckSink()];
    const clients = sinks.map((sink, k) => {
      const client = new StreamClient(sink as unknown as StreamSink, user, {}, ALL, 0, 1e6);
      client.notify = (r, seq) =>
        r.event_type === 'email' ? `event: notification\ndata: ${k}:${seq}\n\n` : undefined;
      return client;
    });
    deliverChanges(clients, changes, noFacts());
    const [a, b] = sinks as [ReturnType<typeof stuckSink>, ReturnType<typeof stuckSink>];
    expect(a.written.map(String)).toEqual([
      expect.stringMatching(/^id: 1\n/),
      expect.stringMatching(/^id: 2\n/),
      'event: notification\ndata: 0:2\n\n',
      expect.stringMatching(/^id: 3\n/),
      expect.stringMatching(/^id: 4\n/),
      'event: notification\ndata: 0:4\n\n',
    ]);
    expect(String(b.written[2])).toBe('event: notification\ndata: 1:2\n\n');
    // The event messages are the same objects in both queues: serialized once, never copied per client.
    for (const i of [0, 1, 3, 4]) expect(b.written[i]).toBe(a.written[i]);
    // One corked write per delivery, left uncorked.
    expect([a.corked, b.corked]).toEqual([0, 0]);
    expect(ids(a)).toEqual([1, 2, 3, 4]);
  });
});
