import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir, removeStale } from './data-dir-lock.js';

const execFileAsync = promisify(execFile);

describe('embedded data directory lock', () => {
  it('refuses a second live owner and frees the directory on release', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lock-'));
    // A live process (the parent of this test worker) holds the lock.
    writeFileSync(join(dir, 'crm-timeline.lock'), String(process.ppid));
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    expect(() => lockDataDir(dir)).toThrow(/in use by process/);
  });

  it('takes over a stale lock left by a dead process', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lock-'));
    const dead = spawnSync(process.execPath, ['-e', 'console.log(process.pid)']).stdout.toString().trim();
    writeFileSync(join(dir, 'crm-timeline.lock'), dead);
    const release = lockDataDir(dir);
    expect(existsSync(join(dir, 'crm-timeline.lock'))).toBe(true);
    release();
    expect(existsSync(join(dir, 'crm-timeline.lock'))).toBe(false);
  });
});

/** Starts `count` processes that all try to lock `dir` at the same instant; how many got it. */
async function raceForLock(dir: string, count: number): Promise<string[]> {
  const module = new URL('./data-dir-lock.ts', import.meta.url).pathname;
  const startAt = Date.now() + 2500; // after every child has loaded tsx and the module
  const script = `
    const { lockDataDir } = await import(${JSON.stringify(module)});
    while (Date.now() < ${startAt}) {}
    let result;
    try { lockDataDir(${JSON.stringify(dir)}); result = 'locked'; } catch (e) { result = e.constructor.name; }
    console.log(result);
    setTimeout(() => {}, 1500); // hold the lock while the others decide
  `;
  const children = Array.from({ length: count }, () =>
    execFileAsync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]),
  );
  return (await Promise.all(children)).map((c) => c.stdout.trim()).sort();
}

describe('embedded data directory lock under concurrent starts', () => {
  it('never removes a lock taken after the stale one was read (the race of two takeovers)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lock-'));
    const file = join(dir, 'crm-timeline.lock');
    const dead = spawnSync(process.execPath, ['-e', 'console.log(process.pid)']).stdout.toString().trim();
    // Both saw the dead pid; the first removed it and took the lock; now the second gets to remove.
    writeFileSync(file, String(process.ppid));
    removeStale(file, dead);
    expect(readFileSync(file, 'utf8')).toBe(String(process.ppid));
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
  });

  it('lets exactly one of several processes starting at once take a free directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lock-'));
    const results = await raceForLock(dir, 4);
    expect(results).toEqual(['DataDirLockedError', 'DataDirLockedError', 'DataDirLockedError', 'locked']);
  }, 30_000);

  it('lets exactly one of them take over a stale lock', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lock-'));
    const dead = spawnSync(process.execPath, ['-e', 'console.log(process.pid)']).stdout.toString().trim();
    writeFileSync(join(dir, 'crm-timeline.lock'), dead);
    const results = await raceForLock(dir, 4);
    expect(results).toEqual(['DataDirLockedError', 'DataDirLockedError', 'DataDirLockedError', 'locked']);
  }, 30_000);
});
