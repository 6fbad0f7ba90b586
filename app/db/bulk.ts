import { isPostgres, type Db } from './knex.ts';

/** What a bulk load uses of a better-sqlite3 connection. */
interface SqliteConnection {
  prepare(sql: string): { run(params: unknown[]): unknown };
}

/**
 * Rows per SQLite statement. A trigger's writes to an FTS5 table are flushed at the end of each statement (the
 * statement's savepoint), so one row per statement cost 140 µs a row with contratações' search index and 500 rows
 * cost 17; 500 rows of 27 columns are 13,500 values, well under SQLite's 32,766.
 */
const SQLITE_ROWS_PER_STATEMENT = 500;

/**
 * SQLite's page cache during a bulk load, in KiB: room for the indexes the rows go into. With the default 16 MB, a
 * million contratações took 11 minutes, each row's index entries falling on pages the cache had just dropped.
 */
const SQLITE_BULK_CACHE_KIB = 256 * 1024;

/** Runs `work`, a bulk load of many bulkInsert calls, with SQLite's larger page cache (restored after it). */
export async function bulkLoad<T>(db: Db, work: () => Promise<T>): Promise<T> {
  if (isPostgres(db)) return work();
  const [setting] = (await db.raw('pragma cache_size')) as Array<{ cache_size: number }>;
  await db.raw(`pragma cache_size = -${SQLITE_BULK_CACHE_KIB}`);
  try {
    return await work();
  } finally {
    await db.raw(`pragma cache_size = ${Number(setting?.cache_size)}`);
  }
}

/** A value as better-sqlite3 binds it, the way Knex's own SQLite dialect converts it. */
function sqliteValue(value: unknown): unknown {
  if (value instanceof Date) return value.valueOf();
  if (typeof value === 'boolean') return Number(value);
  return value;
}

/**
 * Inserts many rows of one shape (the keys of the first) as fast as each database takes them: PostgreSQL reads every
 * row from one JSON parameter (`json_populate_recordset`), half the cost of the same rows as bound values; SQLite runs
 * a prepared statement of SQLITE_ROWS_PER_STATEMENT rows again and again on the connection `db` holds (a
 * transaction's, so they commit together), where Knex would prepare each statement again, which costs as much as the
 * insert itself. Measured on the demo's contratações.
 */
export async function bulkInsert(db: Db, table: string, rows: ReadonlyArray<Record<string, unknown>>): Promise<void> {
  const [first] = rows;
  if (!first) return;
  const columns = Object.keys(first);
  if (isPostgres(db)) {
    await db.raw('insert into ?? (??) select ?? from json_populate_recordset(null::??, ?)', [
      table,
      columns,
      columns,
      table,
      JSON.stringify(rows),
    ]);
    return;
  }
  const connection = (await db.client.acquireConnection()) as SqliteConnection;
  try {
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    const statement = (count: number) =>
      connection.prepare(
        `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${Array(count).fill(tuple).join(', ')}`,
      );
    const size = Math.min(SQLITE_ROWS_PER_STATEMENT, rows.length);
    const full = statement(size);
    for (let start = 0; start < rows.length; start += size) {
      const chunk = rows.slice(start, start + size);
      const values = chunk.flatMap((row) => columns.map((c) => sqliteValue(row[c])));
      (chunk.length === size ? full : statement(chunk.length)).run(values);
    }
  } finally {
    await db.client.releaseConnection(connection);
  }
}
