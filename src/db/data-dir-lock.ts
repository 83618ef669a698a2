/**
 * PGlite does not lock its data directory: a second process opening it sees different data and
 * corrupts it. We take an exclusive lock file holding our pid and refuse a second live owner.
 *
 * Every step that decides ownership is atomic on a local file system, so two processes starting at
 * the same moment cannot both get in:
 * - the lock file appears complete, pid included, through `link` (it fails with EEXIST when the
 *   file exists), never empty as `open(…, 'wx')` followed by a write would leave it for a moment;
 * - a stale lock (its pid is dead) is removed only under a short takeover guard created with
 *   `open(…, 'wx')`, and only after reading it again under the guard: two processes that both saw
 *   the stale pid cannot remove the lock the first of them has just taken.
 */
import {
  closeSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

export class DataDirLockedError extends Error {}

const LOCK = 'crm-timeline.lock';
/** A guard older than this was left by a process that died between two system calls. */
const GUARD_ABANDONED_MS = 10_000;
const ATTEMPTS = 50;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const code = (error: unknown) => (error as NodeJS.ErrnoException).code;

/** The content of a lock file (a pid), or undefined when it is gone. */
function readLock(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if (code(error) === 'ENOENT') return undefined;
    throw error;
  }
}

/** Creates `file` holding our pid, atomically; false when it already exists. */
function tryCreate(file: string): boolean {
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  writeFileSync(temp, String(process.pid), { flag: 'wx' });
  try {
    linkSync(temp, file);
    return true;
  } catch (error) {
    if (code(error) === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(temp, { force: true });
  }
}

/** Waits a few ms without yielding: locking is synchronous, and happens once at start. */
const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Removes the stale lock `seen`, if it is still that lock; under the takeover guard. */
export function removeStale(file: string, seen: string): void {
  const guard = `${file}.takeover`;
  let fd: number;
  try {
    fd = openSync(guard, 'wx');
  } catch (error) {
    if (code(error) !== 'EEXIST') throw error;
    // Another process is taking over right now (the caller retries), unless it died doing so.
    try {
      if (Date.now() - statSync(guard).mtimeMs > GUARD_ABANDONED_MS) rmSync(guard, { force: true });
    } catch {}
    pause(5);
    return;
  }
  try {
    writeSync(fd, String(process.pid));
    if (readLock(file) === seen) rmSync(file, { force: true });
  } finally {
    closeSync(fd);
    rmSync(guard, { force: true });
  }
}

/** Locks `dir` for this process; returns the function that releases it. */
export function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, LOCK);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (tryCreate(file)) {
      const onExit = () => {
        if (readLock(file) === String(process.pid)) rmSync(file, { force: true });
      };
      process.once('exit', onExit);
      return () => {
        process.removeListener('exit', onExit);
        onExit();
      };
    }
    const seen = readLock(file);
    if (seen === undefined) continue; // released in between: try again
    const pid = Number(seen);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
      throw new DataDirLockedError(
        `The embedded database in ${dir} is in use by process ${pid}. Stop it first, or set DATABASE_URL to use PostgreSQL for several processes.`,
      );
    }
    removeStale(file, seen); // a dead process's lock, or an unreadable one (always written whole)
  }
  throw new DataDirLockedError(`Could not lock the embedded database directory ${dir}.`);
}
