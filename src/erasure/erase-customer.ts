/**
 * POST /erasure's work, in one transaction: the customer's events lose their personal content
 * (events/queries/erase-events.ts, followed by the replica through the change log), the customer's
 * directory entry loses its name (segment, owner and stage stay: analytics group by them), and one
 * audit entry says what was erased — counts and field names, never the content.
 */
import { auditContext, recordAudit } from '../audit/record.js';
import type { Scope } from '../db/scope.js';
import { notFound } from '../errors.js';
import { ERASED_FIELDS, eraseCustomerEvents } from '../events/queries/erase-events.js';

export const ERASED_CUSTOMER_NAME = 'Erased customer';

export async function eraseCustomer(scope: Scope, customerId: string) {
  const id = customerId.toLowerCase();
  return scope.db.transaction().execute(async (trx) => {
    // The directory row first (lock order: directory rows, then event rows and the sequence).
    const customer = await trx
      .updateTable('customers')
      .set({ name: ERASED_CUSTOMER_NAME })
      .where('company_id', '=', scope.companyId)
      .where('id', '=', id)
      .returning('id')
      .executeTakeFirst();
    const events = await eraseCustomerEvents(trx, scope.companyId, id);
    if (!customer && events === 0) throw notFound('Customer'); // rolls back: nothing to record
    const fields = [...ERASED_FIELDS, ...(customer ? ['customer name'] : [])];
    const auditId = await recordAudit(trx, auditContext(scope), {
      action: 'customer.erase',
      objectType: 'customer',
      objectIds: [id],
      details: { events, fields, directory_entry: Boolean(customer) },
    });
    return { customer_id: id, events, fields, audit_id: auditId };
  });
}
