/**
 * Bodies over BODY_LIMIT_BYTES end in a 413 problem+json the client actually reads. Fastify
 * answers the 413 with `Connection: close` while the client is still uploading; closing a socket
 * with unread data makes the kernel reset it, so fetch, node:http and curl saw EPIPE instead.
 * - `Expect: 100-continue` with a Content-Length over the limit is refused before the upload
 *   (instead of Node's automatic `100 Continue`).
 * - Otherwise the rest of the body is read and discarded before the 413 goes out, up to
 *   DRAIN_MAX_BYTES and DRAIN_MAX_MS; past either the socket is closed (a client sending more is
 *   not worth waiting for).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { problemBody } from '../errors.js';

/** Bytes of an oversized body read and thrown away so the client gets to read its 413. */
export const DRAIN_MAX_BYTES = 64 * 1024 * 1024;
const DRAIN_MAX_MS = 15_000;

const TOO_LARGE = 'The request body is larger than this server accepts.';

function declaredLength(req: IncomingMessage): number {
  const raw = req.headers['content-length'];
  return raw === undefined ? Number.NaN : Number(raw);
}

/** Answers `Expect: 100-continue`: 413 when the announced body is over the limit, else continue. */
function handleCheckContinue(app: FastifyInstance, limit: number, req: IncomingMessage, res: ServerResponse) {
  if (declaredLength(req) > limit) {
    const body = JSON.stringify(
      problemBody('payload_too_large', TOO_LARGE, undefined, req.url?.split('?')[0]),
    );
    res.writeHead(413, {
      'content-type': 'application/problem+json',
      'content-length': Buffer.byteLength(body),
      connection: 'close',
    });
    res.end(body);
    return;
  }
  res.writeContinue();
  app.server.emit('request', req, res);
}

/**
 * Reads and discards what is left of `req`, within the bounds; resolves when it is all read or a
 * bound is passed (then the connection closes under the client, as before: nothing better to do).
 */
function drainBounded(req: IncomingMessage): Promise<void> {
  if (req.complete || req.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    let drained = 0;
    const done = () => {
      clearTimeout(timer);
      req.removeListener('data', onData);
      resolve();
    };
    const timer = setTimeout(done, DRAIN_MAX_MS);
    const onData = (chunk: Buffer) => {
      drained += chunk.length;
      if (drained > DRAIN_MAX_BYTES) done();
    };
    req.on('data', onData);
    req.once('end', done);
    req.once('close', done);
    req.resume();
  });
}

export function registerBodyLimit(app: FastifyInstance, limit: number) {
  // With a listener, Node no longer sends `100 Continue` itself: we decide.
  app.server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) =>
    handleCheckContinue(app, limit, req, res),
  );
  app.addHook('onSend', async (request, reply) => {
    if (reply.statusCode !== 413 || request.raw.complete) return;
    if (declaredLength(request.raw) > DRAIN_MAX_BYTES) return; // announced far too much: close at once, as Fastify does
    // The response waits for the body: Fastify closes the connection after it (the right thing with
    // a client mid-upload), and a close with unread bytes would reset the connection.
    await drainBounded(request.raw);
  });
}
