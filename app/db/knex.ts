import knex, { type Knex } from 'knex';
import { migrationSource } from '../../db/migrations/index.ts';
import { knexConfig, type DbOptions } from '../../knexfile.ts';

export type Db = Knex;

export function createDb(databaseUrl: string, options: DbOptions = {}): Db {
  return knex(knexConfig(databaseUrl, options));
}

/** Fails with a clear message when the database cannot be reached. */
export async function checkConnection(db: Db): Promise<void> {
  await db.raw('select 1');
}

/** The schema has migrations this release does not know: a later release migrated it, and this one must not run on it. */
export class UnknownMigrationsError extends Error {
  constructor(readonly names: string[]) {
    super(
      `O banco de dados foi migrado por uma versão mais nova do CidadES: tem migrações que esta versão não conhece ` +
        `(${names.join(', ')}). Inicie a versão que as trouxe ou, para voltar a esta, restaure o backup feito antes ` +
        `da atualização (docs/deployment.md, seção 11).`,
    );
  }
}

/** Applies the pending migrations, and returns their names; refuses a schema with migrations it does not know. */
export async function migrateLatest(db: Db): Promise<string[]> {
  const [completed] = (await db.migrate.list({ disableMigrationsListValidation: true })) as [Array<{ name: string }>, unknown];
  const known = new Set((await migrationSource.getMigrations([])).map((migration) => migrationSource.getMigrationName(migration)));
  const unknown = completed.map(({ name }) => name).filter((name) => !known.has(name));
  if (unknown.length > 0) throw new UnknownMigrationsError(unknown);
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
