/** The comparison period of analytics (`compare=previous`), kept within the range bounds. */
import { invalid } from '../errors.js';
import { RANGE_MIN, RANGE_MIN_MS } from './range.js';

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
