import type { Knex } from 'knex';

/**
 * The counters of failed client authentication and of sign-in attempts (app/limits/limiter.ts, rate-limiter-flexible's
 * PostgreSQL and SQLite stores over Knex), shared by every process and instance. The library's own table layout (a longer key: e-mails are up to 254 characters), in
 * its column order (its PostgreSQL insert names no columns): `expire` is epoch milliseconds.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('auth_limits', (t) => {
    t.string('key', 512).primary();
    t.integer('points').notNullable().defaultTo(0);
    t.bigInteger('expire');
    // Each process reads the keys blocked now about once a second (activeBlocks).
    t.index(['expire']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('auth_limits');
}
