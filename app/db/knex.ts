import knex, { type Knex } from 'knex';
import { knexConfig, type DbOptions } from '../../knexfile.ts';

export type Db = Knex;

export function createDb(databaseUrl: string, options: DbOptions = {}): Db {
  return knex(knexConfig(databaseUrl, options));
}

/** Fails with a clear message when the database cannot be reached. */
export async function checkConnection(db: Db): Promise<void> {
  await db.raw('select 1');
}

export async function migrateLatest(db: Db): Promise<string[]> {
  const [, applied] = (await db.migrate.latest()) as [number, string[]];
  return applied;
}
