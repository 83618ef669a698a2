/** The CLI commands: each names its options and runs with the validated config. */
import type { ParseArgsConfig } from 'node:util';
import { ROLES, type Role } from '../auth/roles.js';
import { signToken } from '../auth/tokens.js';
import type { Config } from '../config.js';
import { seedDemo } from '../demo/seed.js';
import { purgeAll } from '../retention/purge-all.js';
import { openContext, openMigratedDb } from '../runtime.js';
import { analyticsCommand } from './analytics-commands.js';
import { importCommand } from './import.js';
import { opsCommands } from './ops-commands.js';

export interface Command {
  summary: string;
  usage?: string;
  /** False for commands that neither sign nor check tokens: their config needs no token secret. */
  tokens?: false;
  options?: ParseArgsConfig['options'];
  run(
    config: Config,
    options: Record<string, string | boolean | undefined>,
    args: string[],
  ): Promise<number | undefined>;
}

export const COMMANDS: Record<string, Command> = {
  serve: {
    summary: 'Run the HTTP server (API, live stream, web app).',
    async run(config) {
      // Loaded here: the server's modules take seconds to load, which no other command needs.
      const { serve } = await import('../serve.js');
      await serve(config);
      return undefined;
    },
  },
  migrate: {
    summary: 'Apply pending database migrations and exit.',
    tokens: false,
    async run(config) {
      const { db, applied } = await openMigratedDb(config);
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
      await db.close();
      return 0;
    },
  },
  seed: {
    summary: 'Seed the demo company (--events N, default 55000).',
    usage: 'Usage: crm-timeline seed [--events N]',
    options: { events: { type: 'string' } },
    async run(config, options) {
      const events = options.events === undefined ? 55_000 : Number(options.events);
      if (!Number.isInteger(events) || events < 1 || events > 50_000_000) {
        console.error('--events must be a whole number from 1 to 50000000');
        return 2;
      }
      const ctx = await openContext(config);
      try {
        const n = await seedDemo(ctx.db, {
          events,
          onProgress: (done, total) => process.stdout.write(`\r${done}/${total} events`),
        });
        console.log(n ? `\nSeeded ${n} demo events.` : 'The demo company is seeded already.');
      } finally {
        await ctx.db.close();
      }
      return 0;
    },
  },
  import: importCommand,
  purge: {
    summary: 'Purge now what retention settings no longer keep (soft-deleted and, if set, expired events).',
    async run(config) {
      const ctx = await openContext(config);
      try {
        const purged = await purgeAll(ctx.db);
        const total = [...purged.values()].reduce((a, b) => a + b, 0);
        console.log(`Purged ${total} events in ${purged.size} companies.`);
      } finally {
        await ctx.db.close();
      }
      return 0;
    },
  },
  analytics: analyticsCommand,
  token: {
    summary:
      'Print a signed token (--role R --company ID --user ID [--team ID] [--ttl 12h], at most AUTH_MAX_TOKEN_TTL).',
    usage:
      'Usage: crm-timeline token --role integration --company <uuid> --user <uuid> [--team <uuid>] [--ttl 12h] (default and maximum: AUTH_MAX_TOKEN_TTL)',
    options: {
      role: { type: 'string' },
      company: { type: 'string' },
      user: { type: 'string' },
      team: { type: 'string' },
      ttl: { type: 'string' },
    },
    async run(config, o) {
      const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
      const problems: string[] = [];
      if (!ROLES.includes(o.role as Role)) problems.push(`--role must be one of ${ROLES.join(', ')}`);
      if (!uuid.test(String(o.company))) problems.push('--company must be a uuid');
      if (!uuid.test(String(o.user))) problems.push('--user must be a uuid');
      if (o.team !== undefined && !uuid.test(String(o.team))) problems.push('--team must be a uuid');
      if (problems.length) {
        console.error(problems.join('\n'));
        return 2;
      }
      const ctx = await openContext(config);
      const token = await signToken(
        ctx.secret,
        {
          userId: String(o.user),
          companyId: String(o.company),
          role: o.role as Role,
          teamId: (o.team as string) ?? null,
        },
        String(o.ttl ?? `${config.authMaxTokenTtlSeconds}s`),
      );
      await ctx.db.close();
      // The server refuses longer-lived tokens: say so now rather than with a 401 later.
      const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as {
        exp: number;
        iat: number;
      };
      if (claims.exp - claims.iat > config.authMaxTokenTtlSeconds) {
        console.error(
          `--ttl ${String(o.ttl)} is longer than AUTH_MAX_TOKEN_TTL (${config.authMaxTokenTtlSeconds} s): the server would refuse the token.`,
        );
        return 2;
      }
      console.log(token);
      return 0;
    },
  },
};

// config, backup, restore, and migrate --to-postgres (src/cli/ops-commands.ts).
Object.assign(COMMANDS, opsCommands(COMMANDS));
