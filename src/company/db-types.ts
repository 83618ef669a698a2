/** Company column of migration 0058_response_target.sql, merged into the shared CompaniesTable. */
import type { Generated } from 'kysely';

declare module '../db/types.js' {
  interface CompaniesTable {
    response_target_minutes: Generated<number>;
  }
}
