/**
 * Top movers read as the catalogue labels them, on the executive page and in its PDF alike: a
 * source "api" is "API" (not a humanized "Api"), a missing value the catalogue's "No source".
 */
import { expect, it } from 'vitest';
import { moverName } from './mover-name.js';

const names = { team: (id: string) => (id === 't1' ? 'Support' : id), user: (id: string) => id };

it("names a mover by its dimension and the catalogue's label of its value", () => {
  expect(moverName({ dimension: 'source', key: 'api' }, names)).toBe('Source: API');
  expect(moverName({ dimension: 'source', key: 'phone_system' }, names)).toBe('Source: Phone system');
  expect(moverName({ dimension: 'source', key: 'unknown' }, names)).toBe('Source: No source');
  expect(moverName({ dimension: 'type', key: 'web_visit' }, names)).toBe('Type: Web visit');
  expect(moverName({ dimension: 'team', key: 't1' }, names)).toBe('Team: Support');
});
