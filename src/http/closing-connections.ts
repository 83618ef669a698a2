/**
 * Closing the server ends its connections as soon as nothing is owed on them. Fastify closes the
 * idle keep-alive ones, but server.close() also waited for
 * - a connection that never sent a request (a browser's speculative one, a client pool's spare):
 *   Node counts it as a request in progress, not idle, until the headers timeout (60 s, checked
 *   every 30 s);
 * - a connection whose request was in flight: once answered it was kept alive for the next one,
 *   until the keep-alive timeout (72 s).
 * Both outlasted SHUTDOWN_TIMEOUT_MS. So, once closing: unused connections are cut, and answers say
 * `connection: close`. A request in flight still gets its whole answer.
 */
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';

/** How often unused connections are swept while the other preClose hooks run, ms. */
const SWEEP_MS = 10;

export function registerConnectionClosing(app: FastifyInstance) {
  const sockets = new Set<Socket>();
  let closing = false;
  app.server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });
  app.addHook('preClose', (done) => {
    closing = true;
    // New connections come in until server.close(), which Fastify calls after the last preClose hook.
    const sweep = () => {
      for (const socket of sockets) if (socket.bytesRead === 0) socket.destroy();
      if (app.server.listening) setTimeout(sweep, SWEEP_MS);
    };
    sweep();
    done();
  });
}
