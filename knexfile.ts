import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { migrationSource } from './db/migrations/index.ts';

export interface DbOptions {
  /** PostgreSQL only: schema to use instead of `public` (tests isolate themselves this way). */
  searchPath?: string;
  /** Where Knex's own warnings go (it would print them to stdout otherwise). */
  log?: Knex.Config['log'];
  /**
   * How long a query waits for a connection: from the pool, a new PostgreSQL connection, SQLite's busy lock. Past it
   * the query fails (the server answers 503) instead of waiting as long as the database is away.
   */
  connectTimeoutMs?: number;
  /**
   * PostgreSQL only: each connection's `statement_timeout`, and the client's own limit a second later (a frozen server
   * answers nothing, not even its timeout). None when unset: migrations and the start-up lock may take long.
   */
  statementTimeoutMs?: number;
}

/** DATABASE_TIMEOUT_MS's default. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

/** What the statement cache uses of a better-sqlite3 connection. */
export interface SqliteConnection {
  pragma(sql: string): unknown;
  prepare(sql: string): unknown;
}

/** How many prepared statements each SQLite connection keeps (the least recently used goes first). */
const SQLITE_STATEMENT_CACHE = 256;

/**
 * Knex prepares every query again on better-sqlite3 (its `_query` calls `prepare` each time), which costs as much as
 * running a page's query and compiles a new row constructor each time: the connection keeps its prepared statements by
 * SQL text instead. A statement is reset after each `all`/`run` Knex calls, and SQLite prepares it again by itself
 * after a schema change (better-sqlite3 then rebuilds its row shape), so a kept statement runs as a new one would
 * (no query sets Knex's `safeIntegers` option, which would stay on a kept statement). Least recently used first out:
 * the statements every request runs stay however many one-off statements (a last-use write's IN list) pass through.
 */
export function cachePreparedStatements(conn: SqliteConnection, maxStatements = SQLITE_STATEMENT_CACHE): void {
  const prepare = conn.prepare.bind(conn);
  const statements = new Map<string, unknown>();
  conn.prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = prepare(sql);
      // A Map keeps insertion order: its first key is the least recently used.
      if (statements.size >= maxStatements) statements.delete(statements.keys().next().value as string);
    } else {
      statements.delete(sql);
    }
    statements.set(sql, statement);
    return statement;
  };
}

export function isPostgresUrl(databaseUrl: string): boolean {
  return /^postgres(ql)?:\/\//.test(databaseUrl);
}

/** Knex configuration for a DATABASE_URL: a postgres:// URL, or a SQLite file path (created if missing). */
export function knexConfig(databaseUrl: string, options: DbOptions = {}): Knex.Config {
  const migrations = { migrationSource, tableName: 'knex_migrations' };
  const { log, connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS, statementTimeoutMs } = options;
  if (isPostgresUrl(databaseUrl)) {
    const statements = statementTimeoutMs ? { statement_timeout: statementTimeoutMs, query_timeout: statementTimeoutMs + 1_000 } : {};
    return {
      client: 'pg',
      connection: { connectionString: databaseUrl, connectionTimeoutMillis: connectTimeoutMs, ...statements },
      searchPath: options.searchPath ? [options.searchPath] : undefined,
      pool: { min: 0, max: 10 },
      acquireConnectionTimeout: connectTimeoutMs,
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
    acquireConnectionTimeout: connectTimeoutMs,
    pool: {
      min: 1,
      max: 1,
      afterCreate(conn: SqliteConnection, done: (err: Error | null, conn: unknown) => void) {
        try {
          cachePreparedStatements(conn);
          conn.pragma('journal_mode = WAL');
          conn.pragma('foreign_keys = ON');
          conn.pragma(`busy_timeout = ${connectTimeoutMs}`);
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
