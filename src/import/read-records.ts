/**
 * Reads an import file as a stream of records, one at a time, so a file of any size is never held
 * in memory: CSV through csv-parse (first record is the header), NDJSON through readline.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { type CsvError, parse } from 'csv-parse';

export type ImportFormat = 'csv' | 'ndjson';

/** One record of the file: its values, or why the line could not be read as a record. */
export interface SourceRecord {
  /** 1-based line number in the file (the last line of a multi-line CSV record). */
  line: number;
  /** Bytes of the file consumed so far, for progress. */
  bytes: number;
  /** CSV: header → cell; NDJSON: the parsed JSON value. */
  value?: unknown;
  /** Set when the line is not a record (malformed JSON, wrong number of CSV cells). */
  problem?: string;
  /** The raw cells (CSV) or line (NDJSON), kept for the rejects file. */
  raw: string[] | string;
}

export function detectFormat(file: string): ImportFormat | undefined {
  const lower = file.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.ndjson') || lower.endsWith('.jsonl')) return 'ndjson';
  return undefined;
}

/** CSV records keyed by the header row; `onHeader` sees the header before the first record. */
export async function* readCsv(
  file: string,
  onHeader: (header: string[]) => void,
): AsyncGenerator<SourceRecord> {
  // A syntax error (an unclosed quote) is noted, not thrown: a thrown error would discard the rows
  // parsed before it but not yet consumed. Parsing past it is unreliable (csv-parse may swallow the
  // following rows), so the rows before it are delivered and then the error is thrown.
  let failure: CsvError | undefined;
  // Raw arrays (not `columns: true`) so a row with too few or too many cells is reported, not guessed.
  const parser = createReadStream(file).pipe(
    parse({
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (error) => {
        failure ??= error;
      },
    }),
  );
  let header: string[] | undefined;
  for await (const { record, info } of parser as AsyncIterable<{
    record: string[];
    info: { lines: number; bytes: number };
  }>) {
    if (failure && info.lines >= Number(failure.lines)) break;
    if (!header) {
      header = record.map((h) => h.trim());
      onHeader(header);
      continue;
    }
    const base = { line: info.lines, bytes: info.bytes, raw: record };
    if (record.length !== header.length) {
      yield { ...base, problem: `has ${record.length} cells but the header has ${header.length}` };
      continue;
    }
    const value: Record<string, string> = {};
    header.forEach((h, i) => {
      value[h] = record[i] as string;
    });
    yield { ...base, value };
  }
  if (failure) throw failure;
}

/** NDJSON values, one per non-blank line; a malformed line becomes a record with a problem. */
export async function* readNdjson(file: string): AsyncGenerator<SourceRecord> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  let bytes = 0;
  for await (let text of lines) {
    line++;
    bytes += Buffer.byteLength(text) + 1;
    // A byte-order mark (Windows editors write one) is not part of the JSON.
    if (line === 1 && text.startsWith('\uFEFF')) text = text.slice(1);
    if (text.trim() === '') continue;
    try {
      yield { line, bytes, value: JSON.parse(text), raw: text };
    } catch (error) {
      yield { line, bytes, problem: `is not valid JSON: ${(error as Error).message}`, raw: text };
    }
  }
}
