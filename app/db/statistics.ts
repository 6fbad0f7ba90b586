import type { Db } from './knex.ts';

/**
 * Has the database take fresh statistics of `tables` (ANALYZE, the same statement on both dialects): after a bulk
 * load, so that its planner knows one UG holds most rows and picks the indexes the data calls for. PostgreSQL's
 * autovacuum would get there on its own, later; SQLite never does.
 */
export async function refreshStatistics(db: Db, tables: readonly string[]): Promise<void> {
  for (const table of tables) await db.raw('analyze ??', [table]);
}
