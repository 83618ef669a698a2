/**
 * Which events concern one person, by the identifiers the event model holds: the event's
 * `contact_id`, a participant's `id` or e-mail, `event_data.phone_number`. Used by the erasure of a
 * person (erasure/erase-person.ts); a read scans the company's events (no index serves the
 * case-insensitive e-mail or the digits of a phone number), which an erasure can afford.
 */
import { type RawBuilder, sql } from 'kysely';
import type { PersonErasureBody } from '../../erasure/schema.js';

/** A phone number as compared: its digits alone ("+1 (555) 010-2000" → "15550102000"). */
export const phoneDigits = (phone: string) => phone.replace(/\D/g, '');

/** SQL on crm_activity_events' columns (unqualified): the event concerns the person. */
export function concernsPerson(person: PersonErasureBody): RawBuilder<boolean> {
  const contact = person.contact_id?.toLowerCase();
  const ids = [...(person.participant_ids ?? []), ...(contact ? [contact] : [])];
  const emails = (person.emails ?? []).map((e) => e.toLowerCase());
  const phones = (person.phones ?? []).map(phoneDigits);
  const parts: RawBuilder<boolean>[] = [];
  if (contact) parts.push(sql`contact_id = ${contact}::uuid`);
  if (ids.length || emails.length)
    parts.push(sql`exists (select 1 from jsonb_array_elements(
        case when jsonb_typeof(participants) = 'array' then participants else '[]' end) p
      where jsonb_typeof(p) = 'object'
        and (lower(p->>'email') = any(${emails}::text[]) or p->>'id' = any(${ids}::text[])))`);
  if (phones.length)
    parts.push(sql`regexp_replace(event_data->>'phone_number', '[^0-9]', '', 'g') = any(${phones}::text[])`);
  // The schema requires one identifier at least; with none, nothing matches (never everything).
  return parts.length ? sql<boolean>`(${sql.join(parts, sql` or `)})` : sql<boolean>`false`;
}
