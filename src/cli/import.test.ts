import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../config.js';
import { ENGINES } from '../test/engines.js';
import { seedDataDir } from '../test/pglite-templates.js';
import { importCommand } from './import.js';

const dir = mkdtempSync(join(tmpdir(), 'import-cli-'));
seedDataDir(join(dir, 'data'), 'migrated'); // the CLI resumes a copy instead of running initdb

function configFor(engine: string) {
  return loadConfig(
    engine === 'pglite'
      ? { DATA_DIR: join(dir, 'data'), DEMO_MODE: 'false' }
      : {
          DATABASE_URL: process.env.TEST_DATABASE_URL as string,
          AUTH_JWT_SECRET: 'test-secret-that-is-at-least-32-characters-long',
        },
  );
}

function capture() {
  const out: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a) => void out.push(a.join(' ')));
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true); // progress lines
  return out;
}

afterEach(() => {
  vi.restoreAllMocks();
});

for (const engine of ENGINES) {
  describe(`crm-timeline import [${engine}]`, () => {
    // Opens its own database like the real CLI (on PGlite a copy of a migrated one).
    it('imports a file, prints the summary, and refuses bad options with usage', {
      timeout: 120_000,
    }, async () => {
      const file = join(dir, `events-${engine}.ndjson`);
      const row = (i: number) =>
        JSON.stringify({
          external_id: `e${i}`,
          customer_id: randomUUID(),
          user_id: randomUUID(),
          event_type: 'note',
          event_source: 'import',
          event_title: `Note ${i}`,
          event_timestamp: '2025-05-05T05:05:05Z',
        });
      writeFileSync(file, [row(1), row(2), '{"event_type":"note"}'].join('\n'));
      const config = configFor(engine);
      const company = randomUUID();

      let out = capture();
      expect(await importCommand.run(config, { company, batch: '1' }, [file])).toBe(0);
      expect(out.join('\n')).toContain(
        'Rows read: 3\nStored: 2\nDuplicates (stored before, skipped): 0\nRejected: 1',
      );
      expect(out.join('\n')).toContain('line 3: customer_id: is required; user_id: is required');

      vi.restoreAllMocks();
      out = capture();
      expect(await importCommand.run(config, { company }, [file])).toBe(0);
      expect(out.join('\n')).toContain('Stored: 0\nDuplicates (stored before, skipped): 2\nRejected: 1');

      vi.restoreAllMocks();
      out = capture();
      expect(await importCommand.run(config, { batch: '0' }, [join(dir, 'missing.csv')])).toBe(2);
      expect(out.join('\n')).toContain('no such file');
      expect(out.join('\n')).toContain('--company is required');
      expect(out.join('\n')).toContain('--batch must be a whole number from 1 to 5000');
    });
  });
}
