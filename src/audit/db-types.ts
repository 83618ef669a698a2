/** Tables owned by the audit trail (migration 0041_audit_log.sql), merged into the shared Database type. */
import type { ColumnType } from 'kysely';

declare module '../db/types.js' {
  interface Database {
    audit_log: AuditLogTable;
    audit_heads: AuditHeadsTable;
  }
}

type Json<T> = ColumnType<T, string, never>;

export interface AuditLogTable {
  company_id: string;
  /** Position in the company's chain: 1, 2, 3… without gaps. */
  id: ColumnType<number, number, never>;
  at: ColumnType<Date, string, never>;
  user_id: string | null;
  actor_role: string;
  token_id: string | null;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  action: string;
  object_type: string;
  object_ids: Json<string[]>;
  details: Json<Record<string, unknown>>;
  event_count: number;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadsTable {
  company_id: string;
  last_id: number;
  last_hash: string;
}
