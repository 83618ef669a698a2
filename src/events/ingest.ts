/**
 * Validation and normalization of incoming events. Batch items are checked one by one, so one bad
 * item is reported at its index without rejecting the others.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { type FieldError, fieldErrors, summarize } from '../errors.js';
import { MalformedLine } from '../http/ndjson.js';
import { unstorableText } from '../http/storable-text.js';
import { RANGE_MAX_MS, RANGE_MIN_MS } from '../time/range.js';
import { eventDataProblem } from './event-data-limits.js';
import { newEventId } from './event-id.js';
import type { NewEvent } from './queries/write-events.js';
import { EventInput } from './schema.js';

// multipleOfPrecision: without it 0.07 is not a "multiple of 0.01" in floating point (1 score in 7 refused).
const ajv = new Ajv({
  allErrors: true,
  useDefaults: true,
  removeAdditional: false,
  strict: false,
  multipleOfPrecision: 6,
});
addFormats.default(ajv);
const validateInput: ValidateFunction = ajv.compile(EventInput);

/** Earliest and latest event times accepted: catches unit mistakes (seconds vs ms, year 20024). */
const MIN_TIME = RANGE_MIN_MS;
const MAX_TIME = RANGE_MAX_MS;

export type Checked = { ok: true; event: NewEvent } | { ok: false; detail: string; errors: FieldError[] };

export function checkEvent(raw: unknown, context = 'body'): Checked {
  if (raw instanceof MalformedLine) {
    return { ok: false, detail: `Line ${raw.line} is not valid JSON: ${raw.message}`, errors: [] };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return {
      ok: false,
      detail: 'An event must be a JSON object.',
      errors: [{ path: context, message: 'must be object' }],
    };
  }
  // A shallow copy suffices: ajv only adds top-level defaults (priority, status) and never mutates
  // nested values. structuredClone cost more than validation itself (~60% of checkEvent, bench/).
  const input = { ...(raw as Record<string, unknown>) };
  if (!validateInput(input)) {
    const errors = fieldErrors(context, validateInput.errors as never);
    return { ok: false, detail: summarize(errors), errors };
  }
  // Before anything walks or serializes it: event_data may nest thousands of levels deep.
  const data = eventDataProblem(input.event_data, `${context}.event_data`);
  if (data) return { ok: false, ...data };
  const text = unstorableText(input, context);
  if (text.length) return { ok: false, detail: summarize(text), errors: text };
  const e = input as unknown as EventInput;
  const at = new Date(e.event_timestamp);
  if (Number.isNaN(at.getTime()) || at.getTime() < MIN_TIME || at.getTime() >= MAX_TIME) {
    const errors = [{ path: `${context}.event_timestamp`, message: 'must be between 1970 and 2100' }];
    return { ok: false, detail: 'event_timestamp is out of range.', errors };
  }
  return { ok: true, event: normalize(e, at) };
}

function normalize(e: EventInput, at: Date): NewEvent {
  return {
    id: e.id ?? newEventId(),
    external_id: e.external_id ?? null,
    customer_id: e.customer_id,
    contact_id: e.contact_id ?? null,
    user_id: e.user_id,
    event_type: e.event_type,
    event_source: e.event_source,
    event_title: e.event_title,
    event_description: e.event_description ?? null,
    // Millisecond precision, so keyset cursors (JS Dates) round-trip exactly.
    event_timestamp: at,
    duration_minutes: e.duration_minutes ?? null,
    event_data: e.event_data ?? {},
    participants: (e.participants ?? []).map((p) => (p.email ? { ...p, email: p.email.toLowerCase() } : p)),
    related_objects: e.related_objects ?? [],
    priority: e.priority ?? 'normal',
    status: e.status ?? 'active',
    engagement_score: e.engagement_score ?? null,
    sentiment: e.sentiment ?? null,
    direction: e.direction ?? null,
    visibility: e.visibility ?? 'default',
  };
}
