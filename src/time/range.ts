/**
 * The instants this service reads and writes: events are stored from 1970 up to 2100 (ingest
 * refuses others as unit mistakes), so every range a request names — filters, analytics periods and
 * the comparison period derived from them — must lie within the same bounds. Checked once: filter
 * instants by their schema (filterInstant), derived periods in previous-period.ts.
 * No imports: the web app reads these bounds too.
 */
export const RANGE_MIN = '1970-01-01T00:00:00Z';
export const RANGE_MAX = '2100-01-01T00:00:00Z';
export const RANGE_MIN_MS = Date.parse(RANGE_MIN);
export const RANGE_MAX_MS = Date.parse(RANGE_MAX);
