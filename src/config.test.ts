import { describe, expect, it } from 'vitest';
import { ConfigError, defaultAnalyticsMemory, ENV_DOCS, loadConfig } from './config.js';

describe('config', () => {
  it('has working defaults for the embedded database', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      demo: true,
      logLevel: 'info',
      streamRetentionHours: 24,
    });
  });

  it('bounds the analytics memory by default: a quarter of RAM, 256 MiB to 1 GiB; the setting wins', () => {
    const GiB = 2 ** 30;
    expect(defaultAnalyticsMemory(24 * GiB)).toBe('1024MiB');
    expect(defaultAnalyticsMemory(2 * GiB)).toBe('512MiB');
    expect(defaultAnalyticsMemory(0.5 * GiB)).toBe('256MiB');
    expect(loadConfig({}).analytics.memoryLimit).toMatch(/^(256|[3-9]\d\d|10[01]\d|102[0-4])MiB$/);
    expect(loadConfig({ ANALYTICS_MEMORY_LIMIT: '4GB' }).analytics.memoryLimit).toBe('4GB');
  });

  it('turns demo mode off with DATABASE_URL and requires a secret there', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://x@localhost/db' })).toThrow(
      /AUTH_JWT_SECRET or AUTH_JWKS_URL/,
    );
    const c = loadConfig({ DATABASE_URL: 'postgres://x@localhost/db', AUTH_JWT_SECRET: 's'.repeat(32) });
    expect(c.demo).toBe(false);
  });

  it('lists every problem at once', () => {
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        LOG_LEVEL: 'loud',
        DEMO_MODE: 'maybe',
        AUTH_JWT_SECRET: 'short',
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      for (const name of ['PORT', 'DATABASE_URL', 'LOG_LEVEL', 'DEMO_MODE', 'AUTH_JWT_SECRET'])
        expect(problems).toContain(name);
    }
  });

  it('documents every variable it reads', async () => {
    const { readFileSync } = await import('node:fs');
    const source = readFileSync(new URL('./config.ts', import.meta.url), 'utf8');
    const read = new Set([...source.matchAll(/env(?:\.|, ')([A-Z_]+)/g)].map((m) => m[1]));
    const documented = new Set(ENV_DOCS.map((d) => d.name));
    for (const name of read) expect(documented, name).toContain(name);
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const name of documented) expect(readme, name).toContain(`\`${name}\``);
  });
});
