/**
 * Ids the server gives events sent without one: UUID version 7 (RFC 9562), the Unix time in ms in
 * the first 48 bits, then random bits. Ids made in time order land at the right edge of the
 * (company_id, id) primary key instead of on a random page of it: at 1M events ~10 ms less
 * PostgreSQL CPU per 1,000 inserted (bench/, the key alone: 11 -> 1 ms).
 */
import { randomUUID } from 'node:crypto';

export function newEventId(now = Date.now()): string {
  const time = now.toString(16).padStart(12, '0');
  // A v4 UUID's 122 random bits, less the 48 the time takes: version nibble 7, variant kept.
  const random = randomUUID();
  return `${time.slice(0, 8)}-${time.slice(8)}-7${random.slice(15)}`;
}
