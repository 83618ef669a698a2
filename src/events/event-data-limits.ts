/**
 * Limits of an event's free-form `event_data`, checked before anything serializes it: JSON.stringify
 * and PostgreSQL's jsonb recurse, so data nested thousands of levels deep overflowed the stack (500).
 */
import type { FieldError } from '../errors.js';

/** Deepest nesting of objects and arrays accepted in event_data (the object itself is level 1). */
export const MAX_EVENT_DATA_DEPTH = 32;
/** Largest event_data accepted, as JSON text (characters). */
export const MAX_EVENT_DATA_BYTES = 64 * 1024;

/** True when `value` nests objects/arrays deeper than `max` levels. Iterative: no stack to overflow. */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [item, depth] = next;
    if (item === null || typeof item !== 'object') continue;
    if (depth > max) return true;
    for (const child of Object.values(item)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}

/** Why `data` (at `path`) cannot be stored, if it cannot: too deep, or too large. */
export function eventDataProblem(
  data: unknown,
  path: string,
): { detail: string; errors: FieldError[] } | undefined {
  if (data === undefined || data === null) return undefined;
  if (nestsDeeperThan(data, MAX_EVENT_DATA_DEPTH)) {
    return {
      detail: `event_data is nested more than ${MAX_EVENT_DATA_DEPTH} levels deep.`,
      errors: [{ path, message: `must be nested at most ${MAX_EVENT_DATA_DEPTH} levels deep` }],
    };
  }
  if (JSON.stringify(data).length > MAX_EVENT_DATA_BYTES) {
    return {
      detail: 'event_data is too large.',
      errors: [{ path, message: `must be at most ${MAX_EVENT_DATA_BYTES} bytes` }],
    };
  }
  return undefined;
}
