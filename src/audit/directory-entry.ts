/** The audit entry of one directory upsert chunk: ids, how many were new, and what changed on the others. */
import { redactedChanges } from './entries.js';
import type { AuditEntry } from './record.js';

const FIELDS = {
  users: ['name', 'email', 'role', 'team_id', 'active'],
  teams: ['name', 'lead_user_id'],
  customers: ['name', 'segment', 'owner_user_id', 'lifecycle_stage'],
} as const;
const OBJECT_TYPE = { users: 'user', teams: 'team', customers: 'customer' } as const;

export function directoryEntry(
  kind: keyof typeof FIELDS,
  rows: Array<{ id: string } & Record<string, unknown>>,
  before: Map<string, Record<string, unknown>>,
  inserted: Set<string>,
): AuditEntry {
  const changes: Record<string, unknown> = {};
  for (const row of rows) {
    const old = before.get(row.id);
    if (!old || inserted.has(row.id)) continue;
    const changed = redactedChanges(old, row, FIELDS[kind]);
    if (Object.keys(changed).length) changes[row.id] = changed;
  }
  return {
    action: `directory.${kind}.upsert`,
    objectType: OBJECT_TYPE[kind],
    objectIds: rows.map((r) => r.id),
    details: { count: rows.length, inserted: inserted.size, updated: Object.keys(changes).length, changes },
  };
}
