#!/usr/bin/env node
// Tests per database engine in a vitest JSON report. A test's engine is the `[pglite]` or
// `[postgres]` ending the name of a describe around it (describeEngines in src/test/engines.ts
// names each engine's copy of a suite so, and the few hand-written engine suites follow it); a
// test under no such describe is engine-independent. "ran" is passed + failed; skipped counts
// skipped, todo and pending tests. Reads the report only; runs nothing.
//   TEST_DATABASE_URL=… npx vitest run --reporter=json --outputFile=test-results/vitest.json [files…]
//   node scripts/count-tests.mjs test-results/vitest.json
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

const ENGINE = /\[(pglite|postgres)\]$/;
const NONE = '(no engine)';

const [path] = process.argv.slice(2);
if (!path) {
  console.error('usage: node scripts/count-tests.mjs <vitest JSON report>');
  process.exit(2);
}
const report = JSON.parse(readFileSync(path, 'utf8'));
if (!Array.isArray(report.testResults)) {
  console.error(`${path}: not a vitest JSON report (no testResults)`);
  process.exit(2);
}

/** The innermost describe naming an engine, or NONE. */
function engineOf(test) {
  const named = test.ancestorTitles.findLast((title) => ENGINE.test(title));
  return named ? ENGINE.exec(named)[1] : NONE;
}

const COLUMNS = ['ran', 'passed', 'failed', 'skipped'];
const newCounts = () => ({ ran: 0, passed: 0, failed: 0, skipped: 0, files: new Set() });
const rows = new Map(); // engine → counts
const total = newCounts();
for (const file of report.testResults) {
  for (const test of file.assertionResults) {
    const engine = engineOf(test);
    if (!rows.has(engine)) rows.set(engine, newCounts());
    for (const counts of [rows.get(engine), total]) {
      counts.files.add(file.name);
      if (test.status === 'passed' || test.status === 'failed') {
        counts.ran += 1;
        counts[test.status] += 1;
      } else counts.skipped += 1;
    }
  }
}

const line = (label, cells) => label.padEnd(12) + cells.map((cell) => String(cell).padStart(8)).join('');
const figures = (counts) => [...COLUMNS.map((key) => counts[key]), counts.files.size];
console.log(line('engine', [...COLUMNS, 'files']));
for (const engine of ['pglite', 'postgres', NONE])
  if (rows.has(engine)) console.log(line(engine, figures(rows.get(engine))));
console.log(line('all', figures(total)));
if (!rows.get('postgres')?.ran) console.log('No [postgres] test ran: was TEST_DATABASE_URL set for the run?');
// A file that failed before any test (an import error) has no results: named, or it would vanish.
for (const file of report.testResults)
  if (file.assertionResults.length === 0 && file.status === 'failed')
    console.log(`${relative(process.cwd(), file.name)}: failed before any test (${file.message})`);
