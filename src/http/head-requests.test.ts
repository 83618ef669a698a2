/**
 * HEAD on every GET route over a real socket (inject resolves a hijacked reply that a socket client
 * would wait on forever): each answers, with headers only, within 5 s and below 500.
 */

import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { beforeAll, expect, it } from 'vitest';
import { describeApp, newCompany } from '../test/app.js';
import { listOperations } from '../test/hostile-requests.js';

function head(url: string, headers: Record<string, string>): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'HEAD', headers, timeout: 5_000 }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => {
        bytes += c.length;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 5 s')));
    req.on('error', reject);
    req.end();
  });
}

describeApp('HEAD over a socket', (t) => {
  let base = '';
  beforeAll(async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });

  it('answers HEAD on every GET route within 5 s, headers only', async () => {
    const auth = await newCompany().auth('admin');
    const failures: string[] = [];
    const gets = listOperations(t.app).filter((o) => o.method === 'GET');
    for (const op of gets) {
      const url = `${base}${op.path.replace(/\{[^}]+\}/g, randomUUID())}`;
      try {
        const res = await head(url, auth);
        if (res.status >= 500 || res.bytes > 0)
          failures.push(`HEAD ${op.path} → ${res.status}, ${res.bytes} bytes`);
      } catch (error) {
        failures.push(`HEAD ${op.path}: ${(error as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
    expect(gets.length).toBeGreaterThan(20);
  }, 120_000);
});
