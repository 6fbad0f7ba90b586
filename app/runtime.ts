import type { Config } from './config.ts';
import { checkConnection, createDb, migrateLatest, type Db } from './db/knex.ts';
import { createServices, type Services } from './services.ts';
import { SettingsRepository } from './settings/settings.repository.ts';
import { loadServerSecrets, type ServerSecrets } from './settings/server-secrets.ts';

export interface Runtime {
  db: Db;
  secrets: ServerSecrets;
  services: Services;
  migrationsApplied: string[];
}

export class DatabaseUnavailableError extends Error {}

function describeDatabase(databaseUrl: string): string {
  return databaseUrl.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

/** Opens the database, applies pending migrations and loads the server secrets: what both the server and the CLI need. */
export async function openRuntime(config: Pick<Config, 'databaseUrl' | 'sessionSecret' | 'secretPepper'>): Promise<Runtime> {
  const db = createDb(config.databaseUrl);
  try {
    await checkConnection(db);
  } catch (err) {
    await db.destroy();
    const reason = err instanceof Error ? err.message : String(err);
    throw new DatabaseUnavailableError(`Não foi possível conectar ao banco de dados ${describeDatabase(config.databaseUrl)}: ${reason}`);
  }
  const migrationsApplied = await migrateLatest(db);
  const secrets = await loadServerSecrets(new SettingsRepository(db), config);
  return { db, secrets, services: createServices(db, secrets), migrationsApplied };
}
