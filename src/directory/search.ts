/**
 * One search over the directory for pickers and the web app's command palette: customers, users and
 * teams whose name (or a user's email) contains the text, names that start with it first.
 */

import { sql } from 'kysely';
import { type Static, Type } from 'typebox';
import type { Scope } from '../db/scope.js';
import { containsPattern, escapeLike } from './like.js';

export const SEARCH_KINDS = ['customer', 'user', 'team'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export const DirectorySearchQuery = Type.Object(
  {
    q: Type.String({
      minLength: 1,
      maxLength: 100,
      description: 'Text the name (or a user’s email) contains.',
    }),
    kind: Type.Optional(
      Type.Array(Type.Enum(SEARCH_KINDS), {
        minItems: 1,
        description: 'Kinds to search (comma-separated); default all three.',
      }),
    ),
    limit: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 50, default: 8, description: 'Most results per kind.' }),
    ),
  },
  { additionalProperties: false },
);
export type DirectorySearchQuery = Static<typeof DirectorySearchQuery>;

export const DirectoryHit = Type.Object({
  kind: Type.Enum(SEARCH_KINDS),
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  detail: Type.Union([Type.String(), Type.Null()], {
    description: "A customer's segment, a user's email; null for a team.",
  }),
});
export const DirectorySearchResponse = Type.Object({
  items: Type.Array(DirectoryHit, {
    description: 'Per kind (customers, users, teams): names starting with `q` first, then by name.',
  }),
});
export type DirectorySearchResponse = Static<typeof DirectorySearchResponse>;
type Hit = Static<typeof DirectoryHit>;

/** Per kind: its table, the second line a hit shows, and the columns the text is matched in. */
const SOURCES = {
  customer: { table: 'customers', detail: 'segment', match: ['name'] },
  user: { table: 'users', detail: 'email', match: ['name', 'email'] },
  team: { table: 'teams', detail: null, match: ['name'] },
} as const;

/** The hits of each asked kind, at most `limit` per kind, in the order customers, users, teams. */
export async function searchDirectory(scope: Scope, query: DirectorySearchQuery): Promise<Hit[]> {
  const kinds = new Set(query.kind ?? SEARCH_KINDS);
  const limit = query.limit ?? 8;
  const text = query.q.trim();
  if (!text) return [];
  const pattern = containsPattern(text);
  const prefix = `${escapeLike(text)}%`;
  const out: Hit[] = [];
  for (const kind of SEARCH_KINDS) {
    if (!kinds.has(kind)) continue;
    const source = SOURCES[kind];
    const rows = await scope.db
      .selectFrom(source.table)
      .select(['id', 'name'])
      .select((source.detail ? sql<string | null>`${sql.ref(source.detail)}` : sql<null>`null`).as('detail'))
      .where('company_id', '=', scope.companyId)
      .where((eb) => eb.or(source.match.map((column) => eb(sql.ref(column), 'ilike', pattern))))
      .orderBy((eb) => eb.case().when('name', 'ilike', prefix).then(0).else(1).end())
      .orderBy('name')
      .orderBy('id')
      .limit(limit)
      .execute();
    for (const r of rows) out.push({ kind, id: r.id, name: r.name, detail: r.detail });
  }
  return out;
}
