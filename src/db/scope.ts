/**
 * A company-scoped database handle. Every request's queries go through one of these, built in one
 * place (`scopeFor`), so adding row-level security later (`SET LOCAL app.company_id`) is a change here.
 */
import type { Kysely } from 'kysely';
import type { AuditActor } from '../audit/record.js';
import type { Db } from './connect.js';
import type { Database } from './types.js';

export interface Scope {
  db: Kysely<Database>;
  companyId: string;
  /** The owning handle, for NOTIFY and engine-specific work. */
  handle: Db;
  /** Who acts (a request's caller), for the audit entries its writes record; absent in background work. */
  actor?: AuditActor;
}

export function scopeFor(handle: Db, companyId: string, actor?: AuditActor): Scope {
  return { db: handle.kysely, companyId, handle, actor };
}
