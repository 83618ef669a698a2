/** Test helpers for exports: ingest, read the API's JSON, and open files with independent readers. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import readXlsxFile from 'read-excel-file/node';
import { expect } from 'vitest';
import type { Event, EventInput } from '../events/schema.js';
import type { TestCompany } from '../test/app.js';

export async function ingest(app: FastifyInstance, co: TestCompany, items: EventInput[]): Promise<string[]> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/events/batch',
    headers: await co.auth('integration'),
    payload: items,
  });
  expect(res.json().stored).toBe(items.length);
  return res.json().results.map((r: { id: string }) => r.id);
}

/** Every event GET /events answers for `query`, following next_cursor. */
export async function listAll(
  app: FastifyInstance,
  headers: Record<string, string>,
  query: string,
): Promise<Event[]> {
  const items: Event[] = [];
  let cursor: string | null = null;
  do {
    const url: string = `/api/v1/events?limit=200&${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res = await app.inject({ url, headers });
    expect(res.statusCode, res.body).toBe(200);
    items.push(...res.json().items);
    cursor = res.json().next_cursor;
  } while (cursor);
  return items;
}

/** GET a file; asserts 200 and returns its bytes and headers. */
export async function download(app: FastifyInstance, headers: Record<string, string>, url: string) {
  const res = await app.inject({ url, headers });
  expect(res.statusCode, res.body.slice(0, 500)).toBe(200);
  return {
    bytes: res.rawPayload,
    type: String(res.headers['content-type']),
    disposition: String(res.headers['content-disposition']),
  };
}

/** CSV parsed by csv-parse in strict mode (consistent column counts, no relaxed quotes). */
export const parseCsv = (bytes: Buffer, bom = false): string[][] =>
  parse(bytes, { bom, relax_quotes: false, relax_column_count: false, skip_empty_lines: false });

export const readXlsx = (bytes: Buffer) => readXlsxFile(bytes);

/** The PDF's text by poppler's pdftotext (-layout keeps a table row on one line). */
export function pdfText(bytes: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'export-pdf-'));
  try {
    const file = join(dir, 'in.pdf');
    writeFileSync(file, bytes);
    return execFileSync('/usr/bin/pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
