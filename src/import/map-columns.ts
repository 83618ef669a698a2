/**
 * Column mapping: which source column (CSV header or NDJSON key) feeds which event field, and how a
 * CSV cell (always text) becomes the field's JSON value before `checkEvent` validates it.
 */
import { EventInput } from '../events/schema.js';

export const EVENT_FIELDS = Object.keys(EventInput.properties);
const JSON_FIELDS = new Set(['event_data', 'participants', 'related_objects']);
const NUMBER_FIELDS = new Set(['duration_minutes', 'engagement_score']);

/** source column → event field. */
export type ColumnMap = Map<string, string>;

export class MapSpecError extends Error {}

/** Parses `--map "Call Date=event_timestamp,Rep=user_id"`. */
export function parseMapSpec(spec: string | undefined): ColumnMap {
  const map: ColumnMap = new Map();
  if (!spec) return map;
  for (const pair of spec.split(',')) {
    if (pair.trim() === '') continue;
    // The field name never contains '=', so the last one separates; the column name may hold one.
    const at = pair.lastIndexOf('=');
    const column = pair.slice(0, at).trim();
    const field = pair.slice(at + 1).trim();
    if (at < 1 || column === '' || field === '') {
      throw new MapSpecError(`--map entry "${pair}" must look like "Column name=event_field"`);
    }
    if (!EVENT_FIELDS.includes(field)) {
      throw new MapSpecError(`--map: "${field}" is not an event field (fields: ${EVENT_FIELDS.join(', ')})`);
    }
    map.set(column, field);
  }
  return map;
}

/** The field a column feeds: its mapping, else the column itself when it is a field name. */
export function fieldOf(map: ColumnMap, column: string): string | undefined {
  return map.get(column) ?? (EVENT_FIELDS.includes(column) ? column : undefined);
}

/**
 * Checks a CSV header against the mapping: every mapped column must exist, two columns may not feed
 * one field. Returns the columns that feed no field (ignored, so the caller can say so).
 */
export function checkHeader(map: ColumnMap, header: string[]): { ignored: string[] } {
  const missing = [...map.keys()].filter((c) => !header.includes(c));
  if (missing.length) {
    throw new MapSpecError(
      `--map names columns the file does not have: ${missing.map((c) => `"${c}"`).join(', ')} (header: ${header.join(', ')})`,
    );
  }
  const fed = new Map<string, string>();
  for (const column of header) {
    const field = fieldOf(map, column);
    if (!field) continue;
    const other = fed.get(field);
    if (other !== undefined) {
      throw new MapSpecError(`columns "${other}" and "${column}" both map to ${field}; map one elsewhere`);
    }
    fed.set(field, column);
  }
  return { ignored: header.filter((c) => !fieldOf(map, c)) };
}

/** CSV cells → event input: empty cells are omitted, JSON and number fields are parsed. */
export function csvToInput(map: ColumnMap, cells: Record<string, string>) {
  const input: Record<string, unknown> = {};
  const errors: Array<{ field: string; message: string }> = [];
  for (const [column, cell] of Object.entries(cells)) {
    const field = fieldOf(map, column);
    if (!field || cell.trim() === '') continue;
    if (JSON_FIELDS.has(field)) {
      try {
        input[field] = JSON.parse(cell);
      } catch (error) {
        errors.push({ field, message: `is not valid JSON: ${(error as Error).message}` });
      }
    } else if (NUMBER_FIELDS.has(field)) {
      const n = Number(cell);
      // A non-number stays text so validation names the field with "must be number".
      input[field] = Number.isFinite(n) ? n : cell;
    } else {
      input[field] = cell;
    }
  }
  return { input, errors };
}

/** NDJSON object keys renamed by the mapping; other keys pass through (and validation judges them). */
export function renameKeys(map: ColumnMap, value: Record<string, unknown>): Record<string, unknown> {
  if (map.size === 0) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[map.get(key) ?? key] = v;
  return out;
}
