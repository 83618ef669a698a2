/**
 * The benchmark's stream clients, run in a child process (forked by bench/stream.ts) so that their
 * parsing does not compete with the server for its event loop and the server's RSS is its own.
 * Each client checks that seqs arrive contiguously (the bench company only gets creates, so any gap
 * is a lost event) and measures latency from the ingest request time written in the event title.
 */
import http from 'node:http';

interface Start {
  url: string;
  authorization: string;
  clients: number;
}

const BUCKET_MS = 1; // latency histogram resolution
const MAX_MS = 30_000;

const histogram = new Uint32Array(MAX_MS / BUCKET_MS + 1);
const state: Array<{ lastSeq: number; received: number; gaps: number; carry: Buffer; closed: boolean }> = [];
const sockets: http.ClientRequest[] = [];
let closedEarly = 0;

const now = () => performance.timeOrigin + performance.now();

const SEP = Buffer.from('\n\n');
const ID = Buffer.from('id: ');
const TITLE = Buffer.from('"event_title":"bench ');

/** Scans raw bytes (no utf-8 decoding of 350 MB/s): seq of every message, send time of sampled ones. */
function onChunk(i: number, chunk: Buffer) {
  const s = state[i] as (typeof state)[number];
  const buf = s.carry.length ? Buffer.concat([s.carry, chunk]) : chunk;
  let start = 0;
  let end = buf.indexOf(SEP, start);
  while (end >= 0) {
    const idAt = buf.indexOf(ID, start);
    if (idAt >= 0 && idAt < end) {
      const seq = Number.parseInt(buf.toString('latin1', idAt + 4, buf.indexOf(10, idAt)), 10);
      if (seq !== s.lastSeq + 1) s.gaps++;
      s.lastSeq = seq;
      s.received++;
      // Latency for one event in ten per client (all clients together still sample every event).
      if (seq % 10 === i % 10) {
        const at = buf.indexOf(TITLE, idAt);
        if (at >= 0 && at < end) {
          const from = at + TITLE.length;
          const sent = Number.parseFloat(buf.toString('latin1', from, buf.indexOf(34, from)));
          const ms = Math.min(MAX_MS, Math.max(0, now() - sent));
          const b = Math.floor(ms / BUCKET_MS);
          histogram[b] = (histogram[b] ?? 0) + 1;
        }
      }
    }
    start = end + 2;
    end = buf.indexOf(SEP, start);
  }
  s.carry = start < buf.length ? Buffer.from(buf.subarray(start)) : EMPTY;
}

const EMPTY = Buffer.alloc(0);

function connect(start: Start, i: number): Promise<void> {
  state[i] = { lastSeq: 0, received: 0, gaps: 0, carry: Buffer.alloc(0), closed: false };
  return new Promise((resolve, reject) => {
    const req = http.get(
      start.url,
      { headers: { authorization: start.authorization, accept: 'text/event-stream' }, agent: false },
      (res) => {
        if (res.statusCode !== 200) return reject(new Error(`client ${i}: HTTP ${res.statusCode}`));
        res.on('data', (chunk: Buffer) => onChunk(i, chunk));
        res.on('close', () => {
          closedEarly++;
          (state[i] as (typeof state)[number]).closed = true;
        });
        resolve();
      },
    );
    req.on('error', reject);
    sockets.push(req);
  });
}

process.on('message', async (msg: { type: 'start'; start: Start } | { type: 'finish'; lastSeq: number }) => {
  if (msg.type === 'start') {
    const t0 = performance.now();
    for (let i = 0; i < msg.start.clients; i += 50) {
      const batch = [];
      for (let j = i; j < Math.min(i + 50, msg.start.clients); j++) batch.push(connect(msg.start, j));
      await Promise.all(batch);
    }
    process.send?.({ type: 'ready', connectSeconds: (performance.now() - t0) / 1000 });
    return;
  }
  // Wait (up to 30 s) for every client to reach the last seq, then report.
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && state.some((s) => !s.closed && s.lastSeq < msg.lastSeq)) {
    await new Promise((r) => setTimeout(r, 100));
  }
  const closedBefore = closedEarly;
  for (const req of sockets) req.destroy();
  process.send?.({
    type: 'report',
    histogram: [...histogram.entries()].filter(([, n]) => n > 0),
    samples: histogram.reduce((a, b) => a + b, 0),
    received: state.reduce((a, s) => a + s.received, 0),
    gaps: state.reduce((a, s) => a + s.gaps, 0),
    incomplete: state.filter((s) => s.lastSeq < msg.lastSeq).length,
    // Events a still-connected client never received: with gaps, the events lost.
    missing: state.reduce((n, s) => n + (s.closed ? 0 : msg.lastSeq - s.lastSeq), 0),
    closedEarly: closedBefore,
  });
});
