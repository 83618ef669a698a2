import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir } from './data-dir-lock.js';

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
