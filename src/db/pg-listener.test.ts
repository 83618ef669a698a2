/**
 * The LISTEN connection lost (its backend terminated, as in a failover): the listener reconnects on
 * its own, tells its subscribers to catch up, and receives NOTIFYs again. PostgreSQL only: runs
 * when TEST_DATABASE_URL is set, as in CI.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgListener } from './pg-listener.js';

describe.skipIf(!process.env.TEST_DATABASE_URL)('LISTEN across a lost connection [postgres]', () => {
  const url = process.env.TEST_DATABASE_URL as string;
  let admin: pg.Client;
  let listener: PgListener;
  beforeAll(async () => {
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
  });
  afterAll(async () => {
    await listener?.close();
    await admin?.end();
  });

  const channel = `test_listener_${process.pid}_${Date.now()}`;
  const listenerPid = async () =>
    (
      await admin.query<{ pid: number }>(
        `select pid from pg_stat_activity where query = $1 and pid <> pg_backend_pid()`,
        [`listen "${channel}"`],
      )
    ).rows.map((r) => r.pid);
  const until = async (what: string, done: () => boolean | Promise<boolean>) => {
    for (let i = 0; i < 400; i++) {
      if (await done()) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`timed out waiting for ${what}`);
  };

  it('reconnects, calls onReconnect, and delivers NOTIFYs again', async () => {
    const errors: Error[] = [];
    listener = new PgListener({ connectionString: url }, (error) => errors.push(error));
    const payloads: string[] = [];
    let reconnects = 0;
    await listener.listen(
      channel,
      (p) => payloads.push(p),
      () => reconnects++,
    );
    await admin.query('select pg_notify($1, $2)', [channel, 'before']);
    await until('the first notification', () => payloads.includes('before'));

    const [pid] = await listenerPid();
    expect(pid).toBeDefined();
    // ::int: Citus adds pg_terminate_backend(bigint) for global pids, so an untyped parameter is ambiguous.
    await admin.query('select pg_terminate_backend($1::int)', [pid]);
    await until('the reconnect', () => reconnects === 1);
    expect(errors.length).toBeGreaterThan(0); // the loss was reported, not thrown
    const [again] = await listenerPid();
    expect(again).toBeDefined();
    expect(again).not.toBe(pid);

    await admin.query('select pg_notify($1, $2)', [channel, 'after']);
    await until('a notification after the reconnect', () => payloads.includes('after'));
  });
});
