/** Roles carried in the token's `role` claim. `integration` is a communication module, not a person. */
export const ROLES = [
  'rep',
  'agent',
  'team_lead',
  'marketing',
  'executive',
  'compliance',
  'admin',
  'integration',
] as const;
export type Role = (typeof ROLES)[number];
export const HUMAN_ROLES = ROLES.filter((r) => r !== 'integration');
