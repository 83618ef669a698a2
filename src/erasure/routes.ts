/** POST /erasure: remove a customer's personal content everywhere it is stored (admin, compliance). */
import type { AppInstance } from '../app.js';
import { ErasureBody, ErasureResponse } from '../audit/schema.js';
import { authorize } from '../auth/policies.js';
import { eraseCustomer } from './erase-customer.js';

export function registerErasureRoutes(app: AppInstance) {
  app.post(
    '/erasure',
    {
      schema: {
        tags: ['compliance'],
        summary: "Erase a customer's personal content (titles, descriptions, event_data, participants, name)",
        description:
          'Counts, types and times stay for analytics. Recorded in the audit trail (what was erased, not the content). 404 when the company has neither the customer nor any of their events.',
        body: ErasureBody,
        response: { 200: ErasureResponse, 403: { $ref: 'Problem#' }, 404: { $ref: 'Problem#' } },
      },
    },
    async (request) => {
      authorize(request.user, 'customers:erase');
      return eraseCustomer(request.scope, request.body.customer_id);
    },
  );
}
