/** Request and response schemas of POST /erasure (a customer) and POST /erasure/person (one person). */
import { type Static, Type } from 'typebox';

const uuid = (description: string) => Type.String({ format: 'uuid', description });
const list = <T extends Parameters<typeof Type.Array>[0]>(item: T, description: string) =>
  Type.Optional(Type.Array(item, { minItems: 1, maxItems: 20, description }));

export const ErasureBody = Type.Object(
  { customer_id: uuid('The customer whose personal content is erased.') },
  { additionalProperties: false },
);

const erasedFields = Type.Array(Type.String(), { description: 'What was removed.' });
const erasedEvents = Type.Integer({ description: 'Events whose personal content was removed.' });

export const ErasureResponse = Type.Object({
  customer_id: Type.String(),
  events: erasedEvents,
  fields: erasedFields,
  audit_id: Type.Integer(),
});

/**
 * One person as the event data model knows them: a contact id (an event's `contact_id`, or a
 * participant's `id`), e-mail addresses and participant ids (in `participants`), phone numbers
 * (`event_data.phone_number`). An event matching any of them is erased.
 */
export const PersonErasureBody = Type.Object(
  {
    contact_id: Type.Optional(
      uuid("The person's contact id: events with this contact_id, or a participant with this id."),
    ),
    emails: list(
      Type.String({ format: 'email', maxLength: 320 }),
      "The person's e-mail addresses, matched against participants' e-mail case-insensitively.",
    ),
    phones: list(
      Type.String({
        maxLength: 50,
        pattern: '^\\+?[ ().-]*(?:[0-9][ ().-]*){4,20}$',
        description: 'At least 4 digits; spaces, dots, dashes, brackets and a leading + are ignored.',
      }),
      "The person's phone numbers, matched against event_data.phone_number by their digits alone.",
    ),
    participant_ids: list(
      Type.String({ minLength: 1, maxLength: 100 }),
      "Other ids the person has as a participant (a participant's `id`, compared exactly).",
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const PersonErasureResponse = Type.Object({
  events: erasedEvents,
  fields: erasedFields,
  audit_id: Type.Integer({ description: 'The contact.erase audit entry (counts, never the identifiers).' }),
});

export type PersonErasureBody = Static<typeof PersonErasureBody>;
export type PersonErasureResponse = Static<typeof PersonErasureResponse>;
