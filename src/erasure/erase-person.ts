/**
 * POST /erasure/person's work, in one transaction: every event of the company that concerns the
 * person (events/queries/person-events.ts), whatever its customer, loses its personal content
 * exactly as a customer erasure clears it (erase-events.ts: the change log gets an 'updated' entry
 * per event and the replica re-reads the rows), and one `contact.erase` audit entry records the
 * counts. The audit trail is append-only and chained, so the identifiers themselves (e-mail
 * addresses, phone numbers) are never written into it: only the contact id and how many of each
 * kind were given.
 */
import { auditContext, recordAudit } from '../audit/record.js';
import type { Scope } from '../db/scope.js';
import { ERASED_FIELDS, eraseEventsWhere } from '../events/queries/erase-events.js';
import { concernsPerson } from '../events/queries/person-events.js';
import type { PersonErasureBody, PersonErasureResponse } from './schema.js';

export async function erasePerson(scope: Scope, person: PersonErasureBody): Promise<PersonErasureResponse> {
  const contactId = person.contact_id?.toLowerCase();
  return scope.db.transaction().execute(async (trx) => {
    const events = await eraseEventsWhere(trx, scope.companyId, concernsPerson(person));
    // Recorded with 0 events too: the request was handled, and the trail shows when.
    const auditId = await recordAudit(trx, auditContext(scope), {
      action: 'contact.erase',
      objectType: 'contact',
      objectIds: contactId ? [contactId] : [],
      details: {
        events,
        fields: [...ERASED_FIELDS],
        identifiers: {
          contact_id: contactId ?? null,
          emails: person.emails?.length ?? 0,
          phones: person.phones?.length ?? 0,
          participant_ids: person.participant_ids?.length ?? 0,
        },
      },
    });
    return { events, fields: [...ERASED_FIELDS], audit_id: auditId };
  });
}
