/** Request and response schemas of the live stream; types are inferred from them. */
import { type Static, Type } from 'typebox';
import { filterProperties } from '../events/filters.js';

const seqText = (description: string) =>
  Type.String({ pattern: '^[0-9]{1,15}$', description, examples: ['1042'] });

export const StreamQuery = Type.Object(
  {
    ...filterProperties,
    last_event_id: Type.Optional(
      seqText('Resume after this seq (for clients that cannot send the Last-Event-ID header).'),
    ),
    token: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 4000,
        description: 'A stream token from POST /stream/tokens (never the API JWT).',
      }),
    ),
    timeline_id: Type.Optional(
      Type.String({
        format: 'uuid',
        description: 'Stream a saved timeline: its filters, narrowed by these; adds `notification` messages.',
      }),
    ),
    metrics: Type.Optional(
      Type.Enum(['1', '0', 'true', 'false'], {
        description: 'Also send periodic `metrics` messages (events in the last 5/60 min): 1 or true.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type StreamQuery = Static<typeof StreamQuery>;

export const StreamHeaders = Type.Object({
  'last-event-id': Type.Optional(
    seqText('The `id:` of the last message received; the stream resumes after it.'),
  ),
});

export const StreamTokenResponse = Type.Object({
  token: Type.String({ description: 'Pass as ?token= to GET /stream. Valid for this stream use only.' }),
  expires_at: Type.String({ format: 'date-time' }),
  expires_in: Type.Integer({ description: 'Seconds until the token expires.' }),
});

/** Body of `metrics` messages: event counts by type, by event time, for the caller's filters. */
export const StreamMetrics = Type.Object({
  at: Type.String({ format: 'date-time' }),
  last_5m: Type.Record(Type.String(), Type.Integer()),
  last_60m: Type.Record(Type.String(), Type.Integer()),
  total_5m: Type.Integer(),
  total_60m: Type.Integer(),
});
export type StreamMetrics = Static<typeof StreamMetrics>;

export const STREAM_DESCRIPTION = `Server-Sent Events. Messages:
- \`event.created\` / \`event.updated\`: data = the event, as in GET /events; \`id:\` = the change's seq.
- \`event.deleted\`: data = \`{ id, seq }\`.
- \`reset\`: reload the timeline. With \`id:\` (the resume point left the change log, reason
  gap_expired or unknown_position) the stream continues from that id. Without (reason slow_consumer:
  the client fell more than the queue cap behind) the server closes; a reconnect resumes losslessly.
- \`notification\` (with ?timeline_id=): a new event the timeline's notification preferences flag.
- \`revoked\` (with ?timeline_id=): the user lost access to the timeline; the server closes the stream.
- \`metrics\` (with ?metrics=1): counts by type in the last 5 and 60 minutes.
- \`shutdown\`: this server is going away (data = \`{ reason, retry_ms }\`, with a \`retry:\` field); it
  closes the stream, and a reconnect (EventSource does it after retry_ms) resumes on another instance.
Lines starting with ':' are heartbeats. Resume with the Last-Event-ID header (EventSource does it) or
?last_event_id=. Accepts the same filters as GET /events and, like it, sends only the events you may
see (company setting activity_visibility, resolved when the stream opens); a user_id or team_id you
may not see is a 403.`;
