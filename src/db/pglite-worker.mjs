/**
 * PGlite on a thread of its own (opened by pglite-thread.ts). PGlite is WebAssembly and runs each
 * query synchronously: on the main thread a slow report froze every other request, timer and live
 * stream heartbeat until it ended. Here it only occupies this thread.
 * Plain JavaScript, so the thread starts without the TypeScript loader.
 *
 * Protocol (structured-clone messages):
 *   in:  { id, op: 'query', sql, params } | { id, op: 'exec', sql } | { id, op: 'listen' | 'unlisten', channel }
 *        | { id, op: 'close' }
 *   out: { ready: true } | { ready: false, error } once at start; { id, rows, affectedRows } | { id, error };
 *        { channel, payload } for each NOTIFY on a channel listened to.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

// The same parsers as the in-process engine (connect.ts): int8 and numeric as numbers, date as text.
const parsers = { 20: Number, 1700: Number.parseFloat, 1082: (v) => v };

/** Errors cross the thread as plain data: message plus PostgreSQL's fields (code, detail, …). */
function plain(error) {
  const out = { message: error instanceof Error ? error.message : String(error) };
  for (const [k, v] of Object.entries(error ?? {})) {
    if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) out[k] = v;
  }
  return out;
}

let pg;
try {
  pg = await PGlite.create(workerData.dataDir, { parsers, postgresqlconf: workerData.postgresqlconf });
  parentPort.postMessage({ ready: true });
} catch (error) {
  parentPort.postMessage({ ready: false, error: plain(error) });
  process.exit(1);
}

const unlisteners = new Map();

async function handle(m) {
  switch (m.op) {
    case 'query': {
      const r = await pg.query(m.sql, m.params);
      return { rows: r.rows, affectedRows: r.affectedRows };
    }
    case 'exec': {
      // Only the last statement's result is used (multi-statement scripts): no need to copy the rest.
      const last = (await pg.exec(m.sql)).at(-1);
      return { rows: last?.rows ?? [], affectedRows: last?.affectedRows };
    }
    case 'listen':
      if (!unlisteners.has(m.channel)) {
        const un = await pg.listen(m.channel, (payload) =>
          parentPort.postMessage({ channel: m.channel, payload }),
        );
        unlisteners.set(m.channel, un);
      }
      return {};
    case 'unlisten':
      await unlisteners.get(m.channel)?.();
      unlisteners.delete(m.channel);
      return {};
    case 'close':
      await pg.close();
      return {};
    default:
      throw new Error(`unknown operation ${m.op}`);
  }
}

parentPort.on('message', (m) => {
  handle(m).then(
    (result) => parentPort.postMessage({ id: m.id, ...result }),
    (error) => parentPort.postMessage({ id: m.id, error: plain(error) }),
  );
});
