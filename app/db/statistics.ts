import { isPostgres, type Db } from './knex.ts';

/**
 * Has the database take fresh statistics of `tables` (ANALYZE, the same statement on both dialects): after a bulk
 * load, so that its planner knows at once that one UG holds most rows and picks the indexes the data calls for.
 */
export async function refreshStatistics(db: Db, tables: readonly string[]): Promise<void> {
  for (const table of tables) await db.raw('analyze ??', [table]);
}

/**
 * Keeps the planner's statistics current. SQLite never takes them on its own, and without them (or with some of a
 * table's indexes left out, as a new migration's) it picks a list's index by a tie: at a million rows, an aggregator's
 * first page sorted every row of its UGs (80-580 ms instead of 1). `pragma optimize` analyzes just the tables that
 * have no statistics, have an index without them or have grown or shrunk much since (nothing, in a few microseconds,
 * when they are current; 3.4 s for a million contratações never analyzed). PostgreSQL's autovacuum already does it.
 */
export async function keepStatistics(db: Db): Promise<void> {
  // 0x10002: every table, not only those this connection has queried (a server's connection at start has queried none).
  if (!isPostgres(db)) await db.raw('pragma optimize = 0x10002');
}
