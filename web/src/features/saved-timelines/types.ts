/** Response types of the timelines API, inferred from the server's schemas. */
import type { Static } from 'typebox';
import type * as Schema from '../../../../src/timelines/schema.js';

export type Timeline = Static<typeof Schema.Timeline>;
export type TimelineInput = Static<typeof Schema.TimelineInput>;
export type TimelinePatch = Static<typeof Schema.TimelinePatch>;
export type Column = Timeline['column_configuration'][number];
export type SavedFilter = Timeline['saved_filters'][number];
