/** `crm-timeline config --check`, and the README's variable table kept equal to ENV_DOCS. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENV_DOCS, loadConfig } from '../config.js';
import { describedVariables } from './config-report.js';
import { runCli } from './run-cli.js';

describe('config --check', () => {
  it('exits 1 listing every bad value', async () => {
    const r = await runCli(['config', '--check'], {
      PORT: 'eighty',
      LOG_LEVEL: 'chatty',
      DATABASE_URL: 'mysql://x@y/z',
      DEMO_MODE: 'perhaps',
    });
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain('Invalid configuration:');
    for (const problem of [
      'PORT="eighty" must be a whole number from 0 to 65535',
      'LOG_LEVEL must be one of',
      'DATABASE_URL must be a postgres:// or postgresql:// URL',
      'DEMO_MODE="perhaps" must be true or false',
    ]) {
      expect(r.err).toContain(problem);
    }
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
  }, 60_000);

  it('keeps the server from starting on a bad value, with the same clear list', async () => {
    const r = await runCli(['serve'], { PORT: '70000', BODY_LIMIT_BYTES: 'lots' });
    expect(r.code).toBe(1);
    expect(r.err).toContain('PORT="70000" must be a whole number from 0 to 65535');
    expect(r.err).toContain('BODY_LIMIT_BYTES="lots" must be a whole number');
    expect(r.err).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('prints the resolved configuration with secrets masked', async () => {
    const secret = 's3cret-'.repeat(6);
    const r = await runCli(['config', '--check'], {
      DATABASE_URL: 'postgres://crm:db-password-1@db.internal:5432/crm',
      AUTH_JWT_SECRET: secret,
      METRICS_TOKEN: 'metrics-token-9',
      PORT: '8080',
    });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Configuration is valid.');
    expect(r.out).toContain('PORT=8080');
    expect(r.out).toContain('DATABASE_URL=postgres://crm:******@db.internal:5432/crm');
    expect(r.out).toContain(`AUTH_JWT_SECRET=****** (set, ${secret.length} characters)`);
    expect(r.out).toContain('DEMO_MODE=false');
    for (const hidden of [secret, 'db-password-1', 'metrics-token-9']) expect(r.out).not.toContain(hidden);
  }, 60_000);

  it('covers every documented variable, and the README documents each of them', () => {
    const names = ENV_DOCS.map((d) => d.name);
    expect(describedVariables(loadConfig({}))).toEqual(names);
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(
      readme.indexOf('## Configuration'),
      readme.indexOf('\n## ', readme.indexOf('## Configuration') + 5),
    );
    const documented = [...section.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]);
    expect(names.filter((n) => !documented.includes(n))).toEqual([]);
    expect(documented.filter((n) => n !== undefined && !names.includes(n))).toEqual([]);
  });
});
