import knex from 'knex';
import { isPostgres, type Db } from './knex.ts';

const LOCK_NAME = ':cidades-startup';
/** How long a start-up waits for another one on the same SQLite file (SQLite's busy timeout on the lock file). */
const SQLITE_WAIT_MS = 120_000;

/**
 * Runs `work` holding the start-up lock, so instances started together apply migrations and create the first admin,
 * the setup link and the signing key one after another: the later one finds them done. PostgreSQL: a session-level
 * advisory lock keyed by the schema, on one connection kept for the whole work (the work itself uses the pool).
 * SQLite: an exclusive transaction on a lock file beside the database, which the OS releases if the process dies.
 */
export async function withStartupLock<T>(db: Db, work: () => Promise<T>): Promise<T> {
  if (isPostgres(db)) return withAdvisoryLock(db, work);
  const filename = String(db.client.config.connection.filename);
  return filename === ':memory:' ? work() : withLockFile(`${filename}-startup-lock`, work);
}

async function withAdvisoryLock<T>(db: Db, work: () => Promise<T>): Promise<T> {
  const key = "hashtext(coalesce(current_schema(), '') || ?)";
  const connection: unknown = await db.client.acquireConnection();
  try {
    await db.raw(`select pg_advisory_lock(${key})`, [LOCK_NAME]).connection(connection);
    try {
      return await work();
    } finally {
      await db.raw(`select pg_advisory_unlock(${key})`, [LOCK_NAME]).connection(connection);
    }
  } finally {
    await db.client.releaseConnection(connection);
  }
}

async function withLockFile<T>(filename: string, work: () => Promise<T>): Promise<T> {
  const lock = knex({ client: 'better-sqlite3', connection: { filename }, useNullAsDefault: true, pool: { min: 1, max: 1 } });
  try {
    await lock.raw(`pragma busy_timeout = ${SQLITE_WAIT_MS}`);
    await lock.raw('begin exclusive');
    try {
      return await work();
    } finally {
      await lock.raw('rollback');
    }
  } finally {
    await lock.destroy();
  }
}
