/** The audit list as CSV (RFC 4180): one row per entry, details as JSON in one column. */
import type { AuditEntryOut } from './schema.js';

const COLUMNS = [
  'id',
  'at',
  'user_id',
  'actor_role',
  'token_id',
  'ip',
  'user_agent',
  'request_id',
  'action',
  'object_type',
  'object_ids',
  'details',
  'event_count',
  'prev_hash',
  'hash',
] as const;

/** Quotes every field; a leading =, +, - or @ is prefixed with ' so spreadsheets do not run it as a formula. */
function field(value: unknown): string {
  const text =
    value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function auditCsv(entries: AuditEntryOut[]): string {
  const lines = [COLUMNS.join(',')];
  for (const e of entries) lines.push(COLUMNS.map((c) => field(e[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
