/** The saved timelines API: list, default, create, read, patch, delete, duplicate. */
import { Type } from 'typebox';
import type { AppInstance } from '../app.js';
import { authorize } from '../auth/policies.js';
import type { AuthUser } from '../auth/tokens.js';
import type { Scope } from '../db/scope.js';
import { invalid } from '../errors.js';
import { parseIfMatch } from '../http/if-match.js';
import { createTimeline, duplicateTimeline, ensureDefaultTimeline } from './create-timeline.js';
import { registerTimelineEventRoutes } from './event-routes.js';
import { presentTimeline, sharedUserIds, timelineEtag } from './presenter.js';
import { findDirectoryUsers, listVisibleTimelines, type TimelineRow } from './queries.js';
import { loadReadableTimeline } from './resolve-filters.js';
import {
  DuplicateInput,
  ListTimelinesQuery,
  ListTimelinesResponse,
  Timeline,
  TimelineIdParams,
  TimelineInput,
  TimelinePatch,
} from './schema.js';
import { deleteTimeline, patchTimeline } from './write-timeline.js';

const tags = ['timelines'];
const problem = { $ref: 'Problem#' };

async function present(scope: Scope, user: AuthUser, rows: TimelineRow[]) {
  const names = await findDirectoryUsers(scope, sharedUserIds(rows));
  return rows.map((row) => presentTimeline(row, user, names));
}

async function presentOne(scope: Scope, user: AuthUser, row: TimelineRow) {
  const names = await findDirectoryUsers(scope, sharedUserIds([row]));
  return presentTimeline(row, user, names);
}

export function registerTimelineRoutes(app: AppInstance) {
  app.get(
    '/timelines',
    {
      schema: {
        tags,
        summary: 'Timelines I own, that are shared with me, or public in my company',
        description: 'Creates your default timeline on first use, so the list is never empty.',
        querystring: ListTimelinesQuery,
        response: { 200: ListTimelinesResponse, 400: problem },
      },
    },
    async (request) => {
      authorize(request.user, 'timelines:use');
      await ensureDefaultTimeline(request.scope, request.user);
      const { timeline_type, relation, limit = 200 } = request.query;
      const rows = await listVisibleTimelines(request.scope, request.user.userId, {
        timelineType: timeline_type,
        relation,
        limit,
      });
      return { items: await present(request.scope, request.user, rows) };
    },
  );

  app.get(
    '/timelines/default',
    {
      schema: {
        tags,
        summary: 'My default timeline (created from my role on first use)',
        response: { 200: Timeline },
      },
    },
    async (request, reply) => {
      authorize(request.user, 'timelines:use');
      const row = await ensureDefaultTimeline(request.scope, request.user);
      reply.header('etag', timelineEtag(row));
      return await presentOne(request.scope, request.user, row);
    },
  );

  app.post(
    '/timelines',
    {
      schema: {
        tags,
        summary: 'Save a timeline (fields left out take the defaults of its type)',
        body: TimelineInput,
        response: { 201: Timeline, 400: problem },
      },
    },
    async (request, reply) => {
      authorize(request.user, 'timelines:use');
      const row = await createTimeline(request.scope, request.user, request.body);
      if (!row) throw invalid('The timeline was not stored.');
      reply.header('etag', timelineEtag(row)).header('location', `/api/v1/timelines/${row.id}`);
      return reply.status(201).send(await presentOne(request.scope, request.user, row));
    },
  );

  app.get(
    '/timelines/:id',
    {
      schema: {
        tags,
        summary: 'One timeline',
        params: TimelineIdParams,
        response: { 200: Timeline, 404: problem },
      },
    },
    async (request, reply) => {
      authorize(request.user, 'timelines:use');
      const row = await loadReadableTimeline(request.scope, request.user, request.params.id);
      reply.header('etag', timelineEtag(row));
      return await presentOne(request.scope, request.user, row);
    },
  );

  app.patch(
    '/timelines/:id',
    {
      schema: {
        tags,
        summary: 'Change a timeline (owner, admin, or a user shared with edit permission)',
        description: 'Send If-Match with the ETag you read to refuse lost updates (412).',
        params: TimelineIdParams,
        body: TimelinePatch,
        response: { 200: Timeline, 400: problem, 403: problem, 404: problem, 412: problem },
      },
    },
    async (request, reply) => {
      authorize(request.user, 'timelines:use');
      const expected = parseIfMatch(request.headers['if-match'], 'timeline');
      const row = await patchTimeline(request.scope, request.user, request.params.id, request.body, expected);
      reply.header('etag', timelineEtag(row));
      return await presentOne(request.scope, request.user, row);
    },
  );

  app.delete(
    '/timelines/:id',
    {
      schema: {
        tags,
        summary: 'Delete a timeline (owner or admin; soft delete)',
        params: TimelineIdParams,
        response: { 204: Type.Null(), 403: problem, 404: problem, 412: problem },
      },
    },
    async (request, reply) => {
      authorize(request.user, 'timelines:use');
      const expected = parseIfMatch(request.headers['if-match'], 'timeline');
      await deleteTimeline(request.scope, request.user, request.params.id, expected);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/timelines/:id/duplicate',
    {
      schema: {
        tags,
        summary: 'Copy a timeline I can read into a new private timeline of mine',
        params: TimelineIdParams,
        body: DuplicateInput,
        response: { 201: Timeline, 400: problem, 404: problem },
      },
      // The body is optional: a bodiless POST duplicates with the default name.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request, reply) => {
      authorize(request.user, 'timelines:use');
      const source = await loadReadableTimeline(request.scope, request.user, request.params.id);
      const row = await duplicateTimeline(request.scope, request.user, source, request.body.timeline_name);
      reply.header('etag', timelineEtag(row)).header('location', `/api/v1/timelines/${row.id}`);
      return reply.status(201).send(await presentOne(request.scope, request.user, row));
    },
  );

  registerTimelineEventRoutes(app);
}
