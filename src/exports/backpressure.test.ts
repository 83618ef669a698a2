/**
 * Exports read no further ahead than their consumer takes: a CSV export of an endless table
 * whose reader has stopped pulls only about a chunk's worth of rows, and pulls more as it is read.
 * (Unbounded buffering — a renderer ignoring backpressure — would read the table to the end: here,
 * forever.) bench/export-memory.ts measures the memory of a real export.
 */
import { Writable } from 'node:stream';
import { expect, it } from 'vitest';
import { renderTable } from './render.js';
import type { ExportRow, TableSpec } from './table.js';

function endlessTable(): { spec: TableSpec; pulled: () => number } {
  let n = 0;
  async function* rows(): AsyncGenerator<ExportRow> {
    for (;;) {
      n++;
      yield { id: `row-${n}`, title: 'A title of some forty characters, quoted', n };
      if (n % 100 === 0) await new Promise((r) => setImmediate(r));
    }
  }
  const spec: TableSpec = {
    title: 'Endless',
    generatedAt: new Date(),
    timeZone: 'UTC',
    columns: [
      { key: 'id', label: 'Id', type: 'text' },
      { key: 'title', label: 'Title', type: 'text' },
      { key: 'n', label: 'N', type: 'number' },
    ],
    rows: rows(),
  };
  return { spec, pulled: () => n };
}

const settle = () => new Promise((r) => setTimeout(r, 300));

/** Waits until no row has been pulled for 500 ms (at most 10 s): reading stopped, or never will. */
async function quiet(pulled: () => number) {
  const until = Date.now() + 10_000;
  let before = -1;
  while (pulled() !== before && Date.now() < until) {
    before = pulled();
    await new Promise((r) => setTimeout(r, 500));
  }
}

// CSV only: XLSX output is deflated, so a stalled consumer lets its renderer run on until ~512 KiB
// of *compressed* output waits (xlsx.ts waits on the zip's input and on the output every 100 rows)
// — bounded in bytes, tens of thousands of rows; not a row count this test can bound cheaply.
// xlsx.test.ts and bench/export-ab.ts (live heap, external memory) cover the XLSX side.
for (const format of ['csv'] as const) {
  it(`${format}: a stalled consumer stops the reading of rows; reading resumes it`, async () => {
    const { spec, pulled } = endlessTable();
    const out = renderTable(format, spec);
    // A consumer that takes one chunk and then stalls (never calls back), like a slow socket.
    let taken = 0;
    let stalled: (() => void) | undefined;
    const sink = new Writable({
      highWaterMark: 16 * 1024,
      write(_chunk, _enc, done) {
        taken++;
        stalled = done;
      },
    });
    out.pipe(sink);
    // On a busy machine the renderer may take a while to reach the stall: wait for reading to stop.
    await quiet(pulled);
    const first = pulled();
    await settle();
    // Nothing more is read while the consumer stalls: a bounded number of rows (about a chunk).
    expect(pulled()).toBe(first);
    expect(first).toBeLessThan(20_000);
    stalled?.();
    await settle();
    expect(taken).toBeGreaterThan(1);
    expect(pulled()).toBeGreaterThan(first);
    out.destroy();
  });
}
