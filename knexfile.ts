import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { migrationSource } from './db/migrations/index.ts';

export interface DbOptions {
  /** PostgreSQL only: schema to use instead of `public` (tests isolate themselves this way). */
  searchPath?: string;
  /** Where Knex's own warnings go (it would print them to stdout otherwise). */
  log?: Knex.Config['log'];
}

export function isPostgresUrl(databaseUrl: string): boolean {
  return /^postgres(ql)?:\/\//.test(databaseUrl);
}

/** Knex configuration for a DATABASE_URL: a postgres:// URL, or a SQLite file path (created if missing). */
export function knexConfig(databaseUrl: string, options: DbOptions = {}): Knex.Config {
  const migrations = { migrationSource, tableName: 'knex_migrations' };
  const log = options.log;
  if (isPostgresUrl(databaseUrl)) {
    return {
      client: 'pg',
      connection: { connectionString: databaseUrl },
      searchPath: options.searchPath ? [options.searchPath] : undefined,
      pool: { min: 0, max: 10 },
      migrations,
      log,
    };
  }
  const filename = databaseUrl.replace(/^sqlite:(\/\/)?/, '');
  if (filename !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(filename)), { recursive: true });
  return {
    client: 'better-sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    // One connection: better-sqlite3 is synchronous, and a single writer avoids SQLITE_BUSY between pooled handles.
    pool: {
      min: 1,
      max: 1,
      afterCreate(conn: { pragma(sql: string): unknown }, done: (err: Error | null, conn: unknown) => void) {
        try {
          conn.pragma('journal_mode = WAL');
          conn.pragma('foreign_keys = ON');
          conn.pragma('busy_timeout = 5000');
          conn.pragma('synchronous = NORMAL');
          done(null, conn);
        } catch (err) {
          done(err as Error, conn);
        }
      },
    },
    migrations,
    log,
  };
}
