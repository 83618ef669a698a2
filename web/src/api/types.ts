/** Response types of the API, inferred from the server's TypeBox schemas (never restated). */
import type { Static } from 'typebox';
import type * as Directory from '../../../src/directory/schema.js';
import type { Event, HistogramResponse } from '../../../src/events/schema.js';

export type { Event, HistogramResponse };
export type User = Static<typeof Directory.User>;
export type Team = Static<typeof Directory.Team>;
export type Customer = Static<typeof Directory.Customer>;
export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}
