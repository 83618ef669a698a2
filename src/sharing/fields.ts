/** The sharing fields of a shareable configuration, as its API accepts them. */
import { type Static, Type } from 'typebox';

export const Share = Type.Object(
  {
    user_id: Type.String({ format: 'uuid', description: 'A user of the company directory.' }),
    permission: Type.Enum(['view', 'edit']),
  },
  { additionalProperties: false },
);
export const SharedWithUsers = Type.Array(Share, { maxItems: 500 });
export type Share = Static<typeof Share>;

/** What the API answers for a share: the stored one plus the user's directory name. */
export const PresentedShares = Type.Array(
  Type.Object({
    user_id: Type.String(),
    permission: Type.Enum(['view', 'edit']),
    user_name: Type.Union([Type.String(), Type.Null()], { description: 'From the directory.' }),
  }),
);

export const RelationField = Type.Enum(['mine', 'shared', 'public', 'other'], {
  description: 'How it reaches you: own, shared with you, public in the company (other: admin).',
});

export const PermissionsField = Type.Object({
  edit: Type.Boolean(),
  manage: Type.Boolean({ description: 'Change sharing and delete.' }),
});
