/** The audit log of a company, newest first, in keyset pages (id is gapless and monotonic per company). */
import type { Selectable } from 'kysely';
import type { Scope } from '../db/scope.js';
import type { AuditLogTable } from './db-types.js';
import type { AuditEntryOut, ListAuditQuery } from './schema.js';

export async function listAudit(
  scope: Scope,
  query: ListAuditQuery,
  limit: number,
): Promise<AuditEntryOut[]> {
  let q = scope.db.selectFrom('audit_log').selectAll().where('company_id', '=', scope.companyId);
  if (query.user_id) q = q.where('user_id', '=', query.user_id.toLowerCase());
  if (query.action) q = q.where('action', '=', query.action);
  if (query.object_type) q = q.where('object_type', '=', query.object_type);
  if (query.object_id)
    q = q.where('object_ids', '@>', JSON.stringify([query.object_id.toLowerCase()]) as never);
  if (query.from) q = q.where('at', '>=', new Date(query.from));
  if (query.to) q = q.where('at', '<', new Date(query.to));
  if (query.before_id) q = q.where('id', '<', query.before_id);
  const rows = await q.orderBy('id', 'desc').limit(limit).execute();
  return rows.map(presentAudit);
}

type Row = Selectable<AuditLogTable>;

/** The one place an audit row becomes JSON (API, CSV and verify read the same shape). */
export function presentAudit(r: Row): AuditEntryOut {
  return {
    id: Number(r.id),
    at: new Date(r.at).toISOString(),
    user_id: r.user_id,
    actor_role: r.actor_role,
    token_id: r.token_id,
    ip: r.ip,
    user_agent: r.user_agent,
    request_id: r.request_id,
    action: r.action,
    object_type: r.object_type,
    object_ids: r.object_ids,
    details: r.details,
    event_count: r.event_count,
    prev_hash: r.prev_hash,
    hash: r.hash,
  };
}
