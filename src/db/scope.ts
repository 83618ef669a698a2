/**
 * A company-scoped database handle. Every request's queries go through one of these, built in one
 * place (`scopeFor`), so adding row-level security later (`SET LOCAL app.company_id`) is a change here.
 */
import type { Kysely } from 'kysely';
import type { Db } from './connect.js';
import type { Database } from './types.js';

export interface Scope {
  db: Kysely<Database>;
  companyId: string;
  /** The owning handle, for NOTIFY and engine-specific work. */
  handle: Db;
}

export function scopeFor(handle: Db, companyId: string): Scope {
  return { db: handle.kysely, companyId, handle };
}
