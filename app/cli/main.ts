import { ConfigError, loadConfig } from '../config.ts';
import { AppError } from '../errors/app-error.ts';
import { setTimeout } from 'node:timers/promises';
import { pino } from 'pino';
import { REVOCATION_SETTLE_MS } from '../oauth/revocation-cache.ts';
import { UnknownMigrationsError } from '../db/knex.ts';
import { DatabaseUnavailableError, openRuntime } from '../runtime.ts';
import { PepperMismatchError } from '../settings/server-secrets.ts';
import { CommandError, UsageError, type Command, type CommandGroup } from './command.ts';
import { dbGroup } from './commands/db.ts';
import { demoGroup } from './commands/demo.ts';
import { keysGroup } from './commands/keys.ts';
import { integrationGroup } from './commands/integration.ts';
import { gestorGroup, memberGroup } from './commands/membership.ts';
import { ugGroup } from './commands/ug.ts';
import { userGroup } from './commands/user.ts';
import { describeAppError, oneLine } from './output.ts';
import { commandUsage, groupUsage, mainUsage } from './usage.ts';

const groups: CommandGroup[] = [ugGroup, userGroup, memberGroup, gestorGroup, integrationGroup, keysGroup, dbGroup, demoGroup];

const EXIT_OK = 0;
const EXIT_ERROR = 1;
const EXIT_USAGE = 2;

const isHelp = (arg: string | undefined) => arg === '--help' || arg === '-h';

function usageError(message: string, usage: string): number {
  process.stderr.write(`erro: ${message}\n\n${usage}`);
  return EXIT_USAGE;
}

/**
 * The command named after the group, and its arguments; a group whose only action is unnamed (`cidades demo`) takes
 * its options right after its name. An exit code when the command line is wrong or asks for the group's help.
 */
function selectCommand(group: CommandGroup, argv: string[]): { command: Command; args: string[] } | number {
  const unnamed = group.commands.find((c) => c.action === '');
  if (unnamed) return { command: unnamed, args: argv };
  const [action, ...args] = argv;
  if (isHelp(action)) {
    process.stdout.write(groupUsage(group));
    return EXIT_OK;
  }
  if (action === undefined) return usageError(`informe a ação de "cidades ${group.name}".`, groupUsage(group));
  const command = group.commands.find((c) => c.action === action);
  if (!command) return usageError(`ação desconhecida: cidades ${group.name} ${action}.`, groupUsage(group));
  return { command, args };
}

async function main(argv: string[]): Promise<number> {
  const [first, second] = argv;
  if (first === undefined) return usageError('informe um comando.', mainUsage(groups));
  if (isHelp(first) || (first === 'help' && second === undefined)) {
    process.stdout.write(mainUsage(groups));
    return EXIT_OK;
  }
  const groupName = first === 'help' ? second : first;
  const group = groups.find((g) => g.name === groupName);
  if (!group) return usageError(`comando desconhecido: ${groupName}.`, mainUsage(groups));
  if (first === 'help') {
    process.stdout.write(groupUsage(group));
    return EXIT_OK;
  }
  const selected = selectCommand(group, argv.slice(1));
  if (typeof selected === 'number') return selected;
  const { command, args } = selected;
  if (args.some(isHelp)) {
    process.stdout.write(commandUsage(group, command));
    return EXIT_OK;
  }

  const run = await command.prepare(args);
  const config = loadConfig();
  // Knex's warnings (e.g. while the database is unreachable) go to stderr, and only at LOG_LEVEL=debug.
  const logger = pino({ level: debugEnabled() ? 'debug' : 'silent' }, pino.destination(2));
  const runtime = await openRuntime(config, logger);
  // Servers are other processes: a command that revoked a secret answers once each has had a poll to read it, so
  // that when it says the old secret stopped working, no server still accepts it.
  runtime.services.revocationAnnouncements.listen((entries) => (entries.length > 0 ? setTimeout(REVOCATION_SETTLE_MS) : undefined));
  try {
    await run(runtime);
  } finally {
    await runtime.db.destroy();
  }
  return EXIT_OK;
}

function debugEnabled(): boolean {
  try {
    return ['debug', 'trace'].includes(loadConfig().logLevel);
  } catch {
    return false;
  }
}

/** Expected errors become one line on stderr; only unexpected ones may show a stack (LOG_LEVEL=debug). */
function report(err: unknown): number {
  if (err instanceof UsageError) {
    process.stderr.write(`erro: ${err.message}\n`);
    return EXIT_USAGE;
  }
  if (err instanceof AppError) {
    process.stderr.write(`erro: ${describeAppError(err)}\n`);
    return EXIT_ERROR;
  }
  if (
    err instanceof CommandError ||
    err instanceof ConfigError ||
    err instanceof DatabaseUnavailableError ||
    err instanceof UnknownMigrationsError ||
    err instanceof PepperMismatchError
  ) {
    process.stderr.write(`erro: ${oneLine(err.message)}\n`);
    return EXIT_ERROR;
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`erro inesperado: ${oneLine(message)}\n`);
  if (err instanceof Error && err.stack && debugEnabled()) process.stderr.write(`${err.stack}\n`);
  return EXIT_ERROR;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  process.exitCode = report(err);
}
