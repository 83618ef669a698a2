/**
 * Copies of an embedded database that the unit suite's PGlite databases start from: a new PGlite
 * runs initdb (two WebAssembly instances; 4 to 9 s on the busy 2-core CI machine), paid by every
 * test file and by every test making a database of its own, while loading a copy takes about 1 s.
 * The global set-up (global-setup.ts) makes them once: `blank` right after initdb, `migrated` with
 * every migration applied. They are kept in the temporary directory under a name hashing what they
 * depend on (PGlite's version, the migrations and their runner), so later runs reuse them. A test
 * database still runs migrate() on its copy, which then finds nothing to apply.
 * Copies of other fingerprints (earlier migrations, another checkout's) are removed once nobody
 * has used them for a day (removeStaleTemplates).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import { type Db, openDb } from '../db/connect.js';
import { listMigrations, MIGRATIONS_DIR, migrate } from '../db/migrate.js';

export type TemplateKind = 'blank' | 'migrated';
/** Paths of the copies; '' when not made (no PGlite in this run). */
export type PgliteTemplates = Record<TemplateKind, string>;

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplates: PgliteTemplates;
  }
}

/** What a copy depends on: a change to any of these makes new ones. */
function fingerprint(): string {
  const hash = createHash('sha256');
  const pglite = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  hash.update(readFileSync(join(dirname(pglite), '..', 'package.json')));
  hash.update(readFileSync(fileURLToPath(new URL('../db/migrate.ts', import.meta.url))));
  for (const name of listMigrations()) hash.update(name).update(readFileSync(join(MIGRATIONS_DIR, name)));
  return hash.digest('hex').slice(0, 16);
}

/** Names of the copies: `<PREFIX><fingerprint>-<kind>.tar`, and `….tar.<pid>.partial` while written. */
const PREFIX = 'crm-timeline-pglite-';
const COPY_NAME = new RegExp(`^${PREFIX}([0-9a-f]{16})-(?:blank|migrated)\\.tar(\\.\\d+\\.partial)?$`);
/**
 * How long copies of another fingerprint are kept after their last use, ms. A run marks its copies
 * as used at set-up and its test processes read them until it ends (the whole suite takes
 * minutes), so a run of another checkout under way keeps its copies; only a watch session left
 * open for more than a day would find them gone (restarting it makes them again).
 */
export const STALE_AFTER_MS = 24 * 3_600_000;

/**
 * Removes from `dir` the copies this module made whose fingerprint is not `current` and that were
 * not used for `staleAfterMs`, and half-written ones of any fingerprint as old (their writer has
 * died). Only regular files named as above; the current finished copies are never removed, however
 * old. Returns the names removed.
 */
export function removeStaleTemplates(
  dir: string,
  current: string,
  now = Date.now(),
  staleAfterMs = STALE_AFTER_MS,
): string[] {
  const removed: string[] = [];
  for (const name of readdirSync(dir)) {
    const match = COPY_NAME.exec(name);
    const currentCopy = match?.[1] === current && !match[2];
    if (!match || currentCopy) continue;
    const path = join(dir, name);
    try {
      const stat = lstatSync(path);
      if (!stat.isFile() || now - stat.mtimeMs < staleAfterMs) continue;
      unlinkSync(path);
      removed.push(name);
    } catch {
      // Removed meanwhile by another run, or another user's file (sticky /tmp): not ours to clean.
    }
  }
  return removed;
}

/** Sets the copies' time to now: runs of other checkouts remove copies only a day after their last use. */
function markUsed(paths: string[]): void {
  const now = new Date();
  for (const path of paths) {
    try {
      utimesSync(path, now, now);
    } catch {
      // Another user's copy (readable, not ours to mark): that user's runs keep it.
    }
  }
}

async function dump(db: Db, path: string): Promise<void> {
  const tarball = await (db.pglite as NonNullable<Db['pglite']>).dumpDataDir('none');
  // Written aside and renamed: runs sharing the temporary directory never read half a file.
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, Buffer.from(await tarball.arrayBuffer()));
  renameSync(partial, path);
}

/** Makes the copies unless this machine has them already, and removes stale ones (global set-up). */
export async function preparePgliteTemplates(): Promise<PgliteTemplates> {
  const current = fingerprint();
  removeStaleTemplates(tmpdir(), current);
  const base = join(tmpdir(), `${PREFIX}${current}`);
  const paths: PgliteTemplates = { blank: `${base}-blank.tar`, migrated: `${base}-migrated.tar` };
  if (existsSync(paths.blank) && existsSync(paths.migrated)) {
    markUsed(Object.values(paths));
    return paths;
  }
  const db = await openDb({ engine: 'pglite' });
  try {
    await dump(db, paths.blank);
    await migrate(db);
    await dump(db, paths.migrated);
  } finally {
    await db.close();
  }
  return paths;
}

const loaded = new Map<TemplateKind, Blob>();

/** The copy for this test process, or undefined when the run made none (then a new database is made). */
export function pgliteTemplate(kind: TemplateKind): Blob | undefined {
  const path = inject('pgliteTemplates')?.[kind];
  if (!path) return undefined;
  let blob = loaded.get(kind);
  if (!blob) {
    blob = new Blob([readFileSync(path)]);
    loaded.set(kind, blob);
  }
  return blob;
}

/**
 * Puts the copy into a PGlite data directory (DATA_DIR) for a server or CLI process the test
 * starts, which then resumes it instead of running initdb. Without a copy it does nothing (the
 * process makes a new database).
 */
export function seedDataDir(dataDir: string, kind: TemplateKind): void {
  const path = inject('pgliteTemplates')?.[kind];
  if (!path) return;
  const pgdata = join(dataDir, 'pgdata'); // where db/connect.ts keeps it
  mkdirSync(pgdata, { recursive: true });
  // The entries are absolute (/base/…): tar makes them relative to -C, with a warning on stderr.
  execFileSync('tar', ['-xf', path, '-C', pgdata], { stdio: 'ignore' });
}
