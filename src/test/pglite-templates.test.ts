/**
 * The global set-up's clean-up of PGlite copies (removeStaleTemplates), in a temporary directory
 * of its own: copies of other fingerprints go once unused for a day, the current ones stay, and
 * nothing it did not name is touched.
 */
import {
  lutimesSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { removeStaleTemplates, STALE_AFTER_MS } from './pglite-templates.js';

const root = mkdtempSync(join(tmpdir(), 'pglite-templates-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const CURRENT = '0123456789abcdef';
const OLD = 'fedcba9876543210';
const OTHER = 'aaaaaaaaaaaaaaaa';
const NOW = Date.parse('2026-12-07T12:00:00Z');
const HOUR = 3_600_000;

/** A file of `dir` whose last use (mtime) was `hoursAgo` before NOW. */
function file(dir: string, name: string, hoursAgo: number): void {
  const path = join(dir, name);
  writeFileSync(path, 'x');
  const at = new Date(NOW - hoursAgo * HOUR);
  utimesSync(path, at, at);
}

it('removes unused copies of other fingerprints and dead half-written ones, nothing else', () => {
  const dir = mkdtempSync(join(root, 'tmp-'));
  // The current copies, however old: never removed (a run with this fingerprint may be reading them).
  file(dir, `crm-timeline-pglite-${CURRENT}-blank.tar`, 72);
  file(dir, `crm-timeline-pglite-${CURRENT}-migrated.tar`, 72);
  // Being written right now by a run with the current fingerprint.
  file(dir, `crm-timeline-pglite-${CURRENT}-migrated.tar.4242.partial`, 0);
  // An earlier set of migrations, unused for two days: stale.
  file(dir, `crm-timeline-pglite-${OLD}-blank.tar`, 48);
  file(dir, `crm-timeline-pglite-${OLD}-migrated.tar`, 48);
  // A writer that died a day and a half ago (current fingerprint or not).
  file(dir, `crm-timeline-pglite-${CURRENT}-blank.tar.17.partial`, 36);
  file(dir, `crm-timeline-pglite-${OLD}-migrated.tar.18.partial`, 36);
  // Another checkout's copies, used an hour ago: its run may still be going.
  file(dir, `crm-timeline-pglite-${OTHER}-blank.tar`, 1);
  file(dir, `crm-timeline-pglite-${OTHER}-migrated.tar`, 1);
  // Not named as this code names its copies, or not a regular file: untouched, however old.
  file(dir, `crm-timeline-pglite-${OLD}-notes.txt`, 100);
  file(dir, `crm-timeline-pglite-${OLD.toUpperCase()}-blank.tar`, 100);
  file(dir, `other-${OLD}-blank.tar`, 100);
  file(dir, `crm-timeline-pglite-${OLD}-blank.tar.bak`, 100);
  const old = new Date(NOW - 100 * HOUR);
  const partialDir = join(dir, `crm-timeline-pglite-${OTHER}-blank.tar.1.partial`);
  mkdirSync(partialDir);
  utimesSync(partialDir, old, old);
  mkdirSync(join(dir, 'outbox-abc'));
  const link = join(dir, `crm-timeline-pglite-${OLD}-blank.tar.2.partial`);
  symlinkSync(join(dir, `crm-timeline-pglite-${OLD}-notes.txt`), link);
  lutimesSync(link, old, old);
  const before = readdirSync(dir).sort();

  const removed = removeStaleTemplates(dir, CURRENT, NOW).sort();

  const expected = [
    `crm-timeline-pglite-${CURRENT}-blank.tar.17.partial`,
    `crm-timeline-pglite-${OLD}-blank.tar`,
    `crm-timeline-pglite-${OLD}-migrated.tar`,
    `crm-timeline-pglite-${OLD}-migrated.tar.18.partial`,
  ].sort();
  expect(removed).toEqual(expected);
  expect(readdirSync(dir).sort()).toEqual(before.filter((name) => !expected.includes(name)));
  // A second run finds nothing more to remove.
  expect(removeStaleTemplates(dir, CURRENT, NOW)).toEqual([]);
});

it('keeps another fingerprint until a full day after its last use', () => {
  const dir = mkdtempSync(join(root, 'tmp-'));
  const name = `crm-timeline-pglite-${OTHER}-blank.tar`;
  file(dir, name, 1);
  const used = NOW - HOUR;
  expect(removeStaleTemplates(dir, CURRENT, used + STALE_AFTER_MS - 1)).toEqual([]);
  expect(removeStaleTemplates(dir, CURRENT, used + STALE_AFTER_MS)).toEqual([name]);
});
