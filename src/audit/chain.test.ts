/** The canonical text cut for the SQL append (record.ts) joins back to exactly canonicalJson. */
import { describe, expect, it } from 'vitest';
import { type ChainedContent, canonicalJson, canonicalParts } from './chain.js';

const content: ChainedContent = {
  company_id: '6f1c1d8e-0d4e-4f59-9a43-2f0c5f0f6d11',
  id: 42,
  at: '2026-12-06T11:45:00.123Z',
  user_id: null,
  actor_role: 'compliance',
  token_id: 'jti-"quoted"',
  ip: '127.0.0.1',
  user_agent: 'Zürich \\ browser',
  request_id: null,
  action: 'event.update',
  object_type: 'event',
  object_ids: ['a', 'b'],
  // Nested keys named like the placed ones, to show the cut does not look for text.
  details: { id: 7, at: 'x', changes: { title: { before: '{"at":1}', after: null } } },
  event_count: 0,
};

describe('canonicalParts', () => {
  it('joins around the time and position into the canonical text', () => {
    const { id, at, ...unplaced } = content;
    const { head, middle, tail } = canonicalParts(unplaced);
    expect(`${head}${JSON.stringify(at)}${middle}${id}${tail}`).toBe(canonicalJson(content));
    expect(JSON.parse(`${head}"${at}"${middle}${id}${tail}`)).toEqual(content);
  });
});
