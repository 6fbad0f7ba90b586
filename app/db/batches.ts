import type { Knex } from 'knex';
import type { Db } from './knex.ts';

/**
 * Deletes at most `limit` rows of `table` that `where` selects, by their key, and returns how many it deleted: a long
 * backlog is removed in short statements (the scheduled clean-up calls it again until a batch comes back short), so no
 * single one holds its locks for long. The same rows deleted at once by another process are simply not counted twice.
 */
export async function deleteBatch(
  db: Db,
  table: string,
  key: string,
  where: (query: Knex.QueryBuilder) => Knex.QueryBuilder,
  limit: number,
): Promise<number> {
  const batch = where(db(table).select(key)).limit(limit);
  return db(table).whereIn(key, batch).delete();
}
