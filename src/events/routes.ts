/** The events API: ingest (one, batch), timeline pages, drill-down, histogram, patch, delete. */
import { Type } from 'typebox';
import type { AppInstance } from '../app.js';
import { authorize } from '../auth/policies.js';
import type { AuthUser } from '../auth/tokens.js';
import type { Scope } from '../db/scope.js';
import { AppError, conflict, invalid, notFound, payloadTooLarge, preconditionFailed } from '../errors.js';
import { parseIfMatch } from '../http/if-match.js';
import { resolveRequestZone } from '../time/request-zone.js';
import { assertRange } from '../time/zones.js';
import { assertCanAsk } from '../visibility/explicit.js';
import { resolveReaderFor, resolveVisibility } from '../visibility/policy.js';
import { canSeeEvent } from '../visibility/predicate.js';
import { eventDataProblem } from './event-data-limits.js';
import { checkEvent } from './ingest.js';
import { listEventsPage } from './list-page.js';
import { eventEtag, presentEvent } from './presenter.js';
import { getHistogram, presentHistogram } from './queries/histogram.js';
import { getEvent } from './queries/list-events.js';
import { unansweredView } from './queries/unanswered.js';
import { insertEvents, updateEvent } from './queries/write-events.js';
import {
  BatchQuery,
  BatchResponse,
  Event,
  EventIdParams,
  EventInput,
  EventPatch,
  HistogramQuery,
  HistogramResponse,
  ListEventsQuery,
  ListEventsResponse,
} from './schema.js';
import { withFilterZone } from './time-of-day.js';

export const MAX_BATCH = 5000;
const tags = ['events'];
const problem = { $ref: 'Problem#' };
const VISIBILITY_NOTE =
  'Holds only the events you may see (company setting activity_visibility); a user_id or team_id you may not see is a 403 naming the field.';

/** Only the event's owner or an admin may change who reads it (403 naming the field); 404 when missing. */
async function assertMayChangeVisibility(request: { scope: Scope; user: AuthUser }, id: string) {
  const row = await getEvent(request.scope, id);
  if (!row || row.is_deleted) throw notFound('Event');
  if (request.user.role === 'admin' || row.user_id.toLowerCase() === request.user.userId.toLowerCase())
    return;
  throw new AppError('forbidden', "Only the event's owner or an admin may change its visibility.", [
    { path: 'body.visibility', message: "only the event's owner or an admin" },
  ]);
}

export function registerEventRoutes(app: AppInstance) {
  app.post(
    '/events',
    {
      schema: {
        tags,
        summary: 'Ingest one event (idempotent with external_id)',
        body: EventInput,
        response: { 200: Event, 201: Event, 400: problem, 409: problem },
      },
    },
    async (request, reply) => {
      authorize(request.user, 'events:ingest');
      const checked = checkEvent(request.body);
      if (!checked.ok) throw invalid(checked.detail, checked.errors);
      const [outcome] = await insertEvents(request.scope, [checked.event]);
      if (!outcome) throw new Error('insertEvents returned no outcome');
      if (outcome.status === 'conflict') throw conflict(outcome.detail);
      const row = await getEvent(request.scope, outcome.id);
      if (!row) throw notFound('Event');
      reply.header('etag', eventEtag(row));
      const event = presentEvent(row, await resolveReaderFor(request.scope, request.user, row));
      if (outcome.status === 'duplicate') return reply.status(200).send(event);
      reply.header('location', `/api/v1/events/${row.id}`);
      return reply.status(201).send(event);
    },
  );

  app.post(
    '/events/batch',
    {
      config: { bodyTextCheckedPerItem: true }, // checkEvent refuses unstorable text per item
      schema: {
        tags,
        summary: `Ingest up to ${MAX_BATCH} events (JSON array or NDJSON)`,
        description:
          'Each item is an EventInput. Valid items are stored even when others are invalid, unless atomic=true. Results are in input order.',
        querystring: BatchQuery,
        body: Type.Array(Type.Unknown(), { description: 'EventInput items' }),
        response: { 200: BatchResponse, 400: problem, 413: problem },
      },
    },
    async (request) => {
      authorize(request.user, 'events:ingest');
      const items = request.body;
      if (items.length > MAX_BATCH)
        throw payloadTooLarge(`A batch holds at most ${MAX_BATCH} events; this one has ${items.length}.`);
      const checked = items.map((item, i) => checkEvent(item, `body.${i}`));
      const invalidItems = checked.flatMap((c, index) => (c.ok ? [] : [{ index, c }]));
      if (request.query.atomic && invalidItems.length > 0) {
        throw invalid(
          `${invalidItems.length} of ${items.length} events are invalid; nothing was stored (atomic=true).`,
          invalidItems.flatMap(({ c }) => (c.ok ? [] : c.errors)),
        );
      }
      const valid = checked.flatMap((c) => (c.ok ? [c.event] : []));
      const outcomes = await insertEvents(request.scope, valid);
      let next = 0;
      const results = checked.map((c, index) => {
        if (!c.ok) return { index, status: 400, error: { detail: c.detail, errors: c.errors } };
        const o = outcomes[next++]!;
        if (o.status === 'conflict') return { index, status: 409, id: o.id, error: { detail: o.detail } };
        return { index, status: o.status === 'created' ? 201 : 200, id: o.id };
      });
      return {
        stored: results.filter((r) => r.status === 201).length,
        duplicates: results.filter((r) => r.status === 200).length,
        rejected: results.filter((r) => r.status >= 400).length,
        results,
      };
    },
  );

  app.get(
    '/events',
    {
      schema: {
        tags,
        summary: 'Timeline: events newest first, keyset-paginated, filterable',
        description: VISIBILITY_NOTE,
        querystring: ListEventsQuery,
        response: { 200: ListEventsResponse, 400: problem, 403: problem },
      },
    },
    async (request) => {
      authorize(request.user, 'events:read');
      const { cursor, order = 'desc', limit = 50, unanswered, ...requested } = request.query;
      assertRange(requested.from, requested.to);
      const v = await resolveVisibility(request.scope, request.user);
      assertCanAsk(v, requested);
      const filters = await withFilterZone(request.scope, requested);
      // A cursor belongs to its filters: one of the unanswered list is refused by the full list.
      const identity = { ...filters, order, ...(unanswered ? { unanswered } : {}) };
      const ask = { secret: app.ctx.secret, identity, cursor, filters, order, limit, unanswered };
      return listEventsPage(request.scope, { ...ask, visible: v });
    },
  );

  app.get(
    '/events/histogram',
    {
      schema: {
        tags,
        summary: 'Counts per calendar bucket and type (overview strip, zoom levels)',
        description: VISIBILITY_NOTE,
        querystring: HistogramQuery,
        response: { 200: HistogramResponse, 400: problem, 403: problem },
      },
    },
    async (request) => {
      authorize(request.user, 'events:read');
      const { bucket = 'auto', tz: tzParam, unanswered, ...filters } = request.query;
      assertRange(filters.from, filters.to);
      const v = await resolveVisibility(request.scope, request.user);
      assertCanAsk(v, filters);
      const tz = await resolveRequestZone(request.scope, tzParam);
      // One zone for the buckets and for the weekday/hour filters.
      const zoned = await withFilterZone(request.scope, { ...filters, tz });
      const view = { filters: zoned, visible: v, ...unansweredView(unanswered) };
      return presentHistogram(await getHistogram(request.scope, view, bucket, tz), tz);
    },
  );

  app.get(
    '/events/:id',
    {
      schema: {
        tags,
        summary: 'One event (drill-down)',
        description:
          'An event you may not see (company setting activity_visibility) is a 404, like a missing one.',
        params: EventIdParams,
        response: { 200: Event, 404: problem },
      },
    },
    async (request, reply) => {
      authorize(request.user, 'events:read');
      const row = await getEvent(request.scope, request.params.id);
      // An event one may not see answers like a missing one: its existence is not disclosed.
      const v = row && !row.is_deleted ? await resolveVisibility(request.scope, request.user) : undefined;
      if (!row || !v || !canSeeEvent(v, row)) throw notFound('Event');
      reply.header('etag', eventEtag(row));
      return presentEvent(row, v.reader);
    },
  );

  app.patch(
    '/events/:id',
    {
      schema: {
        tags,
        summary: 'Change status, priority, title, description, event_data, sentiment, score or visibility',
        description:
          "Send If-Match with the ETag you read to refuse lost updates (412). `visibility` may be changed by the event's owner (any role) or an admin only (else 403); the other fields by integration tokens and admins.",
        params: EventIdParams,
        body: EventPatch,
        response: { 200: Event, 403: problem, 404: problem, 412: problem },
      },
    },
    async (request, reply) => {
      // Who reads an event is its owner's (or an admin's) call, whatever their role; every other
      // field is for those who modify events (communication modules, admins).
      const { visibility, ...fields } = request.body;
      if (Object.keys(fields).length > 0) authorize(request.user, 'events:modify');
      const expected = parseIfMatch(request.headers['if-match'], 'event');
      const data = eventDataProblem(request.body.event_data, 'body.event_data');
      if (data) throw invalid(data.detail, data.errors);
      if (visibility !== undefined) await assertMayChangeVisibility(request, request.params.id);
      const result = await updateEvent(request.scope, request.params.id, request.body, expected);
      if (result.status === 'missing') throw notFound('Event');
      if (result.status === 'stale') {
        reply.header('etag', eventEtag(result.current));
        throw preconditionFailed('The event changed since you read it: fetch it again and retry.');
      }
      const row = await getEvent(request.scope, request.params.id);
      if (!row) throw notFound('Event');
      reply.header('etag', eventEtag(row));
      return presentEvent(row, await resolveReaderFor(request.scope, request.user, row));
    },
  );

  app.delete(
    '/events/:id',
    {
      schema: {
        tags,
        summary: 'Soft-delete an event (it disappears from every read)',
        params: EventIdParams,
        response: { 204: Type.Null(), 404: problem, 412: problem },
      },
    },
    async (request, reply) => {
      authorize(request.user, 'events:modify');
      const expected = parseIfMatch(request.headers['if-match'], 'event');
      const result = await updateEvent(request.scope, request.params.id, { is_deleted: true }, expected);
      if (result.status === 'missing') throw notFound('Event');
      if (result.status === 'stale') throw preconditionFailed('The event changed since you read it.');
      return reply.status(204).send(null);
    },
  );
}
