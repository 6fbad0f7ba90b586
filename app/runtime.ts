import { isPostgresUrl } from '../knexfile.ts';
import type { Config } from './config.ts';
import { checkConnection, createDb, migrateLatest, type Db } from './db/knex.ts';
import { keepStatistics } from './db/statistics.ts';
import type { Logger } from './logger.ts';
import { withStartupLock } from './db/startup-lock.ts';
import { createServices, type Services, type ServicesConfig } from './services.ts';
import { SettingsRepository } from './settings/settings.repository.ts';
import { IntegrationsRepository } from './integrations/integrations.repository.ts';
import { loadServerSecrets, type ServerSecrets } from './settings/server-secrets.ts';

export interface Runtime {
  db: Db;
  secrets: ServerSecrets;
  services: Services;
  migrationsApplied: string[];
}

export class DatabaseUnavailableError extends Error {}

const knexConnectionWarning = /^(Acquire connection error|Connection Error): /;

function describeDatabase(databaseUrl: string): string {
  return databaseUrl.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

/** The server secrets stored in the database (made there on first use) and the services over it. */
export async function loadServices(
  db: Db,
  config: Pick<Config, 'sessionSecret' | 'secretPepper'> & ServicesConfig,
): Promise<{ secrets: ServerSecrets; services: Services }> {
  const secrets = await loadServerSecrets(new SettingsRepository(db), new IntegrationsRepository(db), config);
  return { secrets, services: createServices(db, secrets, config) };
}

/**
 * Opens the database, applies pending migrations and loads the server secrets: what both the server and the CLI
 * need. Knex's own warnings go to the given logger. Migrations, secrets and `firstStart` (the server's first admin,
 * setup link and signing key) run under the start-up lock, so instances and CLI runs started together take turns.
 * `prepared`: a server process forked after its primary did all that under the lock opens and loads, nothing more.
 */
export async function openRuntime(
  config: Pick<Config, 'databaseUrl' | 'sessionSecret' | 'secretPepper' | 'databaseTimeoutMs' | 'statementTimeoutMs'> & ServicesConfig,
  logger: Logger,
  options: { firstStart?: (runtime: Runtime) => Promise<void>; prepared?: boolean } = {},
): Promise<Runtime> {
  const log = {
    // A connection that failed or was lost: one per attempt, with a stack, all through an outage (thousands of lines
    // for 20 seconds). The outage itself is logged once (db/availability.ts), and any other cause fails the query.
    warn: (message: unknown) =>
      typeof message === 'string' && knexConnectionWarning.test(message)
        ? logger.debug({ knex: message }, 'knex connection warning')
        : logger.warn({ knex: message }, 'knex warning'),
    error: (message: unknown) => logger.error({ knex: message }, 'knex error'),
    deprecate: (method: string, alternative: string) => logger.warn({ method, alternative }, 'knex deprecation'),
    debug: (message: unknown) => logger.debug({ knex: message }, 'knex debug'),
  };
  const db = createDb(config.databaseUrl, {
    log,
    connectTimeoutMs: config.databaseTimeoutMs,
    statementTimeoutMs: config.statementTimeoutMs,
  });
  try {
    try {
      await checkConnection(db);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new DatabaseUnavailableError(`Não foi possível conectar ao banco de dados ${describeDatabase(config.databaseUrl)}: ${reason}`);
    }
    if (options.prepared) return { db, ...(await loadServices(db, config)), migrationsApplied: [] };
    // The start-up lock's wait for another instance and a long migration must not meet statement_timeout: on
    // PostgreSQL they get a pool of their own without it, closed once started (SQLite has no statement timeout).
    const startup = isPostgresUrl(config.databaseUrl)
      ? createDb(config.databaseUrl, { log, connectTimeoutMs: config.databaseTimeoutMs })
      : db;
    try {
      return await withStartupLock(startup, async () => {
        const migrationsApplied = await migrateLatest(startup);
        await keepStatistics(startup);
        const runtime = { db, ...(await loadServices(db, config)), migrationsApplied };
        await options.firstStart?.(runtime);
        return runtime;
      });
    } finally {
      if (startup !== db) await startup.destroy();
    }
  } catch (err) {
    await db.destroy();
    throw err;
  }
}
