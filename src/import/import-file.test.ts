import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Db } from '../db/connect.js';
import { newCompany } from '../test/app.js';
import { describeEngines } from '../test/engines.js';
import { importFile } from './import-file.js';
import { parseMapSpec } from './map-columns.js';
import { openRejectsFile } from './rejects-file.js';

const dir = mkdtempSync(join(tmpdir(), 'import-test-'));
const customer = randomUUID();
const rep = randomUUID();

async function storedRows(db: Db, companyId: string) {
  const { rows } = await sql<{
    external_id: string;
    event_title: string;
    event_timestamp: Date;
    event_data: Record<string, unknown>;
    participants: unknown[];
    duration_minutes: number | null;
    engagement_score: number | null;
  }>`select external_id, event_title, event_timestamp, event_data, participants, duration_minutes, engagement_score
     from crm_activity_events where company_id = ${companyId} order by external_id`.execute(db.kysely);
  return rows;
}

// Line numbers in comments: the header is line 1.
const CSV = [
  'Ref,Call Date,Rep,customer_id,event_type,event_source,event_title,event_data,participants,duration_minutes,engagement_score,Notes',
  `c1,2025-03-01T10:00:00Z,${rep},${customer},call,phone_system,"Renewal, pricing and terms","{""outcome"":""connected"",""thread_id"":""t1""}","[{""email"":""Ann@Example.com""}]",12,0.07,ignored`,
  `c2,2025-03-01T11:00:00Z,${rep},${customer},fax,phone_system,Bad type,,,,,`, // line 3: enum
  `c3,2025-03-01T12:00:00Z,${rep},${customer},call,phone_system,Bad json,{not json},,,,`, // line 4
  `c4,2025-03-01T13:00:00Z,${rep},${customer},call,phone_system`, // line 5: too few cells
  `c5,yesterday,${rep},${customer},call,phone_system,Bad date,,,,,`, // line 6
  `c6,2025-03-01T14:00:00Z,${rep},${customer},email,email,"Multi-line
description title",,,,,`, // lines 7-8
  `c7,2025-03-01T15:00:00Z,not-a-uuid,${customer},call,phone_system,Bad rep,,,abc,,`, // line 9
  `c1,2025-03-01T10:00:00Z,${rep},${customer},call,phone_system,Same ref again,,,,,`, // line 10: duplicate of c1
].join('\n');
const MAP = 'Ref=external_id,Call Date=event_timestamp,Rep=user_id';

const ndjsonRow = (ext: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    external_id: ext,
    customer_id: customer,
    user_id: rep,
    event_type: 'chat',
    event_source: 'chat',
    event_title: `Chat ${ext}`,
    event_timestamp: '2025-04-01T09:00:00.000Z',
    ...extra,
  });

describeEngines('import', (t) => {
  it('imports a CSV with a column map, reports bad rows by line and field, and a re-run stores nothing twice', async () => {
    const co = newCompany();
    const file = join(dir, `calls-${co.id}.csv`);
    writeFileSync(file, CSV);
    const options = { file, format: 'csv' as const, map: parseMapSpec(MAP), batchSize: 2 };
    const first = await importFile(co.scope(t.db), options);
    expect(first).toMatchObject({
      read: 8,
      stored: 2,
      duplicates: 1,
      rejected: 5,
      ignoredColumns: ['Notes'],
    });
    const reasons = first.reasons.map((r) => [r.line, r.problems[0]?.field, r.problems[0]?.message]);
    expect(reasons).toEqual([
      [3, 'event_type', expect.stringContaining('must be one of: call, email')],
      [4, 'event_data', expect.stringContaining('is not valid JSON')],
      [5, 'row', 'has 6 cells but the header has 12'],
      [6, 'event_timestamp (column "Call Date")', 'must match format "date-time"'],
      [9, 'user_id (column "Rep")', 'must match format "uuid"'],
    ]);
    // Line 9 has two problems, both named.
    expect(first.reasons[4]?.problems).toEqual([
      { field: 'user_id (column "Rep")', message: 'must match format "uuid"' },
      { field: 'duration_minutes', message: 'must be integer' },
    ]);

    const rows = await storedRows(t.db, co.id);
    expect(rows.map((r) => r.external_id)).toEqual(['c1', 'c6']);
    expect(rows[0]).toMatchObject({
      event_title: 'Renewal, pricing and terms',
      event_data: { outcome: 'connected', thread_id: 't1' },
      participants: [{ email: 'ann@example.com' }],
      duration_minutes: 12,
      engagement_score: 0.07, // a multiple of 0.01 that floating point division gets wrong
    });
    expect(new Date(rows[0]?.event_timestamp ?? 0).toISOString()).toBe('2025-03-01T10:00:00.000Z');
    expect(rows[1]?.event_title).toBe('Multi-line\ndescription title');

    const again = await importFile(co.scope(t.db), options);
    expect(again).toMatchObject({ read: 8, stored: 0, duplicates: 3, rejected: 5 });
    expect(await storedRows(t.db, co.id)).toHaveLength(2);
  });

  it('imports NDJSON, rejects malformed lines and unknown fields, and writes every reject to a file', async () => {
    const co = newCompany();
    const file = join(dir, `chats-${co.id}.ndjson`);
    const lines = [
      ndjsonRow('n1'),
      '{"external_id": "n2", oops',
      '',
      ndjsonRow('n3', { mood: 'great' }),
      '[1,2]',
      ndjsonRow('n4', { priority: 'urgent', participants: [{ email: 'Bo@x.io', role: 'from' }] }),
      ...Array.from({ length: 25 }, (_, i) => ndjsonRow(`bulk-${i}`)),
    ];
    writeFileSync(file, `${lines.join('\n')}\n`);
    const rejectsPath = join(dir, `rejects-${co.id}.ndjson`);
    const rejects = openRejectsFile(rejectsPath, 'ndjson');
    const summary = await importFile(co.scope(t.db), {
      file,
      format: 'ndjson',
      map: new Map(),
      batchSize: 10,
      keepReasons: 2,
      rejects,
    });
    await rejects.close();
    expect(summary).toMatchObject({ read: 30, stored: 27, duplicates: 0, rejected: 3 });
    expect(summary.reasons).toHaveLength(2); // only the first N are kept for the summary
    expect(summary.reasons[0]).toMatchObject({ line: 2, problems: [{ field: 'row' }] });
    expect(summary.reasons[0]?.problems[0]?.message).toMatch(/^is not valid JSON/);
    expect(summary.reasons[1]).toEqual({
      line: 4,
      problems: [{ field: 'mood', message: 'is not a known field' }],
    });

    const written = readFileSync(rejectsPath, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(written.map((w) => [w.line, w.reason])).toEqual([
      [2, expect.stringMatching(/^row: is not valid JSON/)],
      [4, 'mood: is not a known field'],
      [5, 'row: must be a JSON object'],
    ]);
    expect(written[0].record).toBe('{"external_id": "n2", oops');
    expect(written[1].record).toMatchObject({ external_id: 'n3', mood: 'great' });
    const rows = await storedRows(t.db, co.id);
    expect(rows).toHaveLength(27);
    expect(rows.find((r) => r.external_id === 'n4')?.participants).toEqual([
      { email: 'bo@x.io', role: 'from' },
    ]);
  });

  it('writes CSV rejects as the original cells plus line and reason', async () => {
    const co = newCompany();
    const file = join(dir, `small-${co.id}.csv`);
    writeFileSync(
      file,
      `external_id,customer_id,user_id,event_type,event_source,event_title,event_timestamp\nx1,${customer},${rep},call,phone_system,"Hello, world",2025-01-01T00:00:00Z\nx2,${customer},${rep},call,nowhere,"Bad, source",2025-01-01T00:00:00Z\n`,
    );
    const rejectsPath = join(dir, `small-rejects-${co.id}.csv`);
    const rejects = openRejectsFile(rejectsPath, 'csv');
    const summary = await importFile(co.scope(t.db), {
      file,
      format: 'csv',
      map: new Map(),
      batchSize: 100,
      rejects,
    });
    await rejects.close();
    expect(summary).toMatchObject({ read: 2, stored: 1, rejected: 1 });
    const [head, row] = readFileSync(rejectsPath, 'utf8').trim().split('\n');
    expect(head).toBe(
      'external_id,customer_id,user_id,event_type,event_source,event_title,event_timestamp,line,reject_reason',
    );
    expect(row).toMatch(
      /^x2,.*,nowhere,"Bad, source",2025-01-01T00:00:00Z,3,"event_source: must be one of: phone_system, /,
    );
  });
  it('stops at a CSV syntax error, keeping the rows before it, and names the line; a BOM is no problem', async () => {
    const co = newCompany();
    const file = join(dir, `broken-${co.id}.csv`);
    const row = (ext: string, title: string) =>
      `${ext},${customer},${rep},note,manual,${title},2025-02-02T02:02:02Z`;
    writeFileSync(
      file,
      `\uFEFFexternal_id,customer_id,user_id,event_type,event_source,event_title,event_timestamp\n${row('b1', 'One')}\n${row('b2', '"Two"x')}\n${row('b3', 'Three')}\n`,
    );
    const summary = await importFile(co.scope(t.db), { file, format: 'csv', map: new Map(), batchSize: 100 });
    expect(summary).toMatchObject({ read: 1, stored: 1, rejected: 0 });
    expect(summary.stopped).toMatch(/Invalid Closing Quote.*line 3/);
    expect((await storedRows(t.db, co.id)).map((r) => r.external_id)).toEqual(['b1']);
  });
});

describe('parseMapSpec', () => {
  it('maps columns to fields and refuses unknown fields and malformed entries', () => {
    expect([...parseMapSpec('Call Date=event_timestamp, Rep=user_id')]).toEqual([
      ['Call Date', 'event_timestamp'],
      ['Rep', 'user_id'],
    ]);
    expect(() => parseMapSpec('Rep=owner')).toThrow('"owner" is not an event field');
    expect(() => parseMapSpec('user_id')).toThrow('must look like "Column name=event_field"');
  });
});
