/**
 * The instants this service reads and writes: events are stored from 1970 up to 2100 (ingest
 * refuses others as unit mistakes), so every range a request names — filters, analytics periods and
 * the comparison period derived from them — must lie within the same bounds. Checked once: filter
 * instants by their schema (filterInstant), derived periods here.
 */
import { invalid } from '../errors.js';

export const RANGE_MIN = '1970-01-01T00:00:00Z';
export const RANGE_MAX = '2100-01-01T00:00:00Z';
export const RANGE_MIN_MS = Date.parse(RANGE_MIN);
export const RANGE_MAX_MS = Date.parse(RANGE_MAX);

/** The previous period of equal length before [from, to); 400 naming `query.compare` when it starts before RANGE_MIN. */
export function previousPeriod(from: Date, to: Date): { from: Date; to: Date } {
  const start = from.getTime() - (to.getTime() - from.getTime());
  if (start < RANGE_MIN_MS) {
    throw invalid('The comparison period would start before 1970: shorten the range or use compare=none.', [
      {
        path: 'query.compare',
        message: `needs a previous period of equal length starting at or after ${RANGE_MIN}`,
      },
    ]);
  }
  return { from: new Date(start), to: from };
}
