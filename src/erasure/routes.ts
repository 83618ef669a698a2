/** POST /erasure (a customer) and /erasure/person (one person): remove personal content everywhere it is stored (admin, compliance). */
import type { AppInstance } from '../app.js';
import { authorize } from '../auth/policies.js';
import { eraseCustomer } from './erase-customer.js';
import { erasePerson } from './erase-person.js';
import { ErasureBody, ErasureResponse, PersonErasureBody, PersonErasureResponse } from './schema.js';

const problem = { $ref: 'Problem#' };

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
        response: { 200: ErasureResponse, 403: problem, 404: problem },
      },
    },
    async (request) => {
      authorize(request.user, 'customers:erase');
      return eraseCustomer(request.scope, request.body.customer_id);
    },
  );
  app.post(
    '/erasure/person',
    {
      schema: {
        tags: ['compliance'],
        summary:
          "Erase one person's personal content across all customers (a contact, by id, e-mail or phone)",
        description:
          'Every event of the company that concerns the person (its contact_id; a participant with one of the ids or e-mail addresses; event_data.phone_number with the same digits), deleted ones too, loses its title, description, event_data (but outcome and due_at) and participants, as a customer erasure does. Counts, types and times stay. One contact.erase audit entry records the counts and the contact id, never the e-mail addresses or phone numbers; it is recorded when nothing matched too (events: 0).',
        body: PersonErasureBody,
        response: { 200: PersonErasureResponse, 400: problem, 403: problem },
      },
    },
    async (request) => {
      authorize(request.user, 'customers:erase');
      return erasePerson(request.scope, request.body);
    },
  );
}
