/**
 * Compressed responses (brotli or gzip, as the client accepts): JSON over 1 KB and the web app's
 * static files (the chart chunk is ~700 KB raw, ~230 KB gzipped). The live stream is never
 * compressed: it hijacks the reply and writes to the socket itself, and text/event-stream is
 * excluded by type too, so every event still leaves the moment it is written.
 */
import compress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';

export async function registerCompression(app: FastifyInstance) {
  await app.register(compress, {
    global: true,
    encodings: ['br', 'gzip'],
    threshold: 1024,
    // Request bodies are taken as sent: a compressed upload would be inflated past what
    // BODY_LIMIT_BYTES is meant to bound, for no need of ours (clients batch instead).
    globalDecompression: false,
  });
}
