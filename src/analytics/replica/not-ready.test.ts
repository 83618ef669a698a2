/** What a client reads while its company's analytics load: how far, and the last step named. */
import { describe, expect, it } from 'vitest';
import { ReplicaNotReady } from './replica.js';

describe('ReplicaNotReady', () => {
  it('is a 503 saying how much of the company is copied', () => {
    const e = new ReplicaNotReady('c', { state: 'loading', loaded: 50, total: 200 });
    expect(e.status).toBe(503);
    expect(e.retryAfter).toBeGreaterThan(0);
    expect(e.message).toContain('(25 % loaded)');
  });

  it('names the last step once every event is copied, rather than "100 % loaded"', () => {
    const e = new ReplicaNotReady('c', { state: 'loading', loaded: 200, total: 200, computingFacts: true });
    expect(e.message).toContain('computing their sequence facts');
    expect(e.message).not.toContain('%');
  });
});
