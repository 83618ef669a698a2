import { expect, it } from 'vitest';
import { newEventId } from './event-id.js';

it('makes version 7 UUIDs whose text order follows their time', () => {
  const at = Date.UTC(2026, 10, 25, 13, 40);
  const id = newEventId(at);
  expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
  const later = [newEventId(at + 1), newEventId(at + 86_400_000), newEventId(at + 1e12)];
  expect([...later, id].sort()).toEqual([id, ...later]);
  expect(new Set(Array.from({ length: 1000 }, () => newEventId(at))).size).toBe(1000);
});
