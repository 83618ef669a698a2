import { expect, it } from 'vitest';
import type { EventInput } from '../events/schema.js';
import { newCompany } from '../test/app.js';
import { describeStream, ingest } from './testing/harness.js';
import { openStream, type SseConnection } from './testing/sse-client.js';

const TYPES: Array<Pick<EventInput, 'event_type' | 'event_source'>> = [
  { event_type: 'call', event_source: 'phone_system' },
  { event_type: 'email', event_source: 'email' },
  { event_type: 'meeting', event_source: 'calendar' },
  { event_type: 'note', event_source: 'manual' },
];

describeStream('stream: lossless resume', (t) => {
  it('4 concurrent writers x 500 events, random disconnects: exactly the matching events, in seq order, once', async () => {
    const co = newCompany();
    const headers = await co.auth('rep');
    const expected = new Set<string>();
    let writing = true;
    const writer = async (w: number) => {
      for (let b = 0; b < 20; b++) {
        const items = Array.from({ length: 25 }, (_, i) => TYPES[(w + b + i) % 4] as Partial<EventInput>);
        const ids = await ingest(t.app, co, items);
        ids.forEach((id, i) => {
          if (['call', 'email'].includes(items[i]?.event_type as string)) expected.add(id);
        });
      }
    };

    const received: Array<{ id: string; seq: number }> = [];
    let connections = 0;
    let lastId = '0'; // start from the beginning of the log: the first connection replays too
    const reader = async () => {
      // Reconnects after a random number of messages until every expected event has arrived.
      while (writing || received.length < expected.size) {
        const quota = 20 + Math.floor(Math.random() * 150);
        let got = 0;
        let sse: SseConnection | undefined;
        sse = await openStream(`${t.base}/api/v1/stream?type=call,email`, {
          headers: { ...headers, 'last-event-id': lastId },
          onMessage: (m) => {
            expect(m.event).toBe('event.created');
            const data = JSON.parse(m.data) as { id: string };
            received.push({ id: data.id, seq: Number(m.id) });
            lastId = m.id as string;
            if (++got >= quota) sse?.close();
          },
        });
        connections++;
        await sse
          .waitFor(() => got >= quota || (!writing && received.length >= expected.size), 15_000, 'messages')
          .catch(() => undefined); // closed by us: reconnect
        sse.close();
      }
    };

    const readerDone = reader();
    await Promise.all([0, 1, 2, 3].map(writer));
    writing = false;
    await readerDone;

    expect(expected.size).toBe(1000);
    const ids = received.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length); // no duplicates
    expect(new Set(ids)).toEqual(expected); // no loss, nothing foreign
    const seqs = received.map((r) => r.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(connections).toBeGreaterThan(3);
  }, 120_000);
});
