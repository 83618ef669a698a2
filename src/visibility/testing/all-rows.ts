/** For tests that call read queries directly: every row, read by a user in no team and no participant list. */
import type { ReadScope } from '../policy.js';

export const ALL_ROWS: ReadScope = {
  rows: null,
  reader: { userId: '00000000-0000-4000-8000-000000000000', email: null, team: null },
};
