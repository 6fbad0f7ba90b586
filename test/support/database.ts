import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isPostgresUrl } from '../../knexfile.ts';
import { createDb, migrateLatest, type Db } from '../../app/db/knex.ts';

/** The database tests run on: DATABASE_URL when it names PostgreSQL, otherwise SQLite. */
export const testDatabaseUrl = process.env.DATABASE_URL ?? '';
export const onPostgres = isPostgresUrl(testDatabaseUrl);

export interface TestDatabase {
  db: Db;
  /** A DATABASE_URL that reaches the same data from another process (the CLI, a server). */
  url: string;
  destroy(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: a temporary SQLite file, or a schema of its own on PostgreSQL,
 * dropped afterwards. `{ migrated: false }` leaves it empty, as a first start finds it; `postgresUrl` puts the schema
 * in another PostgreSQL database than DATABASE_URL's (the outage tests' own cluster).
 */
export async function createTestDatabase({
  migrated = true,
  postgresUrl = onPostgres ? testDatabaseUrl : undefined,
} = {}): Promise<TestDatabase> {
  if (postgresUrl !== undefined) {
    const schema = `test_${randomBytes(6).toString('hex')}`;
    const admin = createDb(postgresUrl);
    await admin.raw('create schema ??', [schema]);
    await admin.destroy();
    const db = createDb(postgresUrl, { searchPath: schema });
    if (migrated) await migrateLatest(db);
    const url = `${postgresUrl}${postgresUrl.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    return {
      db,
      url,
      async destroy() {
        await db.raw('drop schema ?? cascade', [schema]);
        await db.destroy();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cidades-test-'));
  const url = path.join(dir, 'test.sqlite3');
  const db = createDb(url);
  if (migrated) await migrateLatest(db);
  return {
    db,
    url,
    async destroy() {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every table of the schema but the migrations' own bookkeeping, read from the database itself so none is missed. */
async function tables(db: Db): Promise<string[]> {
  const rows: Array<{ name: string }> = onPostgres
    ? await db('information_schema.tables')
        .where({ table_schema: db.raw('current_schema()') })
        .select('table_name as name')
    : await db('sqlite_master').where({ type: 'table' }).whereNot('name', 'like', 'sqlite_%').select('name');
  return rows.map((row) => row.name).filter((name) => !name.startsWith('knex_migrations'));
}

/** Every row of every table as one string: to prove a value was never stored. */
export async function dumpDatabase(db: Db): Promise<string> {
  const names = await tables(db);
  if (!names.includes('integracoes')) throw new Error(`dumpDatabase could not read the schema's tables (found: ${names.join(', ')})`);
  const parts = await Promise.all(names.map(async (table) => JSON.stringify(await db(table).select('*'))));
  return parts.join('\n');
}
