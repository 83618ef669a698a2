/**
 * Who may do what: the one place permission rules live. Routes call `authorize`. Which events a
 * reader may see (rows, not actions) is decided by src/visibility/policy.ts.
 */
import { forbidden } from '../errors.js';
import type { Role } from './roles.js';
import type { AuthUser } from './tokens.js';

export type Action =
  | 'events:ingest' // create events (communication modules)
  | 'events:modify' // patch or delete events
  | 'events:read' // read the company timeline
  | 'timelines:use' // save, share and open timeline configurations (people, not integrations)
  | 'reports:use' // build, save, share and run reports (people, not integrations)
  | 'directory:write'
  | 'directory:read'
  | 'company:write' // company settings: admin only (integration tokens are machines, not administrators)
  | 'audit:read' // the audit trail: compliance officers and administrators
  | 'customers:erase' // erase a customer's or a person's personal content (POST /erasure, /erasure/person)
  | 'retention:manage'; // read and change the retention settings (GET/PUT /retention)

const RULES: Record<Action, readonly Role[]> = {
  'events:ingest': ['integration', 'admin'],
  'events:modify': ['integration', 'admin'],
  'events:read': [
    'rep',
    'agent',
    'team_lead',
    'marketing',
    'executive',
    'compliance',
    'admin',
    'integration',
  ],
  'timelines:use': ['rep', 'agent', 'team_lead', 'marketing', 'executive', 'compliance', 'admin'],
  'reports:use': ['rep', 'agent', 'team_lead', 'marketing', 'executive', 'compliance', 'admin'],
  'directory:write': ['integration', 'admin'],
  'company:write': ['admin'],
  'audit:read': ['compliance', 'admin'],
  'customers:erase': ['compliance', 'admin'],
  'retention:manage': ['compliance', 'admin'],
  'directory:read': [
    'rep',
    'agent',
    'team_lead',
    'marketing',
    'executive',
    'compliance',
    'admin',
    'integration',
  ],
};

export function can(user: AuthUser, action: Action): boolean {
  return RULES[action].includes(user.role);
}

export function authorize(user: AuthUser, action: Action): void {
  if (!can(user, action)) throw forbidden(`Your role (${user.role}) may not ${action.replace(':', ' ')}.`);
}
