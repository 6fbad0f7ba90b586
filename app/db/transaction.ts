import type { Db } from './knex.ts';

/** A repository class: built over one database handle, the pool's or a transaction's. */
type RepositoryClass<R> = new (db: Db) => R;

/**
 * Runs `work` in one transaction, handing it the given repositories rebuilt over the transaction: a service names
 * exactly the tables it changes together, and nothing else is built.
 */
export function inTransaction<R extends Record<string, object>, T>(db: Db, repositories: R, work: (repos: R) => Promise<T>): Promise<T> {
  return db.transaction((trx) => {
    const bound = Object.fromEntries(
      Object.entries(repositories).map(([name, repository]) => [name, new (repository.constructor as RepositoryClass<object>)(trx)]),
    );
    return work(bound as R);
  });
}
