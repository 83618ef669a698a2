/**
 * The `--rejects FILE` output: every rejected row with its reason, in a shape that can be fixed and
 * imported again. CSV input gives CSV (the original cells plus `line` and `reject_reason`, which a
 * re-import ignores as unknown columns); NDJSON input gives `{ line, reason, record }` lines.
 */

import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import type { ImportFormat } from './read-records.js';

export interface RejectsWriter {
  header(columns: string[]): Promise<void>;
  write(line: number, raw: string[] | string, reason: string): Promise<void>;
  close(): Promise<void>;
}

/** RFC 4180 quoting: only when needed, doubling inner quotes. */
export function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function openRejectsFile(path: string, format: ImportFormat): RejectsWriter {
  const out: WriteStream = createWriteStream(path);
  let failed: Error | undefined;
  out.on('error', (error) => {
    failed = error;
  });
  // Waits for the buffer to drain, so a file with millions of rejects never piles up in memory.
  const put = async (text: string) => {
    if (failed) throw failed;
    if (!out.write(text)) await once(out, 'drain');
  };
  return {
    async header(columns) {
      if (format === 'csv') await put(`${[...columns, 'line', 'reject_reason'].map(csvCell).join(',')}\n`);
    },
    async write(line, raw, reason) {
      if (format === 'csv' && Array.isArray(raw)) {
        await put(`${[...raw, String(line), reason].map(csvCell).join(',')}\n`);
      } else {
        let record: unknown = raw;
        try {
          record = typeof raw === 'string' ? JSON.parse(raw) : raw;
        } catch {
          // Malformed JSON: keep the line as text so nothing of it is lost.
        }
        await put(`${JSON.stringify({ line, reason, record })}\n`);
      }
    },
    async close() {
      out.end();
      await once(out, 'finish');
      if (failed) throw failed;
    },
  };
}
