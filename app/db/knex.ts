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

export function isPostgres(db: Db): boolean {
  return db.client.config.client === 'pg';
}

/**
 * A consistent copy of a SQLite database in a new file, taken while servers keep using it (`VACUUM INTO` reads one
 * snapshot and writes a compact file); PostgreSQL is copied with its own tools (pg_dump).
 */
export async function backupSqlite(db: Db, file: string): Promise<void> {
  await db.raw('vacuum into ?', [file]);
}
