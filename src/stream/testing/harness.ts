/** Test harness for the stream: an app per engine, listening on a real port, with fast timers. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { buildApp } from '../../app.js';
import { loadConfig } from '../../config.js';
import type { Db, Engine } from '../../db/connect.js';
import type { EventInput } from '../../events/schema.js';
import type { TestCompany } from '../../test/app.js';
import { TEST_SECRET } from '../../test/app.js';
import { describeEngines } from '../../test/engines.js';
import { eventInput } from '../../test/factories.js';
import type { StreamOptions } from '../options.js';

export interface StreamTestContext {
  db: Db;
  engine: Engine;
  app: FastifyInstance;
  /** http://127.0.0.1:<port> */
  base: string;
}

export function describeStream(
  name: string,
  body: (t: StreamTestContext) => void,
  stream: Partial<StreamOptions> = {},
) {
  describeEngines(name, (base) => {
    const t = base as StreamTestContext;
    beforeAll(async () => {
      const config = loadConfig({ DEMO_MODE: 'false', SERVE_WEB: 'false' });
      t.app = await buildApp({
        config,
        db: t.db,
        secret: TEST_SECRET,
        stream: { pollMs: 60_000, ...stream },
      });
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const address = t.app.server.address();
      t.base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    });
    afterAll(async () => {
      await t.app?.close();
    });
    body(t);
  });
}

/** Ingests events through the API as the company's integration; returns the created ids in order. */
export async function ingest(app: FastifyInstance, co: TestCompany, items: Array<Partial<EventInput>>) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/events/batch',
    headers: await co.auth('integration'),
    payload: items.map((i) => eventInput(i)),
  });
  if (res.statusCode !== 200) throw new Error(`ingest failed: ${res.statusCode} ${res.body}`);
  return (res.json().results as Array<{ id: string }>).map((r) => r.id);
}

/** Saves a company timeline as the given user (its headers); returns its id. */
export async function createTimeline(
  app: FastifyInstance,
  headers: Record<string, string>,
  payload: Record<string, unknown>,
): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/timelines',
    headers,
    payload: { timeline_type: 'company', ...payload },
  });
  if (res.statusCode !== 201) throw new Error(`timeline not created: ${res.statusCode} ${res.body}`);
  return res.json().id as string;
}
