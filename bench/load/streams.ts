/**
 * Live-stream clients held open for the whole load test: each counts the events it receives and
 * how often it was cut off (a stream that ends early is an error the table shows).
 */
import { openStream, type SseConnection } from '../../src/stream/testing/sse-client.js';

export interface StreamClients {
  /** Clients connected (200) at the start. */
  connected: number;
  refused: number;
  received(): number;
  /** Clients whose stream ended before close(). */
  ended(): number;
  close(): void;
}

export async function openStreamClients(
  baseUrl: string,
  auths: string[],
  count: number,
): Promise<StreamClients> {
  let received = 0;
  const clients: SseConnection[] = [];
  let refused = 0;
  for (let i = 0; i < count; i++) {
    const c = await openStream(`${baseUrl}/api/v1/stream`, {
      headers: { authorization: auths[i % auths.length] as string },
      keep: false,
      onMessage: (m) => {
        if (m.event.startsWith('event.')) received++;
      },
    });
    if (c.status === 200) clients.push(c);
    else refused++;
  }
  return {
    connected: clients.length,
    refused,
    received: () => received,
    ended: () => clients.filter((c) => c.ended).length,
    close: () => {
      for (const c of clients) c.close();
    },
  };
}
