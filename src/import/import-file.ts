/**
 * Imports a CSV or NDJSON file into one company: each record is mapped, validated by `checkEvent`
 * (the same rules as the API) and stored in batches through `insertEvents`, so idempotency on
 * (event_source, external_id), the change log, rollups and live notifications all apply. Records
 * are pulled one at a time and the next batch is read only after the previous one committed.
 */
import { stat } from 'node:fs/promises';
import type { Scope } from '../db/scope.js';
import { checkEvent } from '../events/ingest.js';
import { insertEvents, type NewEvent } from '../events/queries/write-events.js';
import { type ColumnMap, checkHeader, csvToInput, renameKeys } from './map-columns.js';
import { type ImportFormat, readCsv, readNdjson, type SourceRecord } from './read-records.js';
import type { RejectsWriter } from './rejects-file.js';

export interface FieldProblem {
  field: string;
  message: string;
}
export interface Rejection {
  line: number;
  problems: FieldProblem[];
}

export interface ImportProgress {
  read: number;
  stored: number;
  duplicates: number;
  rejected: number;
  bytes: number;
  totalBytes: number;
}

export interface ImportSummary extends ImportProgress {
  /** The first `keepReasons` rejections, in file order. */
  reasons: Rejection[];
  /** CSV columns that feed no event field. */
  ignoredColumns: string[];
  /** Set when a CSV syntax error stopped the import early: rows before it were handled. */
  stopped?: string;
}

export interface ImportOptions {
  file: string;
  format: ImportFormat;
  map: ColumnMap;
  batchSize: number;
  keepReasons?: number;
  rejects?: RejectsWriter;
  onProgress?: (p: ImportProgress) => void;
}

type Pending = { record: SourceRecord; event: NewEvent };

export function describeRejection(r: Rejection): string {
  return r.problems.map((p) => `${p.field}: ${p.message}`).join('; ');
}

export async function importFile(scope: Scope, options: ImportOptions): Promise<ImportSummary> {
  const keep = options.keepReasons ?? 20;
  const s: ImportSummary = {
    read: 0,
    stored: 0,
    duplicates: 0,
    rejected: 0,
    bytes: 0,
    totalBytes: (await stat(options.file)).size,
    reasons: [],
    ignoredColumns: [],
  };
  let header: string[] = [];
  const reject = async (record: SourceRecord, problems: FieldProblem[]) => {
    const r = { line: record.line, problems };
    s.rejected++;
    if (s.reasons.length < keep) s.reasons.push(r);
    await options.rejects?.write(record.line, record.raw, describeRejection(r));
  };
  // Names the source column too when a mapping renamed it, so the user finds the cell.
  const label = (field: string) => {
    const column = [...options.map].find(([, f]) => f === field)?.[0];
    return column && column !== field ? `${field} (column "${column}")` : field;
  };

  let batch: Pending[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const outcomes = await insertEvents(
      scope,
      batch.map((p) => p.event),
    );
    for (const [i, o] of outcomes.entries()) {
      if (o.status === 'created') s.stored++;
      else if (o.status === 'duplicate') s.duplicates++;
      else await reject((batch[i] as Pending).record, [{ field: 'id', message: o.detail }]);
    }
    batch = [];
    options.onProgress?.(s);
  };

  const records =
    options.format === 'csv'
      ? readCsv(options.file, (h) => {
          header = h;
          s.ignoredColumns = checkHeader(options.map, h).ignored;
        })
      : readNdjson(options.file);
  let headerWritten = false;
  const handle = async (record: SourceRecord) => {
    if (!headerWritten) {
      await options.rejects?.header(header);
      headerWritten = true;
    }
    s.read++;
    s.bytes = record.bytes;
    const problem = toInput(options, record);
    if ('problems' in problem) {
      await reject(record, problem.problems);
      return;
    }
    const checked = checkEvent(problem.input, 'row');
    if (!checked.ok) {
      // One problem per field: a nullable field's union otherwise adds "must be null" and "anyOf".
      const byField = new Map<string, string>();
      for (const e of checked.errors) {
        const field = label(e.path.replace(/^row\.?/, '') || 'row');
        if (!byField.has(field)) byField.set(field, e.message);
      }
      const problems = byField.size
        ? [...byField].map(([field, message]) => ({ field, message }))
        : [{ field: 'row', message: checked.detail }];
      await reject(record, problems);
      return;
    }
    batch.push({ record, event: checked.event });
    if (batch.length >= options.batchSize) await flush();
  };
  try {
    for await (const record of records) await handle(record);
  } catch (error) {
    // A CSV syntax error (e.g. an unclosed quote) leaves the parser unsure where the next row starts;
    // skipping on would silently lose rows, so stop there, keep what was read, and say where.
    if (!(error as { code?: string }).code?.startsWith('CSV_')) throw error;
    s.stopped = (error as Error).message;
  }
  await flush();
  s.bytes = s.totalBytes;
  options.onProgress?.(s);
  return s;
}

function toInput(
  options: ImportOptions,
  record: SourceRecord,
): { input: unknown } | { problems: FieldProblem[] } {
  if (record.problem) return { problems: [{ field: 'row', message: record.problem }] };
  if (options.format === 'csv') {
    const { input, errors } = csvToInput(options.map, record.value as Record<string, string>);
    return errors.length ? { problems: errors } : { input };
  }
  const v = record.value;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    return { problems: [{ field: 'row', message: 'must be a JSON object' }] };
  }
  return { input: renameKeys(options.map, v as Record<string, unknown>) };
}
