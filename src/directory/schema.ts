/** The directory mirrored from the CRM: users, teams, customers (names and grouping for filters). */
import { type Static, Type } from 'typebox';
import { ROLES } from '../auth/roles.js';

const uuid = Type.String({ format: 'uuid' });
const nullableUuid = Type.Optional(Type.Union([uuid, Type.Null()]));
const nullableText = (max: number) =>
  Type.Optional(Type.Union([Type.String({ maxLength: max }), Type.Null()]));

export const UserInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    email: Type.Optional(Type.Union([Type.String({ format: 'email', maxLength: 320 }), Type.Null()])),
    role: Type.Enum(ROLES),
    team_id: nullableUuid,
    active: Type.Optional(Type.Boolean({ default: true })),
  },
  { additionalProperties: false },
);
export const TeamInput = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 200 }), lead_user_id: nullableUuid },
  { additionalProperties: false },
);
export const CustomerInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    segment: nullableText(100),
    owner_user_id: nullableUuid,
    lifecycle_stage: nullableText(50),
  },
  { additionalProperties: false },
);

export const User = Type.Object({
  id: Type.String(),
  name: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  role: Type.String(),
  team_id: Type.Union([Type.String(), Type.Null()]),
  active: Type.Boolean(),
});
export const Team = Type.Object({
  id: Type.String(),
  name: Type.String(),
  lead_user_id: Type.Union([Type.String(), Type.Null()]),
});
export const Customer = Type.Object({
  id: Type.String(),
  name: Type.String(),
  segment: Type.Union([Type.String(), Type.Null()]),
  owner_user_id: Type.Union([Type.String(), Type.Null()]),
  lifecycle_stage: Type.Union([Type.String(), Type.Null()]),
});

export type UserInput = Static<typeof UserInput>;
export type TeamInput = Static<typeof TeamInput>;
export type CustomerInput = Static<typeof CustomerInput>;

export const DirectoryQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Name (or email) contains.' })),
    id: Type.Optional(
      Type.Array(uuid, {
        maxItems: 100,
        description: 'Only these ids (a page looking up the entries it shows).',
      }),
    ),
    team_id: Type.Optional(Type.Array(uuid, { description: 'Users of these teams.' })),
    segment: Type.Optional(
      Type.Array(Type.String({ maxLength: 100 }), { description: 'Customers of these segments.' }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })),
  },
  { additionalProperties: false },
);
export type DirectoryQuery = Static<typeof DirectoryQuery>;
