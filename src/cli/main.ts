/** `crm-timeline <command>`: serve, migrate, seed, import, token. */
import { parseArgs } from 'node:util';
import { ReplicaDirError } from '../analytics/replica/replica-dir-error.js';
import { ConfigError, loadConfig } from '../config.js';
import { DataDirLockedError } from '../db/data-dir-lock.js';
import { MigrationError } from '../db/migrate.js';
import { COMMANDS } from './commands.js';

const USAGE = `Usage: crm-timeline <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`)
  .join('\n')}

Configuration comes from environment variables (see README).`;

async function main(argv: string[]) {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${USAGE}`);
    return 2;
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: rest, options: command.options ?? {}, allowPositionals: true, strict: true });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${command.usage ?? USAGE}`);
    return 2;
  }
  const config = loadConfig(process.env, { tokens: command.tokens ?? true });
  return (
    (await command.run(
      config,
      parsed.values as Record<string, string | boolean | undefined>,
      parsed.positionals,
    )) ?? 0
  );
}

try {
  const code = await main(process.argv.slice(2));
  if (code !== 0) process.exit(code);
} catch (error) {
  if (
    error instanceof ConfigError ||
    error instanceof DataDirLockedError ||
    error instanceof MigrationError ||
    error instanceof ReplicaDirError
  ) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
