import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { StreamClient, type StreamSink } from './client.js';

/** A socket whose peer never reads: everything written stays queued. */
function stuckSink() {
  const written: string[] = [];
  const sink = {
    written,
    ended: false,
    destroyed: false,
    get writableLength() {
      return written.reduce((n, s) => n + s.length, 0);
    },
    write(chunk: string) {
      written.push(chunk);
      return false;
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
    const client = new StreamClient(sink as unknown as StreamSink, user, {}, 0, 10_000);
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
    const last = sink.written.at(-1) ?? '';
    // Without an id, so the browser's Last-Event-ID stays at the last message it really received.
    expect(last).toBe('event: reset\ndata: {"reason":"slow_consumer"}\n\n');
    expect(sink.written.filter((w) => w.includes('event.created')).length).toBeLessThan(12);
  });
});
