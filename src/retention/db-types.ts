/** Company columns of migration 0042_retention.sql, merged into the shared CompaniesTable. */
import type { Generated } from 'kysely';

declare module '../db/types.js' {
  interface CompaniesTable {
    retention_deleted_days: Generated<number>;
    retention_years: number | null;
  }
}
