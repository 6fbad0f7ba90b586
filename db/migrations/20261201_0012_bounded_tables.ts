import type { Knex } from 'knex';

/** The portal's sessions, keyed by `column` (the session id itself before this migration, its SHA-256 after). */
async function createSessions(knex: Knex, column: 'sid' | 'sid_hash', length: number): Promise<void> {
  await knex.schema.createTable('sessions', (t) => {
    t.string(column, length).primary();
    t.text('sess').notNullable();
    t.integer('user_id');
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.index(['expires_at']);
    t.index(['user_id']);
  });
}

/**
 * Sessions are stored under the SHA-256 of their id, so a copy of the database holds no live session: the table is
 * made again, and the sessions stored in clear are dropped (everyone signed in signs in again). The audit trail gets
 * an index on its time, for the scheduled clean-up when `AUDIT_RETENTION_DAYS` is set.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.dropTable('sessions');
  await createSessions(knex, 'sid_hash', 64);
  await knex.schema.alterTable('audit_events', (t) => t.index(['created_at']));
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('audit_events', (t) => t.dropIndex(['created_at']));
  await knex.schema.dropTable('sessions');
  await createSessions(knex, 'sid', 128);
}
