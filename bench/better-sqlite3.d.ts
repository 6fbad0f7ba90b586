/** The part of better-sqlite3's API bench/list-bare.ts uses (the app reaches it only through knex; no types installed). */
declare module 'better-sqlite3' {
  namespace Database {
    interface Statement<Params extends unknown[], Row> {
      all(...params: Params): Row[];
      get(...params: Params): Row | undefined;
      /** The statement returning each row's first column instead of the row. */
      pluck(): Statement<Params, Row>;
    }

    interface Options {
      readonly?: boolean;
    }
  }

  class Database {
    constructor(filename: string, options?: Database.Options);
    prepare<Params extends unknown[], Row>(sql: string): Database.Statement<Params, Row>;
  }

  export default Database;
}
