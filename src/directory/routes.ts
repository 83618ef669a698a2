/** Directory API: upsert one (PUT /directory/{kind}/:id), bulk upsert, and list/search. */
import { type TObject, Type } from 'typebox';
import type { AppInstance } from '../app.js';
import { authorize } from '../auth/policies.js';
import type { Scope } from '../db/scope.js';
import { invalid, payloadTooLarge } from '../errors.js';
import {
  listCustomers,
  listSegments,
  listTeams,
  listUsers,
  upsertCustomers,
  upsertTeams,
  upsertUsers,
} from './queries.js';
import { Customer, CustomerInput, DirectoryQuery, Team, TeamInput, User, UserInput } from './schema.js';
import { DirectorySearchQuery, DirectorySearchResponse, searchDirectory } from './search.js';

const MAX_BULK = 5000;
const problem = { $ref: 'Problem#' };
const tags = ['directory'];
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

interface Kind {
  path: 'users' | 'teams' | 'customers';
  input: TObject;
  output: TObject;
  upsert: (scope: Scope, rows: never[]) => Promise<void>;
  list: (scope: Scope, query: DirectoryQuery) => Promise<Array<Record<string, unknown>>>;
}

/** One row per id in a bulk call: which of two items would win is not the caller's to guess. */
function assertDistinctIds(rows: Array<{ id: string }>) {
  const first = new Map<string, number>();
  for (const [index, row] of rows.entries()) {
    const id = row.id.toLowerCase();
    const seen = first.get(id);
    if (seen !== undefined) {
      throw invalid(`Items ${seen} and ${index} both have id ${id}; send each id once per call.`, [
        { path: `body.${index}.id`, message: `same id as item ${seen}` },
      ]);
    }
    first.set(id, index);
  }
}

const KINDS: Kind[] = [
  { path: 'users', input: UserInput, output: User, upsert: upsertUsers, list: listUsers },
  { path: 'teams', input: TeamInput, output: Team, upsert: upsertTeams, list: listTeams },
  { path: 'customers', input: CustomerInput, output: Customer, upsert: upsertCustomers, list: listCustomers },
];

export function registerDirectoryRoutes(app: AppInstance) {
  for (const kind of KINDS) {
    const withId = Type.Object(
      { id: Type.String({ format: 'uuid' }), ...(kind.input as TObject).properties },
      { additionalProperties: false },
    );
    app.put(
      `/directory/${kind.path}/:id`,
      {
        schema: {
          tags,
          summary: `Create or update one of the ${kind.path} (admin, integration)`,
          params: IdParams,
          body: kind.input,
          response: { 200: kind.output, 400: problem },
        },
      },
      async (request) => {
        authorize(request.user, 'directory:write');
        const { id } = request.params as { id: string };
        const row = { ...(request.body as object), id } as never;
        await kind.upsert(request.scope, [row]);
        return normalize(row);
      },
    );
    app.post(
      `/directory/${kind.path}/bulk`,
      {
        schema: {
          tags,
          summary: `Create or update up to ${MAX_BULK} ${kind.path} at once`,
          body: Type.Array(withId),
          response: { 200: Type.Object({ upserted: Type.Integer() }), 400: problem, 413: problem },
        },
      },
      async (request) => {
        authorize(request.user, 'directory:write');
        const rows = request.body as never[];
        if (rows.length > MAX_BULK)
          throw payloadTooLarge(`At most ${MAX_BULK} items per call; this one has ${rows.length}.`);
        assertDistinctIds(rows);
        await kind.upsert(request.scope, rows);
        return { upserted: rows.length };
      },
    );
    app.get(
      `/directory/${kind.path}`,
      {
        schema: {
          tags,
          summary: `List or search ${kind.path}`,
          querystring: DirectoryQuery,
          response: { 200: Type.Object({ items: Type.Array(kind.output) }) },
        },
      },
      async (request) => {
        authorize(request.user, 'directory:read');
        return { items: await kind.list(request.scope, request.query) };
      },
    );
  }
  app.get(
    '/directory/search',
    {
      schema: {
        tags,
        summary: 'Search customers, users and teams by name (pickers, the command palette)',
        querystring: DirectorySearchQuery,
        response: { 200: DirectorySearchResponse, 400: problem },
      },
    },
    async (request) => {
      authorize(request.user, 'directory:read');
      return { items: await searchDirectory(request.scope, request.query) };
    },
  );
  app.get(
    '/directory/segments',
    {
      schema: {
        tags,
        summary: 'Customer segments in use',
        response: { 200: Type.Object({ items: Type.Array(Type.String()) }) },
      },
    },
    async (request) => {
      authorize(request.user, 'directory:read');
      return { items: await listSegments(request.scope) };
    },
  );
}

/** The stored shape of an upserted row: optional fields default to null (active to true). */
function normalize(row: Record<string, unknown>) {
  const out: Record<string, unknown> = { ...row };
  for (const key of ['email', 'team_id', 'lead_user_id', 'segment', 'owner_user_id', 'lifecycle_stage'])
    out[key] ??= null;
  if ('role' in row) {
    out.active ??= true;
    if (typeof out.email === 'string') out.email = out.email.toLowerCase();
  }
  return out;
}
